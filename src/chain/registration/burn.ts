/**
 * Neuron registration price (burn). Mirrors subtensor `pallets/subtensor/src/subnets/registration.rs`
 * (`update_registration_prices_for_networks`, `bump_registration_price_after_registration`) and
 * `utils/misc.rs` (`mul_by_q32`, `pow_q32`, `decay_factor_q32`); shared/spec/economics.md §8.2.
 *
 *   per block (block > 1, half-life > 0):  burn = ⌊burn·f / 2³²⌋,
 *     f = the largest Q32 value with pow_q32(f, BurnHalfLife) ≤ 2³¹ (binary search over [0, 2³²))
 *   then, whatever the half-life:          burn = clamp(burn, MinBurn, MaxBurn)
 *   after each registration (not root):    burn = clamp(⌊burn · max(BurnIncreaseMult, 1)⌋, MinBurn, MaxBurn)   (U64F64)
 */
import { U64F64, fromF64, fromInt, mul, one, toU64 } from '../../core/fixed.js';
import { type TaoRao, U64_MAX, taoRao } from '../../core/units.js';

/** Runtime defaults (§9). */
export const DEFAULT_MIN_BURN = taoRao(500_000n);
export const DEFAULT_MAX_BURN = taoRao(100_000_000_000n);
export const DEFAULT_BURN_HALF_LIFE = 360;
/** `BurnIncreaseMult` default `U64F64::from_num(1.26)`, raw. */
export const DEFAULT_BURN_INCREASE_MULT = fromF64(U64F64, 1.26);
/** `DefaultNeuronBurnCost`, set by `init_new_network`. */
export const NEW_SUBNET_NEURON_BURN = taoRao(1_000_000_000n);

/** `mul_by_q32`: ⌊value·factor / 2³²⌋, clamped to u64. */
export function mulByQ32(value: bigint, factorQ32: bigint): bigint {
  const shifted = (value * factorQ32) >> 32n;
  return shifted > U64_MAX ? U64_MAX : shifted;
}

/** `pow_q32`: square-and-multiply with every product floored to Q32. */
export function powQ32(baseQ32: bigint, exp: number): bigint {
  let result = 1n << 32n;
  let factor = baseQ32;
  let power = exp;
  while (power > 0) {
    if ((power & 1) === 1) result = mulByQ32(result, factor);
    power >>= 1;
    if (power > 0) factor = mulByQ32(factor, factor);
  }
  return result;
}

const decayCache = new Map<number, bigint>();

/** `decay_factor_q32(half_life)`: 1.0 for half-life 0. Deterministic, so cached per half-life. */
export function decayFactorQ32(halfLife: number): bigint {
  if (halfLife === 0) return 1n << 32n;
  const cached = decayCache.get(halfLife);
  if (cached !== undefined) return cached;
  const half = 1n << 31n;
  let lo = 0n;
  let hi = 1n << 32n;
  while (lo + 1n < hi) {
    const mid = lo + ((hi - lo) >> 1n);
    if (powQ32(mid, halfLife) > half) hi = mid;
    else lo = mid;
  }
  decayCache.set(halfLife, lo);
  return lo;
}

export interface BurnBounds {
  readonly minBurn: TaoRao;
  readonly maxBurn: TaoRao;
}

const clamp = (v: bigint, b: BurnBounds): TaoRao => taoRao(v < b.minBurn ? b.minBurn : v > b.maxBurn ? b.maxBurn : v);

/** One block of `update_registration_prices_for_networks` for one subnet. */
export function decayBurn(burn: TaoRao, halfLife: number, block: bigint, bounds: BurnBounds): TaoRao {
  const decayed = halfLife > 0 && block > 1n ? mulByQ32(burn, decayFactorQ32(halfLife)) : burn;
  return clamp(decayed, bounds);
}

/** `bump_registration_price_after_registration` (root is never bumped: the caller skips netuid 0). */
export function bumpBurn(burn: TaoRao, increaseMult: bigint, bounds: BurnBounds): TaoRao {
  const mult = increaseMult < one(U64F64) ? one(U64F64) : increaseMult;
  return clamp(toU64(U64F64, mul(U64F64, fromInt(U64F64, burn), mult)), bounds);
}
