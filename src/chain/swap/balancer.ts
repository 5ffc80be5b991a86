/**
 * Weighted two-token pool maths, mirror of subtensor `pallets/swap/src/pallet/balancer.rs`
 * (shared/spec/economics.md §5.2, §5.3, §5.4). Storage-free: reserves and weights in, numbers out.
 *
 *   weights: w2 = quote (TAO) weight as a Perquintill (parts of 1e18), w1 = 1 − w2, both ≥ 0.01
 *   price                 p  = (w1/w2) · (y/x)                        calculate_price, U64F64
 *   exp_quote_base(y,Δy)  e  = (y/(y+Δy))^(w2/w1)   (buy: TAO in)      exp_scaled, then e ≤ 1
 *   exp_base_quote(x,Δx)  e  = (x/(x+Δx))^(w1/w2)   (sell: alpha in)
 *       both: r = pow_ratio_scaled(R, R+Δ, ·, ·, 256, 1e18); e = U64F64(r) / 1e18 (0 if r > u64)
 *   buy up to price p'    Δy = ⌊y · (⌊(p'/p)^w1 · 1e18⌋ / 1e18 − 1)⌋     calculate_quote_delta_in
 *   sell down to p'       Δx = ⌊x · (⌊(p/p')^w2 · 1e18⌋ / 1e18 − 1)⌋     calculate_base_delta_in
 *   weight update         q1 = round(w1·y·(x+Δx)), q2 = round(w2·x·(y+Δy)), w2' = ⌊q2·1e18/(q1+q2)⌋
 */
import { U64F64, fromInt, mul, one, safeDiv, satSubF, toU64 } from '../../core/fixed.js';
import { U64_MAX, minBig } from '../../core/units.js';
import { powRatioScaled } from './bigmath.js';

/** Perquintill accuracy: 1e18 parts make 1. */
export const PERQUINTILL = 1_000_000_000_000_000_000n;
/** `MIN_WEIGHT`: each weight must be at least 0.01. */
export const MIN_WEIGHT = PERQUINTILL / 100n;
/** `Balancer::default()`: quote weight 0.5 (constant product). */
export const DEFAULT_QUOTE_WEIGHT = PERQUINTILL / 2n;

const U128_MAX = (1n << 128n) - 1n;
const ONE = one(U64F64);
const ACCURACY_FIXED = fromInt(U64F64, PERQUINTILL);

/** `check_constraints`: both weights ≥ MIN_WEIGHT. */
export const weightInRange = (quoteWeight: bigint): boolean =>
  quoteWeight >= MIN_WEIGHT && PERQUINTILL - quoteWeight >= MIN_WEIGHT && quoteWeight <= PERQUINTILL;

/** `Perquintill::from_rational(p, q)` (sp-arithmetic: rounds down; one() when p > q or q = 0). */
export function perquintillFromRational(p: bigint, q: bigint): bigint {
  if (q === 0n || p > q) return PERQUINTILL;
  return (p * PERQUINTILL) / q;
}

/** `mul_perquintill_round`: round-half-up of value·parts/1e18, saturating at u128. */
export function mulPerquintillRound(parts: bigint, value: bigint): bigint {
  return minBig((value * parts + PERQUINTILL / 2n) / PERQUINTILL, U128_MAX);
}

/** `calculate_price(x, y)`: spot price, U64F64 raw; 0 when x = 0 (safe_div). */
export function calculatePrice(quoteWeight: bigint, x: bigint, y: bigint): bigint {
  const w2 = fromInt(U64F64, quoteWeight);
  const w1 = fromInt(U64F64, PERQUINTILL - quoteWeight);
  return mul(U64F64, safeDiv(U64F64, w1, w2), safeDiv(U64F64, fromInt(U64F64, y), fromInt(U64F64, x)));
}

/**
 * `exp_scaled(r, Δ, base_quote)` for Δ ≥ 0: (r/(r+Δ))^(w_in/w_out) as U64F64 raw, clamped to ≤ 1.
 * `baseQuote` = true for alpha in (exponent w1/w2), false for TAO in (w2/w1).
 */
export function expScaled(quoteWeight: bigint, reserve: bigint, delta: bigint, baseQuote: boolean): bigint {
  const sum = minBig(reserve + delta, U64_MAX); // u64 saturating_add
  if (sum === 0n) return 0n;
  const w1 = PERQUINTILL - quoteWeight;
  const w2 = quoteWeight;
  const r = baseQuote
    ? powRatioScaled(reserve, sum, w1, w2, 256n, PERQUINTILL)
    : powRatioScaled(reserve, sum, w2, w1, 256n, PERQUINTILL);
  if (r === undefined || r > U64_MAX) return 0n;
  const e = safeDiv(U64F64, fromInt(U64F64, r), ACCURACY_FIXED);
  return minBig(e, ONE);
}

/** `convert_deltas`: ⌊R_out · (1 − e)⌋, the amount that leaves the pool. */
export function outForIn(quoteWeight: bigint, reserveIn: bigint, reserveOut: bigint, deltaIn: bigint, baseQuote: boolean): bigint {
  const e = expScaled(quoteWeight, reserveIn, deltaIn, baseQuote);
  return toU64(U64F64, mul(U64F64, fromInt(U64F64, reserveOut), satSubF(U64F64, ONE, e)));
}

/** Shared tail of `calculate_quote_delta_in` / `calculate_base_delta_in`. */
function deltaInForPriceRatio(num: bigint, den: bigint, weight: bigint, reserve: bigint): bigint {
  const r = powRatioScaled(num, den, weight, PERQUINTILL, 1024n, PERQUINTILL);
  if (r === undefined) return 0n;
  const rFixed = fromInt(U64F64, minBig(r, U64_MAX));
  const factor = satSubF(U64F64, safeDiv(U64F64, rFixed, ACCURACY_FIXED), ONE);
  return toU64(U64F64, mul(U64F64, fromInt(U64F64, reserve), factor));
}

/** `calculate_quote_delta_in`: TAO that moves the price from `current` up to `target` (U64F64 raw). */
export const calculateQuoteDeltaIn = (quoteWeight: bigint, current: bigint, target: bigint, taoReserve: bigint): bigint =>
  deltaInForPriceRatio(target, current, PERQUINTILL - quoteWeight, taoReserve);

/** `calculate_base_delta_in`: alpha that moves the price from `current` down to `target`. */
export const calculateBaseDeltaIn = (quoteWeight: bigint, current: bigint, target: bigint, alphaReserve: bigint): bigint =>
  deltaInForPriceRatio(current, target, quoteWeight, alphaReserve);

/**
 * `update_weights_for_added_liquidity`: the quote weight that keeps the spot price when
 * (Δy, Δx) is added to (y, x). Undefined where the chain returns `InvalidValue` (outside [0.01, 0.99]).
 */
export function updateWeightsForAddedLiquidity(
  quoteWeight: bigint,
  taoReserve: bigint,
  alphaReserve: bigint,
  taoDelta: bigint,
  alphaDelta: bigint,
): bigint | undefined {
  const newTao = taoReserve + taoDelta; // u64 + u64 fits u128
  const newAlpha = alphaReserve + alphaDelta;
  const q1 = mulPerquintillRound(PERQUINTILL - quoteWeight, taoReserve * newAlpha);
  const q2 = mulPerquintillRound(quoteWeight, alphaReserve * newTao);
  const sum = minBig(q1 + q2, U128_MAX);
  const w = sum !== 0n ? perquintillFromRational(q2, sum) : DEFAULT_QUOTE_WEIGHT;
  return weightInRange(w) ? w : undefined;
}
