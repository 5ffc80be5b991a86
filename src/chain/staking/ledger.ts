/**
 * The stake ledger: who owns what. Mirrors subtensor `pallets/subtensor/src/staking/stake_utils.rs`
 * (share-pool accessors, `transfer_stake_within_subnet`, stake weights), `staking/helpers.rs`
 * (`get_hotkey_take_float`), `staking/set_children.rs` (`get_childkey_take`) and the root-claim
 * bookkeeping of `staking/claim_root.rs` (shared/spec/economics.md §5.6–5.12, §6.7, §7).
 *
 *   stake(h, c, i)        = SharePool[h, i].value(c)                         (§5.12)
 *   TotalHotkeyAlpha[h,i] = SharePool[h, i].sharedValue                      (exact u64)
 *   root stake            = the same pools on netuid 0 (TAO, swapped 1:1)    (§5.10)
 *   α_inh(h) = α_h − Σ_children α_h·q + Σ_parents α_P·q_P                    (U96F32, floored to u64)
 *   τ_inh(h) = same on root stake  (the epoch forms S_h = α_inh + tw·τ_inh, I64F64)         (§7)
 *   add root stake a:    RootClaimed[i,h,c] += ⌊rate_i·a⌋ for every i in RootClaimable[h]
 *   remove root stake a: RootClaimed[i,h,c] = max(RootClaimed − ⌊rate_i·a⌋, 0)                 (§6.7)
 *   RootClaimable[h][i] += amount / TotalHotkeyAlpha[h, 0]                   (I96F32)
 *
 * Amounts handed to the ledger are already swapped by the caller (chain/swap). The ledger holds
 * coldkeys' free TAO as well, so that every movement between free balance and stake is explicit.
 * Refusals are typed results named after subtensor's errors.
 */
import { I96F32, U96F32, fromInt, mul, safeDiv, satAdd, satSubF, toU64 } from '../../core/fixed.js';
import { InvariantViolation } from '../../core/errors.js';
import { type AlphaRao, type TaoRao, U16_MAX, U64_MAX, alphaRao, taoRao } from '../../core/units.js';
import type { ErrorsOf } from '../errors.js';
import { SharePool } from './sharePool.js';

export type Hotkey = string;
export type Coldkey = string;
export type NetUid = number;
export const ROOT_NETUID: NetUid = 0;

/** Delegate take default and maximum, 11_796/65535 ≈ 18% (runtime `SubtensorInitialDefaultTake`). */
export const DEFAULT_DELEGATE_TAKE = 11_796;
export const MAX_DELEGATE_TAKE = 11_796;
export const MIN_DELEGATE_TAKE = 0;
/** Childkey take bounds (runtime `InitialMinChildKeyTake` 0, `InitialMaxChildKeyTake` 11_796). */
export const MAX_CHILDKEY_TAKE = 11_796;
/** `staking/set_children.rs`: at most 5 children per hotkey and subnet. */
export const MAX_CHILDREN = 5;

export type LedgerError = ErrorsOf<
  | 'HotKeyAccountNotExists'
  | 'NonAssociatedColdKey'
  | 'NotEnoughBalanceToStake'
  | 'NotEnoughStakeToWithdraw'
  | 'AmountTooLow'
  | 'InsufficientLiquidity'
  | 'DelegateTakeTooHigh'
  | 'DelegateTakeTooLow'
  | 'InvalidChildkeyTake'
  | 'RegistrationNotPermittedOnRootSubnet'
  | 'TooManyChildren'
  | 'InvalidChild'
  | 'DuplicateChild'
  | 'ProportionOverflow'
>;

export type LedgerResult = { ok: true } | { ok: false; error: LedgerError };
const OK: LedgerResult = { ok: true };
const fail = (error: LedgerError): LedgerResult => ({ ok: false, error });

/** A childkey link: `proportion` is a u64 ratio of u64::MAX. */
export interface ChildLink {
  readonly proportion: bigint;
  readonly hotkey: Hotkey;
}

/**
 * The stakes Yuma reads, per uid (`get_stake_weights_for_network`). The chain returns
 * S = α_inh + tw·τ_inh too; the epoch forms S itself from these (chain/epoch/yuma.ts).
 */
/** One stake as read at a pool's version (`Ledger.stakeMemo`); opaque to its holder but for `alpha`. */
export interface StakeMemo {
  readonly ledger: Ledger;
  readonly pool: SharePool | undefined;
  readonly version: number;
  readonly generation: number;
  readonly alpha: AlphaRao;
}

export interface StakeWeights {
  /** α_inh, u64 rao. */
  readonly alpha: readonly bigint[];
  /** τ_inh, u64 rao. */
  readonly tao: readonly bigint[];
}

const NO_LINKS: readonly ChildLink[] = Object.freeze([]);
const sortedKeys = <K extends string | number>(m: ReadonlyMap<K, unknown>): K[] =>
  [...m.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));

/** The inner map of subnet i, created if absent. */
function onSubnet<V>(m: Map<NetUid, Map<Hotkey, V>>, netuid: NetUid): Map<Hotkey, V> {
  let inner = m.get(netuid);
  if (inner === undefined) m.set(netuid, (inner = new Map()));
  return inner;
}

/** `U96F32(p) / U96F32(u64::MAX)`, the normalisation of childkey proportions and TaoWeight. */
export const normalizeU64Ratio = (p: bigint): bigint => safeDiv(U96F32, fromInt(U96F32, p), fromInt(U96F32, U64_MAX));
/** `U96F32(t) / U96F32(u16::MAX)`, the normalisation of takes. */
const u16Ratios = new Map<number, bigint>();
/** t / 65535 in U96F32 (memoised: the payout asks for the same takes for every hotkey). */
export function normalizeU16Ratio(t: number): bigint {
  let r = u16Ratios.get(t);
  if (r === undefined) {
    r = safeDiv(U96F32, fromInt(U96F32, BigInt(t)), fromInt(U96F32, BigInt(U16_MAX)));
    u16Ratios.set(t, r);
  }
  return r;
}

interface PoolRefs {
  readonly netuid: NetUid;
  /** Pools made on the subnet and on root when the references were taken. */
  readonly made: number;
  readonly madeOnRoot: number;
  readonly onSubnet: ReadonlyMap<Hotkey, SharePool> | undefined;
  readonly onRoot: ReadonlyMap<Hotkey, SharePool> | undefined;
  readonly alpha: readonly (SharePool | undefined)[];
  readonly tao: readonly (SharePool | undefined)[];
}

export class Ledger {
  private readonly owners = new Map<Hotkey, Coldkey>();
  private readonly delegateTakes = new Map<Hotkey, number>();
  private readonly free = new Map<Coldkey, bigint>();
  /** netuid → hotkey → pool. */
  private readonly pools = new Map<NetUid, Map<Hotkey, SharePool>>();
  /** StakingHotkeys: per coldkey, in the order first staked (the chain's push order). */
  private readonly stakingHotkeys = new Map<Coldkey, Hotkey[]>();
  /** netuid → parent → children;  netuid → child → parents (nested, so a lookup builds no key string). */
  private readonly children = new Map<NetUid, Map<Hotkey, ChildLink[]>>();
  private readonly parents = new Map<NetUid, Map<Hotkey, ChildLink[]>>();
  private readonly childkeyTakes = new Map<NetUid, Map<Hotkey, number>>();
  /** RootClaimable: hotkey → netuid → I96F32 raw (alpha per root rao). */
  private readonly rootClaimable = new Map<Hotkey, Map<NetUid, bigint>>();
  /** RootClaimed: netuid → hotkey → coldkey → u128 watermark. */
  private readonly rootClaimed = new Map<NetUid, Map<Hotkey, Map<Coldkey, bigint>>>();
  /**
   * Root alpha dividends put into RootClaimable and not yet claimed, per subnet. The chain keeps
   * no such total (the alpha sits in SubnetAlphaOut owned by nobody); it is kept here so that the
   * bucket identity of §10.8 can be checked. Signed: watermark floors can let claims exceed it by
   * a few rao.
   */
  private readonly unclaimedRoot = new Map<NetUid, bigint>();
  /** Pools made so far: a list of pool references stays whole while this has not moved. */
  /** Pools made so far, by netuid: a subnet's references go stale only when its own or root's change. */
  private readonly poolsMade = new Map<NetUid, number>();
  /** The pools of a uid list on a subnet and on root, by the list (see `stakeWeightsForNetwork`). */
  /** Bumped when pools are dropped, so no StakeMemo outlives its pool. */
  private generation = 0;
  private readonly poolRefs = new WeakMap<readonly (Hotkey | undefined)[], PoolRefs>();

  constructor(readonly minChildkeyTake = 0) {}

  clone(): Ledger {
    const l = new Ledger(this.minChildkeyTake);
    for (const [k, v] of this.owners) l.owners.set(k, v);
    for (const [k, v] of this.delegateTakes) l.delegateTakes.set(k, v);
    for (const [k, v] of this.free) l.free.set(k, v);
    for (const [n, m] of this.pools) l.pools.set(n, new Map([...m].map(([h, p]) => [h, p.clone()])));
    for (const [k, v] of this.stakingHotkeys) l.stakingHotkeys.set(k, [...v]);
    for (const [n, m] of this.children) l.children.set(n, new Map([...m].map(([h, v]) => [h, [...v]])));
    for (const [n, m] of this.parents) l.parents.set(n, new Map([...m].map(([h, v]) => [h, [...v]])));
    for (const [n, m] of this.childkeyTakes) l.childkeyTakes.set(n, new Map(m));
    for (const [k, v] of this.rootClaimable) l.rootClaimable.set(k, new Map(v));
    for (const [n, m] of this.rootClaimed) l.rootClaimed.set(n, new Map([...m].map(([h, v]) => [h, new Map(v)])));
    for (const [k, v] of this.unclaimedRoot) l.unclaimedRoot.set(k, v);
    return l;
  }

  // ---- hotkeys, owners, takes -------------------------------------------------------------

  /** `create_account_if_non_existent`: a hotkey belongs to one coldkey for ever. */
  createHotkey(hotkey: Hotkey, owner: Coldkey, take = DEFAULT_DELEGATE_TAKE): LedgerResult {
    const current = this.owners.get(hotkey);
    if (current !== undefined) return current === owner ? OK : fail('NonAssociatedColdKey');
    this.owners.set(hotkey, owner);
    this.delegateTakes.set(hotkey, take);
    return OK;
  }

  hotkeyExists(hotkey: Hotkey): boolean {
    return this.owners.has(hotkey);
  }

  /** `Owner[h]`; the caller must only ask for hotkeys that exist. */
  ownerOf(hotkey: Hotkey): Coldkey {
    const o = this.owners.get(hotkey);
    if (o === undefined) throw new InvariantViolation('hotkey has an owner', { hotkey });
    return o;
  }

  /** `OwnedHotkeys[c]`, sorted. */
  ownedHotkeys(coldkey: Coldkey): Hotkey[] {
    return sortedKeys(this.owners).filter((h) => this.owners.get(h) === coldkey);
  }

  /** `Delegates[h]` (u16). */
  delegateTake(hotkey: Hotkey): number {
    return this.delegateTakes.get(hotkey) ?? DEFAULT_DELEGATE_TAKE;
  }

  setDelegateTake(hotkey: Hotkey, take: number): LedgerResult {
    if (!this.owners.has(hotkey)) return fail('HotKeyAccountNotExists');
    if (take > MAX_DELEGATE_TAKE) return fail('DelegateTakeTooHigh');
    if (take < MIN_DELEGATE_TAKE) return fail('DelegateTakeTooLow');
    this.delegateTakes.set(hotkey, take);
    return OK;
  }

  /** `get_hotkey_take_float`: U96F32 raw. */
  hotkeyTakeFloat(hotkey: Hotkey): bigint {
    return normalizeU16Ratio(this.delegateTake(hotkey));
  }

  // ---- free balances ----------------------------------------------------------------------

  freeBalance(coldkey: Coldkey): TaoRao {
    return taoRao(this.free.get(coldkey) ?? 0n);
  }

  creditFree(coldkey: Coldkey, amount: TaoRao): void {
    if (amount < 0n) throw new InvariantViolation('credit is non-negative', { coldkey, amount: String(amount) });
    this.free.set(coldkey, (this.free.get(coldkey) ?? 0n) + amount);
  }

  debitFree(coldkey: Coldkey, amount: TaoRao): LedgerResult {
    const have = this.free.get(coldkey) ?? 0n;
    if (amount < 0n || have < amount) return fail('NotEnoughBalanceToStake');
    this.free.set(coldkey, have - amount);
    return OK;
  }

  /** Coldkeys with a free-balance entry, sorted. */
  coldkeysWithBalance(): Coldkey[] {
    return sortedKeys(this.free);
  }

  // ---- share pools ------------------------------------------------------------------------

  private pool(hotkey: Hotkey, netuid: NetUid): SharePool | undefined {
    return this.pools.get(netuid)?.get(hotkey);
  }

  private poolForWrite(hotkey: Hotkey, netuid: NetUid): SharePool {
    let byHotkey = this.pools.get(netuid);
    if (byHotkey === undefined) this.pools.set(netuid, (byHotkey = new Map()));
    let p = byHotkey.get(hotkey);
    if (p === undefined) {
      byHotkey.set(hotkey, (p = new SharePool()));
      this.poolsMade.set(netuid, (this.poolsMade.get(netuid) ?? 0) + 1);
    }
    return p;
  }

  /** A read-only copy of one pool (for reports and tests). */
  poolSnapshot(hotkey: Hotkey, netuid: NetUid): SharePool {
    return this.pool(hotkey, netuid)?.clone() ?? new SharePool();
  }

  /**
   * `stake` through a memo of an earlier read: the memo is returned as it is while its pool has
   * had no update and no pool was dropped since, else a fresh one (for readers that read the same
   * stakes every step, most of them unchanged).
   */
  stakeMemo(memo: StakeMemo | undefined, hotkey: Hotkey, coldkey: Coldkey, netuid: NetUid): StakeMemo {
    if (memo !== undefined && memo.ledger === this && memo.pool !== undefined && memo.generation === this.generation && memo.pool.version === memo.version) return memo;
    const pool = this.pool(hotkey, netuid);
    return { ledger: this, pool, version: pool?.version ?? 0, generation: this.generation, alpha: alphaRao(pool?.tryGetValue(coldkey) ?? 0n) };
  }

  /** `get_stake_for_hotkey_and_coldkey_on_subnet`. */
  stake(hotkey: Hotkey, coldkey: Coldkey, netuid: NetUid): AlphaRao {
    return alphaRao(this.pool(hotkey, netuid)?.tryGetValue(coldkey) ?? 0n);
  }

  /** `TotalHotkeyAlpha[h, i]` (`get_stake_for_hotkey_on_subnet`). */
  totalHotkeyAlpha(hotkey: Hotkey, netuid: NetUid): AlphaRao {
    return alphaRao(this.pool(hotkey, netuid)?.getSharedValue() ?? 0n);
  }

  /** Σ_h TotalHotkeyAlpha[h, i]: all alpha owned through hotkeys on subnet i. */
  totalStakeOnSubnet(netuid: NetUid): AlphaRao {
    let s = 0n;
    for (const p of this.pools.get(netuid)?.values() ?? []) s += p.getSharedValue();
    return alphaRao(s);
  }

  /** Netuids with at least one pool, ascending. */
  netuids(): NetUid[] {
    return sortedKeys(this.pools);
  }

  /** Hotkeys with a pool on subnet i, sorted. */
  hotkeysOnSubnet(netuid: NetUid): Hotkey[] {
    const m = this.pools.get(netuid);
    return m ? sortedKeys(m) : [];
  }

  /** Coldkeys holding a share of some hotkey on subnet i, sorted. */
  stakingColdkeys(netuid: NetUid): Coldkey[] {
    const out = new Set<Coldkey>();
    for (const p of this.pools.get(netuid)?.values() ?? []) for (const c of p.holders()) out.add(c);
    return [...out].sort();
  }

  /** Coldkeys holding a share of (h, i), sorted, with their values. */
  stakersOf(hotkey: Hotkey, netuid: NetUid): { coldkey: Coldkey; value: AlphaRao }[] {
    const p = this.pool(hotkey, netuid);
    return p ? p.keys().map((coldkey) => ({ coldkey, value: alphaRao(p.getValue(coldkey)) })) : [];
  }

  /** `StakingHotkeys[c]`, in the chain's push order. */
  stakingHotkeysOf(coldkey: Coldkey): readonly Hotkey[] {
    return this.stakingHotkeys.get(coldkey) ?? [];
  }

  /** `increase_stake_for_hotkey_and_coldkey_on_subnet`: buy shares for c (no root-claim adjustment). */
  increaseStakeForHotkeyAndColdkeyOnSubnet(hotkey: Hotkey, coldkey: Coldkey, netuid: NetUid, amount: AlphaRao): void {
    assertAmount(amount);
    // A zero update changes no pool (SafeFloat ± 0 is the operand; an empty pool stays empty) and
    // lists no hotkey: the chain's zero stakes (a miner's zero take, say) are skipped here.
    // SIM-DIVERGENCE: except in a pool of value 0 whose denominator the chain's rounding took to 0
    // while a share was left (sharePool.test.ts has the case): there the chain's zero update drops
    // the updated key's stale share and the ledger keeps it. The pool is worth 0 then; what differs
    // is that share's claim on later deposits. Not seen in the shipped scenarios (no-regression hashes).
    if (amount === 0n) return;
    this.buyShares(this.poolForWrite(hotkey, netuid), hotkey, coldkey, amount);
  }

  /**
   * The same for `hotkeys[uid]`, through the pool reference kept for that list (the list the
   * caller also reads stake weights with: ./stakeWeightsForNetwork).
   */
  increaseStakeForUidAndColdkeyOnSubnet(hotkeys: readonly (Hotkey | undefined)[], uid: number, coldkey: Coldkey, netuid: NetUid, amount: AlphaRao): void {
    assertAmount(amount);
    if (amount === 0n) return;
    const hotkey = hotkeys[uid];
    if (hotkey === undefined) throw new InvariantViolation('a stake to a uid with a hotkey', { uid: String(uid), netuid: String(netuid) });
    const p = this.poolRefsOf(netuid, hotkeys).alpha[uid];
    // a pool not made yet is made by name (and the references are rebuilt on their next use)
    if (p === undefined) this.increaseStakeForHotkeyAndColdkeyOnSubnet(hotkey, coldkey, netuid, amount);
    else this.buyShares(p, hotkey, coldkey, amount);
  }

  private buyShares(p: SharePool, hotkey: Hotkey, coldkey: Coldkey, amount: AlphaRao): void {
    // A coldkey holding a share of h already lists h: shares are only minted here (selling needs one).
    if (!p.hasShare(coldkey)) {
      const list = this.stakingHotkeys.get(coldkey);
      if (list === undefined) this.stakingHotkeys.set(coldkey, [hotkey]);
      else if (!list.includes(hotkey)) list.push(hotkey);
    }
    p.updateValueForOne(coldkey, amount);
  }

  /** `increase_stake_for_hotkey_on_subnet`: raise the pool's value; every staker gains pro rata. */
  increaseStakeForHotkeyOnSubnet(hotkey: Hotkey, netuid: NetUid, amount: AlphaRao): void {
    assertAmount(amount);
    if (amount === 0n && this.pool(hotkey, netuid) === undefined) return;
    this.poolForWrite(hotkey, netuid).updateValueForAll(amount);
  }

  /**
   * `decrease_stake_for_hotkey_and_coldkey_on_subnet`: sell shares; silently does nothing (false)
   * when the stake is smaller than the amount, as the chain does.
   */
  decreaseStakeForHotkeyAndColdkeyOnSubnet(hotkey: Hotkey, coldkey: Coldkey, netuid: NetUid, amount: AlphaRao): boolean {
    assertAmount(amount);
    const p = this.pool(hotkey, netuid);
    if (p === undefined || !p.hasShare(coldkey) || p.getValue(coldkey) < amount) return false;
    p.updateValueForOne(coldkey, -amount);
    return true;
  }

  /** `try_increase_stake_for_hotkey_and_coldkey_on_subnet`: would the pool mint shares for this amount? */
  canIncreaseStake(hotkey: Hotkey, netuid: NetUid, amount: AlphaRao): boolean {
    return this.pool(hotkey, netuid)?.simUpdateValueForOne(amount) ?? true;
  }

  /**
   * Ledger side of `stake_into_subnet` (§5.6 steps 3–4, 6): credit the swapped alpha `out` to
   * (h, c) on i; on root, move the claim watermark so `owed` is unchanged.
   */
  addStake(hotkey: Hotkey, coldkey: Coldkey, netuid: NetUid, out: AlphaRao): LedgerResult {
    if (!this.owners.has(hotkey)) return fail('HotKeyAccountNotExists');
    if (out <= 0n) return fail('AmountTooLow');
    if (!this.canIncreaseStake(hotkey, netuid, out)) return fail('InsufficientLiquidity');
    this.increaseStakeForHotkeyAndColdkeyOnSubnet(hotkey, coldkey, netuid, out);
    if (netuid === ROOT_NETUID) this.addStakeAdjustRootClaimed(hotkey, coldkey, out);
    return OK;
  }

  /** Ledger side of `unstake_from_subnet` (§5.7 step 1, 6): debit `alpha` from (h, c) on i before the swap. */
  removeStake(hotkey: Hotkey, coldkey: Coldkey, netuid: NetUid, alpha: AlphaRao): LedgerResult {
    if (!this.owners.has(hotkey)) return fail('HotKeyAccountNotExists');
    if (alpha <= 0n) return fail('AmountTooLow');
    if (this.stake(hotkey, coldkey, netuid) < alpha) return fail('NotEnoughStakeToWithdraw');
    this.decreaseStakeForHotkeyAndColdkeyOnSubnet(hotkey, coldkey, netuid, alpha);
    if (netuid === ROOT_NETUID) this.removeStakeAdjustRootClaimed(hotkey, coldkey, alpha);
    return OK;
  }

  /**
   * `transfer_stake_within_subnet` (§5.9): move alpha between (hotkey, coldkey) pairs on one
   * subnet, with no swap and no fee. The DefaultMinStake check needs the spot price and is the
   * caller's (chain/swap reads the price).
   */
  transferStake(
    originHotkey: Hotkey,
    originColdkey: Coldkey,
    destinationHotkey: Hotkey,
    destinationColdkey: Coldkey,
    netuid: NetUid,
    alpha: AlphaRao,
  ): LedgerResult {
    if (!this.owners.has(originHotkey) || !this.owners.has(destinationHotkey)) return fail('HotKeyAccountNotExists');
    if (alpha <= 0n) return fail('AmountTooLow');
    if (this.stake(originHotkey, originColdkey, netuid) < alpha) return fail('NotEnoughStakeToWithdraw');
    if (!this.canIncreaseStake(destinationHotkey, netuid, alpha)) return fail('InsufficientLiquidity');
    this.decreaseStakeForHotkeyAndColdkeyOnSubnet(originHotkey, originColdkey, netuid, alpha);
    if (netuid === ROOT_NETUID) this.removeStakeAdjustRootClaimed(originHotkey, originColdkey, alpha);
    this.increaseStakeForHotkeyAndColdkeyOnSubnet(destinationHotkey, destinationColdkey, netuid, alpha);
    if (netuid === ROOT_NETUID) this.addStakeAdjustRootClaimed(destinationHotkey, destinationColdkey, alpha);
    return OK;
  }

  /**
   * Remove every pool of subnet i, its childkeys and its root-claim entries
   * (`destroy_alpha_in_out_stakes` step 7, `finalize_all_subnet_root_dividends`, `remove_network`). Returns the unclaimed root alpha that was lost.
   */
  removeSubnet(netuid: NetUid): AlphaRao {
    this.pools.delete(netuid);
    this.generation++;
    for (const m of this.rootClaimable.values()) m.delete(netuid);
    for (const m of [this.rootClaimed, this.children, this.parents, this.childkeyTakes]) m.delete(netuid);
    const lost = this.unclaimedRoot.get(netuid) ?? 0n;
    this.unclaimedRoot.delete(netuid);
    return alphaRao(lost);
  }

  // ---- childkeys --------------------------------------------------------------------------

  /** `ChildKeys[h, i]` in the order set. */
  childrenOf(hotkey: Hotkey, netuid: NetUid): readonly ChildLink[] {
    return this.children.get(netuid)?.get(hotkey) ?? NO_LINKS;
  }

  /** `ParentKeys[h, i]`. */
  parentsOf(hotkey: Hotkey, netuid: NetUid): readonly ChildLink[] {
    return this.parents.get(netuid)?.get(hotkey) ?? NO_LINKS;
  }

  /**
   * Set h's children on i at once (`do_set_children` after its cooldown; the schedule itself is
   * the engine's). Replaces the previous children.
   */
  setChildren(hotkey: Hotkey, netuid: NetUid, links: readonly ChildLink[]): LedgerResult {
    if (netuid === ROOT_NETUID) return fail('RegistrationNotPermittedOnRootSubnet');
    if (!this.owners.has(hotkey)) return fail('HotKeyAccountNotExists');
    if (links.length > MAX_CHILDREN) return fail('TooManyChildren');
    const seen = new Set<Hotkey>();
    let total = 0n;
    for (const l of links) {
      if (l.hotkey === hotkey || !this.owners.has(l.hotkey)) return fail('InvalidChild');
      if (seen.has(l.hotkey)) return fail('DuplicateChild');
      seen.add(l.hotkey);
      if (l.proportion < 0n || l.proportion > U64_MAX) return fail('ProportionOverflow');
      total += l.proportion;
    }
    if (total > U64_MAX) return fail('ProportionOverflow');
    const parents = onSubnet(this.parents, netuid);
    for (const old of this.childrenOf(hotkey, netuid)) {
      const rest = (parents.get(old.hotkey) ?? []).filter((p) => p.hotkey !== hotkey);
      if (rest.length) parents.set(old.hotkey, rest);
      else parents.delete(old.hotkey);
    }
    if (links.length) onSubnet(this.children, netuid).set(hotkey, links.map((l) => ({ ...l })));
    else this.children.get(netuid)?.delete(hotkey);
    for (const l of links) {
      const list = parents.get(l.hotkey) ?? [];
      list.push({ proportion: l.proportion, hotkey });
      parents.set(l.hotkey, list);
    }
    return OK;
  }

  setChildkeyTake(hotkey: Hotkey, netuid: NetUid, take: number): LedgerResult {
    if (!this.owners.has(hotkey)) return fail('HotKeyAccountNotExists');
    if (take > MAX_CHILDKEY_TAKE || take < 0) return fail('InvalidChildkeyTake');
    onSubnet(this.childkeyTakes, netuid).set(hotkey, take);
    return OK;
  }

  /** `get_childkey_take`: max(ChildkeyTake[h, i], effective minimum), u16. */
  childkeyTake(hotkey: Hotkey, netuid: NetUid): number {
    return Math.max(this.childkeyTakes.get(netuid)?.get(hotkey) ?? 0, this.minChildkeyTake);
  }

  /** `get_inherited_for_hotkey_on_subnet` (α) or, with `stakeNetuid = 0`, `get_tao_inherited_…` (τ). */
  private inherited(hotkey: Hotkey, netuid: NetUid, stakeNetuid: NetUid): bigint {
    const stake = this.totalHotkeyAlpha(hotkey, stakeNetuid);
    const children = this.childrenOf(hotkey, netuid);
    const parents = this.parentsOf(hotkey, netuid);
    // Without childkeys (and on root) the U96F32 round trip of a u64 gives the stake back.
    if (netuid === ROOT_NETUID || (children.length === 0 && parents.length === 0)) return stake;
    const initial = fromInt(U96F32, stake);
    let toChildren = 0n;
    for (const c of children) toChildren = satAdd(U96F32, toChildren, mul(U96F32, initial, normalizeU64Ratio(c.proportion)));
    let fromParents = 0n;
    for (const p of parents) {
      const parentStake = fromInt(U96F32, this.totalHotkeyAlpha(p.hotkey, stakeNetuid));
      fromParents = satAdd(U96F32, fromParents, mul(U96F32, parentStake, normalizeU64Ratio(p.proportion)));
    }
    return toU64(U96F32, satAdd(U96F32, satSubF(U96F32, initial, toChildren), fromParents));
  }

  /** `get_inherited_for_hotkey_on_subnet`. */
  inheritedAlpha(hotkey: Hotkey, netuid: NetUid): AlphaRao {
    return alphaRao(this.inherited(hotkey, netuid, netuid));
  }

  /** `get_tao_inherited_for_hotkey_on_subnet`. */
  inheritedTao(hotkey: Hotkey, netuid: NetUid): TaoRao {
    return taoRao(this.inherited(hotkey, netuid, ROOT_NETUID));
  }

  /**
   * The pools of a uid list on subnet i and on root, looked up once per list while no pool is
   * made or dropped (callers keep their list between epochs).
   */
  private poolRefsOf(netuid: NetUid, hotkeysByUid: readonly (Hotkey | undefined)[]): PoolRefs {
    const onSubnet = this.pools.get(netuid);
    const onRoot = this.pools.get(ROOT_NETUID);
    let refs = this.poolRefs.get(hotkeysByUid);
    const made = this.poolsMade.get(netuid) ?? 0;
    const madeOnRoot = this.poolsMade.get(ROOT_NETUID) ?? 0;
    if (refs === undefined || refs.netuid !== netuid || refs.made !== made || refs.madeOnRoot !== madeOnRoot || refs.onSubnet !== onSubnet || refs.onRoot !== onRoot) {
      refs = {
        netuid,
        made,
        madeOnRoot,
        onSubnet,
        onRoot,
        alpha: hotkeysByUid.map((h) => (h === undefined ? undefined : onSubnet?.get(h))),
        tao: hotkeysByUid.map((h) => (h === undefined ? undefined : onRoot?.get(h))),
      };
      this.poolRefs.set(hotkeysByUid, refs);
    }
    return refs;
  }

  /** Does any hotkey have a child or a parent on subnet i? */
  hasChildkeys(netuid: NetUid): boolean {
    return (this.children.get(netuid)?.size ?? 0) !== 0 || (this.parents.get(netuid)?.size ?? 0) !== 0;
  }

  /**
   * `get_stake_weights_for_network` (§7): α_inh and τ_inh per uid (hotkeys in uid order,
   * `undefined` for an empty uid).
   */
  stakeWeightsForNetwork(netuid: NetUid, hotkeysByUid: readonly (Hotkey | undefined)[]): StakeWeights {
    if (netuid !== ROOT_NETUID && !this.hasChildkeys(netuid)) {
      // no childkeys on the subnet: each uid's own pools on it and on root
      const refs = this.poolRefsOf(netuid, hotkeysByUid);
      const n = hotkeysByUid.length;
      const alpha = new Array<bigint>(n);
      const tao = new Array<bigint>(n);
      for (let i = 0; i < n; i++) {
        alpha[i] = refs.alpha[i]?.getSharedValue() ?? 0n;
        tao[i] = refs.tao[i]?.getSharedValue() ?? 0n;
      }
      return { alpha, tao };
    }
    const alpha = hotkeysByUid.map((h) => (h === undefined ? 0n : this.inherited(h, netuid, netuid)));
    const tao = hotkeysByUid.map((h) => (h === undefined ? 0n : this.inherited(h, netuid, ROOT_NETUID)));
    return { alpha, tao };
  }

  // ---- root claim state (§6.7) -------------------------------------------------------------

  /** `RootClaimable[h][i]`, I96F32 raw (0 when absent). */
  rootClaimableRate(hotkey: Hotkey, netuid: NetUid): bigint {
    return this.rootClaimable.get(hotkey)?.get(netuid) ?? 0n;
  }

  /** Netuids in `RootClaimable[h]`, ascending. */
  rootClaimableSubnets(hotkey: Hotkey): NetUid[] {
    const m = this.rootClaimable.get(hotkey);
    return m ? sortedKeys(m) : [];
  }

  /** `RootClaimed[(i, h, c)]`. */
  rootClaimedOf(netuid: NetUid, hotkey: Hotkey, coldkey: Coldkey): bigint {
    return this.rootClaimed.get(netuid)?.get(hotkey)?.get(coldkey) ?? 0n;
  }

  /** `RootClaimed[(i, h, ·)]`, created if absent. */
  private rootClaimedOn(netuid: NetUid, hotkey: Hotkey): Map<Coldkey, bigint> {
    const byHotkey = onSubnet(this.rootClaimed, netuid);
    let m = byHotkey.get(hotkey);
    if (m === undefined) byHotkey.set(hotkey, (m = new Map()));
    return m;
  }

  /** Root alpha dividends of subnet i that nobody has claimed yet. */
  unclaimedRootAlpha(netuid: NetUid): bigint {
    return this.unclaimedRoot.get(netuid) ?? 0n;
  }

  /**
   * `increase_root_claimable_for_hotkey_and_subnet`, claimable branch: RootClaimable[h][i] +=
   * `increment` (= amount / TotalHotkeyAlpha[h, 0], I96F32 raw, computed by the payout terms),
   * and `amount` joins subnet i's unclaimed root alpha.
   */
  increaseRootClaimable(hotkey: Hotkey, netuid: NetUid, amount: AlphaRao, increment: bigint): void {
    // SIM-DIVERGENCE (storage only): the chain makes a zero entry for every hotkey without a root
    // dividend (every miner, each epoch); taosim stores none. An absent entry reads as the same 0
    // rate, and a zero rate owes nothing, moves no watermark and claims nothing; skipping it saved
    // a lookup among every hotkey of the network per uid and epoch (~7% of a mainnet run).
    if (increment === 0n && amount === 0n) return;
    let m = this.rootClaimable.get(hotkey);
    if (m === undefined) this.rootClaimable.set(hotkey, (m = new Map()));
    m.set(netuid, satAdd(I96F32, m.get(netuid) ?? 0n, increment));
    this.unclaimedRoot.set(netuid, this.unclaimedRootAlpha(netuid) + amount);
  }

  /** `add_stake_adjust_root_claimed_for_hotkey_and_coldkey`. */
  addStakeAdjustRootClaimed(hotkey: Hotkey, coldkey: Coldkey, amount: bigint): void {
    for (const netuid of this.rootClaimableSubnets(hotkey)) {
      const claimed = this.rootClaimedOn(netuid, hotkey);
      const rate = this.rootClaimableRate(hotkey, netuid);
      claimed.set(coldkey, (claimed.get(coldkey) ?? 0n) + toU128(mul(I96F32, rate, fromInt(I96F32, amount))));
    }
  }

  /** `remove_stake_adjust_root_claimed_for_hotkey_and_coldkey` (saturating at 0: forfeits owed alpha). */
  removeStakeAdjustRootClaimed(hotkey: Hotkey, coldkey: Coldkey, amount: bigint): void {
    for (const netuid of this.rootClaimableSubnets(hotkey)) {
      if (netuid === ROOT_NETUID) continue;
      const claimed = this.rootClaimedOn(netuid, hotkey);
      const rate = this.rootClaimableRate(hotkey, netuid);
      const dec = toU128(mul(I96F32, rate, fromInt(I96F32, amount)));
      const cur = claimed.get(coldkey) ?? 0n;
      claimed.set(coldkey, cur > dec ? cur - dec : 0n);
    }
  }

  /** Record a claim of `owed` alpha: RootClaimed += owed and the unclaimed pot shrinks. */
  recordRootClaimed(netuid: NetUid, hotkey: Hotkey, coldkey: Coldkey, owed: bigint): void {
    const claimed = this.rootClaimedOn(netuid, hotkey);
    claimed.set(coldkey, (claimed.get(coldkey) ?? 0n) + owed);
    this.unclaimedRoot.set(netuid, this.unclaimedRootAlpha(netuid) - owed);
  }

  // ---- invariants -------------------------------------------------------------------------

  /**
   * §10.10: in every pool Σ_c value(c) ≤ TotalHotkeyAlpha, and no free balance is negative.
   * Throws `InvariantViolation` with the values involved.
   */
  checkInvariants(): void {
    for (const [c, v] of this.free) if (v < 0n) throw new InvariantViolation('free balance ≥ 0', { coldkey: c, balance: String(v) });
    for (const netuid of this.netuids()) {
      for (const h of this.hotkeysOnSubnet(netuid)) {
        const p = this.pool(h, netuid)!;
        let sum = 0n;
        for (const c of p.keys()) sum += p.getValue(c);
        if (sum > p.getSharedValue())
          throw new InvariantViolation('Σ stake values ≤ TotalHotkeyAlpha', {
            hotkey: h,
            netuid: String(netuid),
            sum: String(sum),
            total: String(p.getSharedValue()),
          });
      }
    }
  }
}

const I64_MAX = (1n << 63n) - 1n;

function assertAmount(amount: bigint): void {
  // The chain passes amounts as i64 into the share pool.
  if (amount < 0n || amount > I64_MAX) throw new InvariantViolation('stake amount fits i64', { amount: String(amount) });
}

/** `I96F32::saturating_to_num::<u128>()` of a non-negative value. */
const toU128 = (raw: bigint): bigint => (raw < 0n ? 0n : raw >> I96F32.frac);
