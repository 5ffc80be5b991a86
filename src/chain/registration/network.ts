/**
 * Subnet registration terms: lock cost, the subnet limit and which subnet to prune, the initial
 * pool price. Mirrors subtensor `pallets/subtensor/src/coinbase/root.rs` (`get_network_lock_cost`,
 * `get_lock_reduction_interval`, `get_network_to_prune`), `subnets/subnet.rs`
 * (`do_register_network` steps 5–6) and `staking/stake_utils.rs` (`get_median_subnet_alpha_price`);
 * shared/spec/economics.md §8.1, §8.4.
 *
 *   I_eff     = ⌊NetworkLockReductionInterval · (E_block / 1e9)⌋                         (I64F64)
 *   mult      = 1 if last_lock_block = 0 else 2
 *   lock_cost = max(min_lock, last_lock·mult − ⌊last_lock / I_eff⌋·(now − last_lock_block))  (u64, saturating)
 *   at the limit (#non-root subnets ≥ SubnetLimit): prune the non-immune subnet
 *   (now ≥ registered_at + NetworkImmunityPeriod) with the lowest EMA price p̄, ties to the earliest
 *   registration; none ⇒ SubnetLimitReached
 */
import { I64F64, U64F64, checkedDiv, fromInt, mul, safeDiv, toU64 } from '../../core/fixed.js';
import { type TaoRao, U64_MAX, taoRao } from '../../core/units.js';
import type { NetUid } from '../staking/ledger.js';

export const DEFAULT_SUBNET_LIMIT = 128;
export const NETWORK_MIN_LOCK_COST = taoRao(1_000_000_000_000n);
/** After `migrate_network_lock_reduction_interval` (genesis value 100_800). */
export const NETWORK_LOCK_REDUCTION_INTERVAL = 57_600n;
/** After `migrate_network_immunity_period` (genesis value 1_296_000). */
export const NETWORK_IMMUNITY_PERIOD = 864_000n;

/** `get_lock_reduction_interval`: the decay interval scaled by the current block emission. */
export function lockReductionInterval(interval: bigint, blockEmission: bigint): bigint {
  const halving = checkedDiv(I64F64, fromInt(I64F64, blockEmission), fromInt(I64F64, 1_000_000_000n)) ?? 0n;
  return toU64(I64F64, mul(I64F64, fromInt(I64F64, interval), halving));
}

export interface LockCostState {
  /** `NetworkLastLockCost`. */
  readonly lastLock: TaoRao;
  readonly minLock: TaoRao;
  /** `LastRateLimitedBlock[NetworkLastRegistered]` (0: never). */
  readonly lastLockBlock: bigint;
  readonly now: bigint;
  /** I_eff from `lockReductionInterval`. */
  readonly reductionInterval: bigint;
}

/** `get_network_lock_cost`. */
export function networkLockCost(s: LockCostState): TaoRao {
  const mult = s.lastLockBlock === 0n ? 1n : 2n;
  const doubled = s.lastLock * mult > U64_MAX ? U64_MAX : s.lastLock * mult;
  const perBlock = s.reductionInterval === 0n ? 0n : s.lastLock / s.reductionInterval;
  const elapsed = s.now > s.lastLockBlock ? s.now - s.lastLockBlock : 0n;
  const reduction = perBlock * elapsed > U64_MAX ? U64_MAX : perBlock * elapsed;
  const cost = doubled > reduction ? doubled - reduction : 0n;
  return taoRao(cost < s.minLock ? s.minLock : cost);
}

export interface SubnetInfo {
  readonly netuid: NetUid;
  readonly registeredAt: bigint;
  /** `SubnetMovingPrice` as U64F64 raw (`get_moving_alpha_price`). */
  readonly movingPrice: bigint;
}

/** `get_network_to_prune`: ascending netuid, root skipped. */
export function networkToPrune(subnets: readonly SubnetInfo[], now: bigint, immunityPeriod: bigint): NetUid | undefined {
  let candidate: SubnetInfo | undefined;
  for (const s of [...subnets].sort((a, b) => a.netuid - b.netuid)) {
    if (s.netuid === 0 || now < s.registeredAt + immunityPeriod) continue;
    if (candidate === undefined || s.movingPrice < candidate.movingPrice || (s.movingPrice === candidate.movingPrice && s.registeredAt < candidate.registeredAt))
      candidate = s;
  }
  return candidate?.netuid;
}

export type NetworkSlot = { ok: true; prune: NetUid | undefined } | { ok: false; error: 'SubnetLimitReached' };

/** `do_register_network` step 5: a free slot, a subnet to dissolve first, or `SubnetLimitReached`. */
export function networkRegistrationSlot(subnets: readonly SubnetInfo[], subnetLimit: number, now: bigint, immunityPeriod: bigint): NetworkSlot {
  const count = subnets.filter((s) => s.netuid !== 0).length;
  if (count < subnetLimit) return { ok: true, prune: undefined };
  const prune = networkToPrune(subnets, now, immunityPeriod);
  return prune === undefined ? { ok: false, error: 'SubnetLimitReached' } : { ok: true, prune };
}

/**
 * `get_median_subnet_alpha_price` over the spot prices (U64F64 raw) of the existing non-root
 * subnets: prices ≤ 0 are ignored; the mean of the two middle prices for an even count; 1.0 if none.
 */
export function medianSubnetAlphaPrice(prices: readonly bigint[]): bigint {
  const ps = prices.filter((p) => p > 0n).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (ps.length === 0) return fromInt(U64F64, 1n);
  const lower = ps[(ps.length - 1) >> 1]!;
  const upper = ps[ps.length >> 1]!;
  return lower === upper ? upper : safeDiv(U64F64, lower + upper > U64F64.max ? U64F64.max : lower + upper, fromInt(U64F64, 2n));
}
