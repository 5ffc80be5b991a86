/**
 * Block emission and its halving schedule. Mirrors subtensor
 * `pallets/subtensor/src/coinbase/block_emission.rs::get_block_emission_for_issuance` and the
 * 21M cap of `coinbase/tao.rs::mint_tao` (shared/spec/economics.md §2):
 *
 *   issuance ≥ TotalSupply                      → 0
 *   residual = log2(1 / (1 − issuance / 21e15))  (I96F32)
 *   k        = floor(residual)
 *   emission = floor((1 / 2^k) · DefaultBlockEmission)   = 1e9 >> k for k ≤ 32, else 0
 *   minted   = min(emission, 21e15 − issuance)
 *
 * The same curve gives each subnet's alpha emission from its alpha issuance A_i = x_i + o_i.
 */
import { type AlphaRao, type TaoRao, alphaRao, minBig, satSub, taoRao } from '../../core/units.js';
import { DEFAULT_BLOCK_EMISSION, TOTAL_SUPPLY } from './constants.js';

const FRAC = 32n;
const ONE = 1n << FRAC;

/**
 * k = ⌊log2(1 / (1 − issuance/21e15))⌋ with the chain's I96F32 truncations of the quotient and
 * the reciprocal. SIM-DIVERGENCE: substrate_fixed's `log2` approximates the fractional part; only
 * its integer part matters here and we take it exactly from the leading bit, so an issuance within
 * ~21e15/2^32 rao (≈0.005 TAO) below a halving threshold may step one block earlier or later than
 * on the chain.
 */
function halvings(issuance: bigint): bigint {
  const ratio = (issuance << FRAC) / TOTAL_SUPPLY; // issuance / (2 · 10.5e15), truncated
  const reciprocal = (ONE << FRAC) / (ONE - ratio); // 1 / (1 − ratio), truncated
  return BigInt(reciprocal.toString(2).length) - 1n - FRAC;
}

/** `get_block_emission_for_issuance`: the per-block emission in rao for an issuance in rao. */
export function blockEmissionForIssuance(issuance: bigint): bigint {
  if (issuance < 0n) throw new RangeError(`issuance ${issuance} is negative`);
  if (issuance >= TOTAL_SUPPLY) return 0n;
  const k = halvings(issuance);
  const percentage = k > FRAC ? 0n : ONE >> k; // I96F32(1) / 2^k
  return (percentage * DEFAULT_BLOCK_EMISSION) >> FRAC;
}

/** TAO emission of the next block from `TotalIssuance`, capped so issuance never passes 21M. */
export function blockEmission(totalIssuance: TaoRao): TaoRao {
  return taoRao(minBig(blockEmissionForIssuance(totalIssuance), satSub(TOTAL_SUPPLY, totalIssuance)));
}

/** A subnet's alpha emission per block from its alpha issuance (x_i + o_i), before injection. */
export function alphaBlockEmission(alphaIssuance: AlphaRao): AlphaRao {
  return alphaRao(blockEmissionForIssuance(alphaIssuance));
}
