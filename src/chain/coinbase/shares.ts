/**
 * How a block's TAO emission E is split among subnets. Mirrors subtensor
 * `pallets/subtensor/src/coinbase/subnet_emissions.rs` (shared/spec/economics.md §3,
 * shared/spec/emission-rules.md). Shares are U64F64 raw values (scaled by 2^64).
 *
 *   eligible (get_subnets_to_emit_to): netuid ≠ 0, FirstEmissionBlockNumber set, SubtokenEnabled,
 *            NetworkRegistrationAllowed
 *   price-ema        s_i = p̄_i / Σ p̄_j                                    (get_shares_price_ema)
 *   price-burn       b_i = s_i·(1 − min(MinerBurned_i, 1)) / Σ_j (…)      (get_shares at HEAD;
 *                    falls back to s when Σ = 0)
 *   price-burn-gate  g_i = b_i / (1 + (θ/b_i)^h) / Σ_j (…)                (runtime v440+; falls back
 *                    to b when Σ = 0; θ = 0 means no gate)
 *   taoflow          z_i = max(S_i − L, 0), share_i = z_i^p / Σ z^p,
 *                    L = max(TaoFlowCutoff, min(min_i S_i, 0))             (get_shares_flow)
 *   net-taoflow      as taoflow with S_i = user_i − nf·proto_i (only a positive proto scaled),
 *                    nf = min(1, Σ max(user,0) / Σ max(proto,0)), 0 when the divisor is 0
 *   then (get_subnet_block_emissions): if any eligible subnet is emission-disabled, zero it and
 *   renormalise over the enabled ones; e_i = U96F32(U64F64(E) · share_i).
 */
import { I64F64, I96F32, U64F64, U96F32, convert, fromInt, mul, one, safeDiv, satAdd, satSubF, saturate } from '../../core/fixed.js';
import { minBig } from '../../core/units.js';
import { GATE_BAR_UPDATE_INTERVAL } from './constants.js';

export type ShareRule = 'price-ema' | 'taoflow' | 'net-taoflow' | 'price-burn' | 'price-burn-gate';
export const SHARE_RULES: readonly ShareRule[] = ['price-ema', 'taoflow', 'net-taoflow', 'price-burn', 'price-burn-gate'];

export interface EligibilityInput {
  readonly netuid: number;
  readonly firstEmissionBlock: bigint | null;
  readonly subtokenEnabled: boolean;
  readonly registrationAllowed: boolean;
}

/** `get_subnets_to_emit_to`: whether subnet i takes part in this block's coinbase. */
export function isEligible(s: EligibilityInput): boolean {
  return s.netuid !== 0 && s.firstEmissionBlock !== null && s.subtokenEnabled && s.registrationAllowed;
}

const sum = (xs: readonly bigint[]): bigint => xs.reduce((a, x) => satAdd(U64F64, a, x), 0n);

/** Normalise non-negative U64F64 weights to shares; all 0 when the sum is 0. */
function normalise(weights: readonly bigint[]): bigint[] {
  const total = sum(weights);
  return weights.map((w) => safeDiv(U64F64, w, total));
}

/** `get_shares_price_ema`: p̄_i / Σ p̄_j. `movingPrices` are I96F32 raw (`SubnetMovingPrice`). */
export function priceShares(movingPrices: readonly bigint[]): bigint[] {
  return normalise(movingPrices.map((p) => convert(I96F32, U64F64, p)));
}

/** `get_shares` at HEAD: weight by (1 − min(MinerBurned, 1)) and renormalise; `minerBurned` U96F32 raw. */
export function burnWeightedShares(shares: readonly bigint[], minerBurned: readonly bigint[]): bigint[] {
  const o = one(U64F64);
  const weighted = shares.map((s, i) => mul(U64F64, s, satSubF(U64F64, o, minBig(convert(U96F32, U64F64, minerBurned[i] ?? 0n), o))));
  return sum(weighted) > 0n ? normalise(weighted) : [...shares];
}

/**
 * θ: the `rank`-th largest positive share (U64F64 raw). SIM-DIVERGENCE: the gate code (runtime
 * v440) is not in the spec's source; with fewer than `rank` positive shares we return 0, which
 * switches the gate off.
 */
export function gateBar(shares: readonly bigint[], rank: number): bigint {
  const positive = shares.filter((s) => s > 0n).sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  return positive[rank - 1] ?? 0n;
}

/**
 * The stored θ for this block: recomputed from this block's burn-weighted shares when
 * block % interval == 0, otherwise the stored value. SIM-DIVERGENCE: whether the chain gates a
 * recompute block with the old or the new θ is not documented; we use the new one.
 */
export function updateGateBar(block: bigint, storedBar: bigint, shares: readonly bigint[], rank: number, interval = GATE_BAR_UPDATE_INTERVAL): bigint {
  return block % interval === 0n ? gateBar(shares, rank) : storedBar;
}

/**
 * Hill gate g_i = b_i / (1 + (θ/b_i)^h) = b_i^(h+1) / (b_i^h + θ^h), renormalised; falls back to
 * the ungated shares when every gated value is 0; θ = 0 disables the gate. SIM-DIVERGENCE: the
 * chain's fixed-point steps for the gate are not in the spec; we evaluate it exactly in rationals
 * and floor once to U64F64 (h must be a positive integer).
 */
export function hillGate(shares: readonly bigint[], bar: bigint, exponent: number): bigint[] {
  if (bar <= 0n) return [...shares];
  if (!Number.isInteger(exponent) || exponent < 1) throw new RangeError(`gate exponent ${exponent} is not a positive integer`);
  const h = BigInt(exponent);
  const barPow = bar ** h;
  const gated = shares.map((b) => (b > 0n ? saturate(U64F64, b ** (h + 1n) / (b ** h + barPow)) : 0n));
  return sum(gated) > 0n ? normalise(gated) : [...shares];
}

export interface FlowParams {
  /** `NetTaoFlowEnabled`: subtract the normalised protocol-flow EMA (rule net-taoflow). */
  readonly netFlow: boolean;
  /** `TaoFlowCutoff`, I64F64 raw. */
  readonly cutoff: bigint;
  /** `FlowNormExponent` p (a positive integer here). */
  readonly exponent: number;
}

/**
 * `get_shares_flow` from this block's flow EMAs (I64F64 raw, already updated with
 * `updateFlowEma`). SIM-DIVERGENCE: the chain rescales and raises to p through I32F32 ln/exp;
 * we compute z_i^p / Σ z^p exactly (p a positive integer) and floor once to U64F64.
 */
export function flowShares(userEma: readonly bigint[], protocolEma: readonly bigint[], params: FlowParams): bigint[] {
  const t = I64F64;
  let net = [...userEma];
  if (params.netFlow) {
    const pos = (xs: readonly bigint[]): bigint => xs.reduce((a, x) => satAdd(t, a, x > 0n ? x : 0n), 0n);
    const protocolPositive = pos(protocolEma);
    const nf = protocolPositive > 0n ? minBig(safeDiv(t, pos(userEma), protocolPositive), one(t)) : 0n;
    net = userEma.map((u, i) => {
      const p = protocolEma[i] ?? 0n;
      return satSubF(t, u, p > 0n ? mul(t, nf, p) : p);
    });
  }
  const lower = net.reduce((m, x) => (x < m ? x : m), 0n);
  const limit = params.cutoff > lower ? params.cutoff : lower;
  const z = net.map((x) => (x > limit ? x - limit : 0n));
  if (!Number.isInteger(params.exponent) || params.exponent < 1) throw new RangeError(`flow exponent ${params.exponent} is not a positive integer`);
  const p = BigInt(params.exponent);
  const powered = z.map((x) => x ** p);
  const total = powered.reduce((a, x) => a + x, 0n);
  return powered.map((x) => (total === 0n ? 0n : saturate(U64F64, (x << 64n) / total)));
}

/**
 * `get_ema_flow` / `update_ema_protocol_flow`: S ← (1 − a)·S + a·flow, a = factor / i64::MAX
 * (I64F64), with `flow` the block's accumulated TAO flow in rao (i64).
 */
export function updateFlowEma(ema: bigint, blockFlow: bigint, smoothingFactor: bigint): bigint {
  const t = I64F64;
  const a = safeDiv(t, fromInt(t, smoothingFactor), fromInt(t, (1n << 63n) - 1n));
  return satAdd(t, mul(t, satSubF(t, one(t), a), ema), mul(t, a, fromInt(t, blockFlow)));
}

/**
 * `get_subnet_block_emissions`' share step: if any subnet is disabled, zero it and renormalise
 * over the enabled ones (all 0 if their shares sum to 0); otherwise the shares are unchanged.
 */
export function enabledShares(shares: readonly bigint[], enabled: readonly boolean[]): bigint[] {
  if (enabled.every((e) => e)) return [...shares];
  const enabledSum = sum(shares.filter((_, i) => enabled[i]));
  return shares.map((s, i) => (enabled[i] && enabledSum > 0n ? safeDiv(U64F64, s, enabledSum) : 0n));
}

/** e_i = U96F32(U64F64(E) · share_i), U96F32 raw. */
export function subnetTaoEmission(blockEmission: bigint, share: bigint): bigint {
  return convert(U64F64, U96F32, mul(U64F64, fromInt(U64F64, blockEmission), share));
}
