/**
 * EMA price update. Mirrors subtensor `pallets/subtensor/src/staking/stake_utils.rs::
 * update_moving_price` (shared/spec/economics.md §3.3), run once per block after the coinbase for
 * each subnet in `to_emit`, with the spot price after this block's injection and chain buys:
 *
 *   b      = block − (FirstEmissionBlockNumber − 1)          (saturating; U64F64)
 *   α_eff  = SubnetMovingAlpha · (b / (b + H))               (U64F64; the quotient truncated first)
 *   p̄_new  = α_eff · min(spot, 1) + (1 − α_eff) · p̄_old      (U64F64, each product floored)
 *   SubnetMovingPrice = I96F32(p̄_new)                        (extra fraction bits dropped)
 *
 * The warm-up b/(b+H) keeps a young subnet's EMA (and so its emission share) near 0.
 */
import { I96F32, U64F64, convert, fromInt, mul, one, safeDiv, satAdd, satSubF } from '../../core/fixed.js';
import { minBig, satSub } from '../../core/units.js';

export interface MovingPriceInput {
  /** Stored `SubnetMovingPrice`, I96F32 raw. Pass I96F32(1) for a mechanism-0 (stable) subnet. */
  readonly movingPrice: bigint;
  /** `current_alpha_price` after this block's injection, U64F64 raw. */
  readonly spotPrice: bigint;
  readonly block: bigint;
  /** `FirstEmissionBlockNumber` (start_call block + 1). */
  readonly firstEmissionBlock: bigint;
  /** `SubnetMovingAlpha`, I96F32 raw (chain default DEFAULT_MOVING_ALPHA). */
  readonly movingAlpha: bigint;
  /** `EMAPriceHalvingBlocks` (chain default DEFAULT_EMA_PRICE_HALVING_BLOCKS). */
  readonly halvingBlocks: bigint;
}

/** The next stored `SubnetMovingPrice` (I96F32 raw). */
export function updateMovingPrice(input: MovingPriceInput): bigint {
  const t = U64F64;
  const blocksSinceStartCall = fromInt(t, satSub(input.block, satSub(input.firstEmissionBlock, 1n)));
  const warmUp = safeDiv(t, blocksSinceStartCall, satAdd(t, blocksSinceStartCall, fromInt(t, input.halvingBlocks)));
  const alpha = mul(t, convert(I96F32, t, input.movingAlpha), warmUp);
  const oneMinusAlpha = satSubF(t, one(t), alpha);
  const currentPrice = mul(t, alpha, minBig(input.spotPrice, one(t)));
  const currentMoving = mul(t, oneMinusAlpha, convert(I96F32, t, input.movingPrice));
  return convert(t, I96F32, satAdd(t, currentPrice, currentMoving));
}
