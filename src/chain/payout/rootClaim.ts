/**
 * Root claim: root stakers take their share of the root alpha dividends a hotkey earned on a
 * subnet. Mirrors subtensor `pallets/subtensor/src/staking/claim_root.rs`
 * (`get_root_owed_for_hotkey_coldkey_float`, `root_claim_on_subnet`, `root_claim_all`,
 * `try_do_root_claim`); shared/spec/economics.md §6.7.
 *
 *   owed = RootClaimable[h][i] · rootstake(h, c) − RootClaimed[(i, h, c)]        (I96F32)
 *   claim iff owed ≥ RootClaimableThreshold[i] and ⌊owed⌋ > 0
 *   Keep: ⌊owed⌋ becomes alpha stake of (h, c) on i
 *   Swap: ⌊owed⌋ is sold into pool i fee-less (by chain/swap, called by the engine), the TAO is
 *         staked to (h, c) on root with the watermark adjustment for every subnet
 *   then RootClaimed[(i, h, c)] += ⌊owed⌋
 *
 * Planning and applying are split because a Swap claim needs the pool in between: plan, let the
 * engine swap, then apply with the TAO it got.
 */
import { I96F32, fromInt, mul, satSubF, toU64 } from '../../core/fixed.js';
import { type AlphaRao, type TaoRao, alphaRao } from '../../core/units.js';
import { type Coldkey, type Hotkey, type Ledger, type NetUid, ROOT_NETUID } from '../staking/ledger.js';

/** `RootClaimableThreshold` default (lib.rs `DefaultMinRootClaimAmount`), alpha rao. */
export const DEFAULT_ROOT_CLAIMABLE_THRESHOLD = 500_000n;

/** `RootClaimTypeEnum`; the default is Swap. */
export type RootClaimType = { readonly kind: 'Swap' } | { readonly kind: 'Keep' } | { readonly kind: 'KeepSubnets'; readonly subnets: ReadonlySet<NetUid> };

/**
 * `get_root_owed_for_hotkey_coldkey_float`: I96F32 raw, may be negative. `rootStake`: c's root
 * stake on h, if the caller already has it (it is the same for every subnet).
 */
export function rootOwedFloat(ledger: Ledger, hotkey: Hotkey, coldkey: Coldkey, netuid: NetUid, rootStakeRao?: AlphaRao): bigint {
  const rootStake = fromInt(I96F32, rootStakeRao ?? ledger.stake(hotkey, coldkey, ROOT_NETUID));
  const claimable = mul(I96F32, ledger.rootClaimableRate(hotkey, netuid), rootStake);
  return satSubF(I96F32, claimable, fromInt(I96F32, ledger.rootClaimedOf(netuid, hotkey, coldkey)));
}

/** `get_root_owed_for_hotkey_coldkey`: floor, negatives as 0. */
export function rootOwed(ledger: Ledger, hotkey: Hotkey, coldkey: Coldkey, netuid: NetUid): AlphaRao {
  return alphaRao(toU64(I96F32, rootOwedFloat(ledger, hotkey, coldkey, netuid)));
}

export type RootClaimStep =
  | { readonly kind: 'skip'; readonly reason: 'BelowThreshold' | 'NothingOwed' }
  | { readonly kind: 'keep'; readonly owed: AlphaRao }
  /** Sell `owed` alpha into pool i (fee-less, no price limit) and call `applyRootClaimSwap`. */
  | { readonly kind: 'swap'; readonly owed: AlphaRao };

/** The decision of `root_claim_on_subnet` for (h, c, i), without side effects. */
export function planRootClaim(
  ledger: Ledger,
  hotkey: Hotkey,
  coldkey: Coldkey,
  netuid: NetUid,
  claimType: RootClaimType,
  threshold: bigint = DEFAULT_ROOT_CLAIMABLE_THRESHOLD,
  rootStake?: AlphaRao,
): RootClaimStep {
  const owed = rootOwedFloat(ledger, hotkey, coldkey, netuid, rootStake);
  if (owed < fromInt(I96F32, threshold)) return { kind: 'skip', reason: 'BelowThreshold' };
  const owedU64 = toU64(I96F32, owed);
  if (owedU64 === 0n) return { kind: 'skip', reason: 'NothingOwed' };
  const swap = claimType.kind === 'Swap' || (claimType.kind === 'KeepSubnets' && !claimType.subnets.has(netuid));
  return swap ? { kind: 'swap', owed: alphaRao(owedU64) } : { kind: 'keep', owed: alphaRao(owedU64) };
}

/** Keep: the owed alpha becomes c's stake on h in subnet i. */
export function applyRootClaimKeep(ledger: Ledger, hotkey: Hotkey, coldkey: Coldkey, netuid: NetUid, owed: AlphaRao): void {
  ledger.increaseStakeForHotkeyAndColdkeyOnSubnet(hotkey, coldkey, netuid, owed);
  ledger.recordRootClaimed(netuid, hotkey, coldkey, owed);
}

/**
 * Swap, after the engine sold `owed` alpha for `taoOut` TAO (and moved it to root's SubnetTAO and
 * SubnetAlphaOut): stake the TAO on root for (h, c), adjust the watermarks, record the claim.
 */
export function applyRootClaimSwap(ledger: Ledger, hotkey: Hotkey, coldkey: Coldkey, netuid: NetUid, owed: AlphaRao, taoOut: TaoRao): void {
  ledger.increaseStakeForHotkeyAndColdkeyOnSubnet(hotkey, coldkey, ROOT_NETUID, alphaRao(taoOut));
  ledger.addStakeAdjustRootClaimed(hotkey, coldkey, taoOut);
  ledger.recordRootClaimed(netuid, hotkey, coldkey, owed);
}

/**
 * The (hotkey, netuid) pairs `do_root_claim(c, subnets)` visits, in the chain's order: c's
 * StakingHotkeys in push order, each hotkey's RootClaimable subnets ascending. The owed amount of
 * each pair must be planned when its turn comes (earlier Swap claims move the pools).
 */
export function rootClaimOrder(ledger: Ledger, coldkey: Coldkey, subnets?: ReadonlySet<NetUid>): { hotkey: Hotkey; netuid: NetUid }[] {
  const out: { hotkey: Hotkey; netuid: NetUid }[] = [];
  for (const hotkey of ledger.stakingHotkeysOf(coldkey))
    for (const netuid of ledger.rootClaimableSubnets(hotkey)) if (subnets === undefined || subnets.has(netuid)) out.push({ hotkey, netuid });
  return out;
}
