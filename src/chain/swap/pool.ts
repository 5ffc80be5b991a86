/**
 * One subnet's pool as the chain holds it (shared/spec/economics.md §5.1, §5.10, §9 "Swap pool"):
 *   taoReserve   = SubnetTAO[i]        (y, quote)
 *   alphaReserve = SubnetAlphaIn[i]    (x, base)
 *   quoteWeight  = SwapBalancer[i]     (w2 as Perquintill parts; w1 = 1e18 − w2)
 *   feeRate      = FeeRate[i]          (u16, rate/65535; default 33)
 *   mechanism    = SubnetMechanism[i]  (0 stable: root and legacy subnets, 1:1, no fee; 1 dynamic)
 * Spot price (`current_price`, pallets/swap/src/pallet/impls.rs), U64F64 raw:
 *   mechanism ≠ 1 → 1;  x = 0 → 0;  otherwise (w1/w2)·(y/x).
 * Pools are immutable values; every operation returns a new one.
 *
 * SIM-DIVERGENCE: `PalSwapInitialized` is not kept. The chain initialises an uninitialised pool to
 * w2 = 0.5 on its first swap (`maybe_initialize_palswap(None)`); taosim pools start initialised
 * with w2 = 0.5 by default, which is the same state.
 */
import { InputError } from '../../core/errors.js';
import { U64F64, one } from '../../core/fixed.js';
import { U64_MAX, alphaRao, formatFixed, minBig, taoRao, type AlphaRao, type TaoRao } from '../../core/units.js';
import {
  DEFAULT_QUOTE_WEIGHT,
  PERQUINTILL,
  calculatePrice,
  updateWeightsForAddedLiquidity,
  weightInRange,
} from './balancer.js';

/** `DefaultFeeRate` (pallets/swap/src/pallet/mod.rs): 33/65535 ≈ 0.05%. */
export const DEFAULT_FEE_RATE = 33;
/** Runtime `SwapMaxFeeRate`: the most `set_fee_rate` accepts. */
export const SWAP_MAX_FEE_RATE = 10_000;

export type Mechanism = 0 | 1;

export interface Pool {
  readonly mechanism: Mechanism;
  /** SubnetTAO, rao. */
  readonly taoReserve: TaoRao;
  /** SubnetAlphaIn, alpha-rao. */
  readonly alphaReserve: AlphaRao;
  /** Quote (TAO) weight, Perquintill parts (1e18 = 1). */
  readonly quoteWeight: bigint;
  /** FeeRate, u16 out of 65535. */
  readonly feeRate: number;
}

export interface PoolInit {
  taoReserve: bigint;
  alphaReserve: bigint;
  quoteWeight?: bigint;
  feeRate?: number;
  mechanism?: Mechanism;
}

/** Build a pool, checking every field against the chain's type and range (InputError otherwise). */
export function createPool(init: PoolInit): Pool {
  const u64 = (name: string, v: bigint): void => {
    if (v < 0n || v > U64_MAX) throw new InputError(name, `must be a u64 rao amount (0..${U64_MAX}), got ${v}`);
  };
  u64('taoReserve', init.taoReserve);
  u64('alphaReserve', init.alphaReserve);
  const quoteWeight = init.quoteWeight ?? DEFAULT_QUOTE_WEIGHT;
  if (!weightInRange(quoteWeight))
    throw new InputError('quoteWeight', `must be within [0.01, 0.99] (Perquintill parts ${PERQUINTILL / 100n}..${PERQUINTILL - PERQUINTILL / 100n}), got ${quoteWeight}`);
  const feeRate = init.feeRate ?? DEFAULT_FEE_RATE;
  if (!Number.isInteger(feeRate) || feeRate < 0 || feeRate > SWAP_MAX_FEE_RATE)
    throw new InputError('feeRate', `must be an integer u16 rate within 0..${SWAP_MAX_FEE_RATE} (SwapMaxFeeRate), got ${feeRate}`);
  const mechanism = init.mechanism ?? 1;
  if (mechanism !== 0 && mechanism !== 1) throw new InputError('mechanism', `must be 0 (stable) or 1 (dynamic), got ${String(mechanism)}`);
  return Object.freeze({
    mechanism,
    taoReserve: taoRao(init.taoReserve),
    alphaReserve: alphaRao(init.alphaReserve),
    quoteWeight,
    feeRate,
  });
}

/** The root subnet (netuid 0): stable mechanism, price 1, 1:1 swaps with no fee (§5.10). */
export const createRootPool = (taoReserve: bigint, alphaReserve: bigint = 0n): Pool =>
  createPool({ taoReserve, alphaReserve, mechanism: 0 });

/** Same pool with other reserves (internal: callers keep reserves within u64). */
export const withReserves = (pool: Pool, taoReserve: bigint, alphaReserve: bigint): Pool =>
  Object.freeze({ ...pool, taoReserve: taoRao(taoReserve), alphaReserve: alphaRao(alphaReserve) });

/** `current_price` / `current_alpha_price`: TAO per alpha, U64F64 raw. */
export function currentPrice(pool: Pool): bigint {
  if (pool.mechanism !== 1) return one(U64F64);
  if (pool.alphaReserve === 0n) return 0n;
  return calculatePrice(pool.quoteWeight, pool.alphaReserve, pool.taoReserve);
}

/** U64F64 raw price as a decimal string: 20 significant digits (half up) cut to 20 decimals (`formatFixed`). */
export function formatPrice(raw: bigint): string {
  return formatFixed(raw, 64, 20);
}

/**
 * `adjust_protocol_liquidity` (impls.rs; §4.2 step 1, §5.3): re-solve the weights so that adding
 * (taoDelta, alphaDelta) keeps the spot price; only the weights change here. When the new weight
 * would leave [0.01, 0.99] the chain logs and returns (0, 0): nothing may be injected and the
 * pool is unchanged.
 */
export function adjustProtocolLiquidity(
  pool: Pool,
  taoDelta: TaoRao,
  alphaDelta: AlphaRao,
): { taoIn: TaoRao; alphaIn: AlphaRao; pool: Pool } {
  const w = updateWeightsForAddedLiquidity(pool.quoteWeight, pool.taoReserve, pool.alphaReserve, taoDelta, alphaDelta);
  if (w === undefined) return { taoIn: taoRao(0n), alphaIn: alphaRao(0n), pool };
  return { taoIn: taoDelta, alphaIn: alphaDelta, pool: Object.freeze({ ...pool, quoteWeight: w }) };
}

/**
 * The reserve adds of the coinbase injection (`inject_and_maybe_swap` steps 4–5, §4.2):
 * SubnetAlphaIn += alpha_in, SubnetTAO += tao_in (u64 saturating adds). Run
 * `adjustProtocolLiquidity` first: it decides what may be added and moves the weights.
 */
export const addLiquidity = (pool: Pool, taoIn: TaoRao, alphaIn: AlphaRao): Pool =>
  withReserves(pool, minBig(pool.taoReserve + taoIn, U64_MAX), minBig(pool.alphaReserve + alphaIn, U64_MAX));
