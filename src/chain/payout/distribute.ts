/**
 * Payout of one subnet epoch: `distribute_emission` after the epoch has run, mirroring subtensor
 * `pallets/subtensor/src/coinbase/run_coinbase.rs` (`distribute_emission`,
 * `calculate_dividends_and_incentives`, `get_parent_child_dividends_distribution`,
 * `get_self_contribution`, `calculate_dividend_distribution`, `get_owner_hotkeys`,
 * `distribute_dividends_and_incentives`) and `staking/claim_root.rs`
 * (`increase_root_claimable_for_hotkey_and_subnet`); shared/spec/economics.md §6.3–6.6,
 * yuma.md §4.3. All fractional maths in U96F32 (floor).
 *
 *   V_eff = V if Σ incentive ≠ 0 else V + S                                           (§6.3)
 *   parent/child, per epoch hotkey h with dividend d:                                  (§6.4)
 *     self  = ⌊α_h·(1−Σq_c) + τ_h·(1−Σq_c)·tw⌋;  c_P = α_P·q_P + τ_P·q_P·tw;  total = self + Σ c_P
 *     e_P = d·(c_P/total); if Owner[P] ≠ Owner[h]: burn = CKBurn·e_P (recycled), take = ct_h·e_P,
 *     e_P −= burn + take;  P gets ⌊e_P⌋;  h keeps ⌊d − Σ e_P(before burn, take) + Σ take⌋
 *   alpha vs root, with the hotkey's own stakes:                                       (§6.5)
 *     rp_h = τ_h·tw / (α_h + τ_h·tw);  rdiv_h = d_h·rp_h;  adiv_h = d_h − rdiv_h
 *     alpha_div_h = V_eff·(adiv_h/Σadiv);  root_div_h = R·(rdiv_h/Σrdiv)
 *   payout:                                                                             (§6.6)
 *     owner cut O → stake (SubnetOwnerHotkey, SubnetOwner)
 *     incentive_h → burned/recycled if h is an owner hotkey, else stake (AutoStake[Owner[h]] ?? h, Owner[h])
 *     take = take_h·x;  ⌊take⌋ → stake (h, Owner[h]) on i;  alpha: ⌊x − take⌋ → pool of h (nominators)
 *                                                          root:  ⌊x − take⌋ → RootClaimable[h][i]
 *
 * Terms are computed from the state before the payout (as the chain reads its stake map first),
 * then applied in the chain's order: owner cut, incentives, alpha dividends, root dividends, each
 * in ascending hotkey order (BTreeMap).
 *
 * SIM-DIVERGENCE: hotkeys are ordered by their names, not by the bytes of an AccountId. The order
 * only changes which share-pool update runs first within one pool (at most a rao of rounding).
 */
import { I96F32, U96F32, checkedDiv, fromInt, mul, one, satAdd, satSubF, toU64 } from '../../core/fixed.js';
import { type AlphaRao, alphaRao } from '../../core/units.js';
import { type Coldkey, type Hotkey, type Ledger, type NetUid, ROOT_NETUID, normalizeU16Ratio, normalizeU64Ratio } from '../staking/ledger.js';

/** One uid's epoch output `(hotkey, server_emission, validator_emission)`, alpha rao. */
export interface HotkeyEmission {
  readonly hotkey: Hotkey;
  /** `Owner[hotkey]`, when the caller has it (the engine's neurons do); else read from the ledger. */
  readonly owner?: Coldkey;
  readonly incentive: AlphaRao;
  readonly dividend: AlphaRao;
}

/** The epoch output of every uid as columns (uid order): `HotkeyEmission` without an object per uid. */
export interface EmissionColumns {
  readonly hotkeys: readonly Hotkey[];
  /** `Owner[hotkey]` per uid, when the caller has them; else read from the ledger. */
  readonly owners?: readonly Coldkey[];
  readonly incentive: readonly bigint[];
  readonly dividend: readonly bigint[];
}

/** The four buckets drained at the epoch (§6.2). */
export interface DrainedPending {
  readonly server: AlphaRao;
  readonly validator: AlphaRao;
  readonly root: AlphaRao;
  readonly ownerCut: AlphaRao;
}

export type RecycleOrBurn = 'Burn' | 'Recycle';

export interface PayoutParams {
  readonly netuid: NetUid;
  /** `get_tao_weight()`, U96F32 raw. */
  readonly taoWeight: bigint;
  /** `get_ck_burn()`, U96F32 raw (default 0). */
  readonly ckBurn: bigint;
  /** `SubnetOwner[i]`, if set. */
  readonly subnetOwner: Coldkey | undefined;
  /** `SubnetOwnerHotkey[i]`, if set. */
  readonly subnetOwnerHotkey: Hotkey | undefined;
  /** `RecycleOrBurn[i]` (default Burn). */
  readonly recycleOrBurn: RecycleOrBurn;
  /** `AutoStakeDestination[(coldkey, i)]`. */
  readonly autoStakeDestination: ReadonlyMap<Coldkey, Hotkey>;
}

export interface StakeCredit {
  readonly hotkey: Hotkey;
  readonly coldkey: Coldkey;
  readonly amount: AlphaRao;
}

/**
 * The nonzero incentives, as columns in ascending order of the hotkeys that earned them: each
 * staked to (destination, coldkey), or withheld (destination undefined; burned or recycled as
 * `RecycleOrBurn[i]` says) because its hotkey is an owner hotkey.
 */
export interface IncentiveTerms {
  readonly sources: readonly Hotkey[];
  readonly amounts: readonly AlphaRao[];
  readonly destinations: readonly (Hotkey | undefined)[];
  readonly coldkeys: readonly Coldkey[];
  /**
   * When the emissions came with their uids' hotkey list: each incentive's uid in it (−1 if not
   * staked to its own hotkey), so that the ledger can stake through the pools it keeps for the list.
   */
  readonly byUid?: { readonly hotkeys: readonly Hotkey[]; readonly uids: readonly number[] };
}

export interface AlphaDividendTerm {
  readonly hotkey: Hotkey;
  readonly owner: Coldkey;
  /** `alpha_divs` before the take, U96F32 raw. */
  readonly dividend: bigint;
  /** ⌊take⌋, staked to (hotkey, owner). */
  readonly take: AlphaRao;
  /** ⌊dividend − take⌋, added to the hotkey's pool (`AlphaDividendsPerSubnet`). */
  readonly nominators: AlphaRao;
}

export interface RootDividendTerm {
  readonly hotkey: Hotkey;
  readonly owner: Coldkey;
  /** `root_alpha` before the take, U96F32 raw. */
  readonly dividend: bigint;
  /** ⌊take⌋, staked as alpha on the subnet to (hotkey, owner). */
  readonly take: AlphaRao;
  /** ⌊dividend − take⌋ (`RootAlphaDividendsPerSubnet`). */
  readonly rest: AlphaRao;
  /** Where `rest` goes: RootClaimable (with its I96F32 rate increment) or, if rest > root stake, the owner's stake. */
  readonly outcome: { readonly kind: 'claimable'; readonly increment: bigint } | { readonly kind: 'stakedToOwner' };
}

/** Every rao of the drained buckets, by destination. Σ of all fields but `drained`, `childkeyBurnRecycled` = drained. */
export interface PayoutAccounting {
  readonly drained: bigint;
  readonly ownerCutStaked: bigint;
  /** O when SubnetOwner or SubnetOwnerHotkey is unset: stays in o_i, owned by nobody. */
  readonly ownerCutUndistributed: bigint;
  readonly incentivesStaked: bigint;
  /** Owner-hotkey incentives in Burn mode: stay in o_i, owned by nobody. */
  readonly incentivesBurned: bigint;
  /** Owner-hotkey incentives in Recycle mode: o_i −= x. */
  readonly incentivesRecycled: bigint;
  /**
   * S − Σ incentive when Σ incentive ≠ 0 (else 0, S having gone to validators). Positive: stranded
   * in o_i. Negative: the epoch paid miners more than S (degenerate epochs, yuma.md §4.3).
   */
  readonly serverRemainder: bigint;
  readonly alphaDividendTakes: bigint;
  readonly alphaDividendNominators: bigint;
  /** V_eff when no hotkey has an alpha dividend (Σadiv = 0). */
  readonly validatorUndistributed: bigint;
  /** V_eff − paid − undistributed: the U96F32 ratio and floor losses. */
  readonly validatorDust: bigint;
  readonly rootDividendTakes: bigint;
  /** Into RootClaimable (the unclaimed root alpha of the subnet). */
  readonly rootDividendClaimable: bigint;
  readonly rootDividendStakedToOwner: bigint;
  /** R when no dividend-earning hotkey has root stake (Σrdiv = 0). */
  readonly rootUndistributed: bigint;
  readonly rootDust: bigint;
  /** CKBurn recycling, computed in dividend units and recycled in addition to the payout (§6.4). */
  readonly childkeyBurnRecycled: bigint;
}

export interface PayoutTerms {
  readonly netuid: NetUid;
  readonly ownerCut: StakeCredit | undefined;
  readonly incentives: IncentiveTerms;
  /** `MinerBurned[i]` = withheld / total incentive, U96F32 raw. */
  readonly minerBurned: bigint;
  /** The parent/child-adjusted dividends d_h ≠ 0, U96F32 raw, ascending hotkey. */
  readonly dividends: ReadonlyMap<Hotkey, bigint>;
  readonly childkeyBurns: readonly { readonly parent: Hotkey; readonly child: Hotkey; readonly amount: AlphaRao }[];
  /**
   * The hotkeys with an alpha or a root dividend, ascending; the same hotkeys in both lists. The
   * others' terms (most uids: the miners) are all 0, and staking 0 changes nothing (Ledger).
   */
  readonly alphaDividends: readonly AlphaDividendTerm[];
  readonly rootDividends: readonly RootDividendTerm[];
  readonly accounting: PayoutAccounting;
}

/** What the payout reads of the ledger. */
export type PayoutReads = Pick<Ledger, 'ownerOf' | 'childrenOf' | 'parentsOf' | 'hasChildkeys' | 'childkeyTake' | 'totalHotkeyAlpha' | 'hotkeyTakeFloat'>;

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const U96_ONE = one(U96F32);
const f = (v: bigint): bigint => fromInt(U96F32, v);
const floor = (raw: bigint): bigint => toU64(U96F32, raw);

/** Is uid hotkey h (owned by `owner`) in `get_owner_hotkeys`: the owner coldkey's hotkeys with a uid, plus SubnetOwnerHotkey? */
export function isOwnerHotkey(hotkey: Hotkey, owner: Coldkey, params: PayoutParams): boolean {
  return (params.subnetOwner !== undefined && owner === params.subnetOwner) || hotkey === params.subnetOwnerHotkey;
}

/** `get_self_contribution`: h's own stake weight net of what it lends to its children, u64. */
export function selfContribution(ledger: PayoutReads, hotkey: Hotkey, netuid: NetUid, taoWeight: bigint): bigint {
  let remaining = U96_ONE;
  for (const c of ledger.childrenOf(hotkey, netuid)) remaining = satSubF(U96F32, remaining, normalizeU64Ratio(c.proportion));
  const root = f(ledger.totalHotkeyAlpha(hotkey, ROOT_NETUID));
  const alpha = f(ledger.totalHotkeyAlpha(hotkey, netuid));
  const alphaContribution = mul(U96F32, alpha, remaining);
  const rootContribution = mul(U96F32, mul(U96F32, root, remaining), taoWeight);
  return floor(satAdd(U96F32, alphaContribution, rootContribution));
}

/** `get_parent_child_dividends_distribution`: (hotkey, ⌊dividend⌋) for each parent, then h itself; plus CKBurn amounts. */
export function parentChildDividends(
  ledger: PayoutReads,
  hotkey: Hotkey,
  netuid: NetUid,
  dividend: bigint,
  taoWeight: bigint,
  ckBurn: bigint,
): { tuples: { hotkey: Hotkey; amount: bigint }[]; burns: { parent: Hotkey; amount: bigint }[] } {
  const parents = ledger.parentsOf(hotkey, netuid);
  // Without parents h keeps ⌊U96F32(d)⌋ = d: its self contribution only weighs it against theirs.
  if (parents.length === 0) return { tuples: [{ hotkey, amount: dividend }], burns: [] };
  if (dividend === 0n) {
    // Every emission, burn and take below is a multiple of the dividend: all 0, whatever the stakes.
    const owner = ledger.ownerOf(hotkey);
    return {
      tuples: [...parents.map((p) => ({ hotkey: p.hotkey, amount: 0n })), { hotkey, amount: 0n }],
      burns: parents.filter((p) => ledger.ownerOf(p.hotkey) !== owner).map((p) => ({ parent: p.hotkey, amount: 0n })),
    };
  }
  const validating = f(dividend);
  let remaining = validating;
  const childTake = normalizeU16Ratio(ledger.childkeyTake(hotkey, netuid));
  const childOwner = ledger.ownerOf(hotkey);
  let totalChildTake = 0n;
  let totalContribution = f(selfContribution(ledger, hotkey, netuid, taoWeight));
  const contributions: { parent: Hotkey; contribution: bigint }[] = [];
  for (const p of parents) {
    const q = normalizeU64Ratio(p.proportion);
    const parentRoot = f(ledger.totalHotkeyAlpha(p.hotkey, ROOT_NETUID));
    const parentAlpha = f(ledger.totalHotkeyAlpha(p.hotkey, netuid));
    const contribution = satAdd(U96F32, mul(U96F32, parentAlpha, q), mul(U96F32, mul(U96F32, parentRoot, q), taoWeight));
    totalContribution = satAdd(U96F32, totalContribution, contribution);
    contributions.push({ parent: p.hotkey, contribution });
  }
  const tuples: { hotkey: Hotkey; amount: bigint }[] = [];
  const burns: { parent: Hotkey; amount: bigint }[] = [];
  for (const { parent, contribution } of contributions) {
    const factor = checkedDiv(U96F32, contribution, totalContribution) ?? 0n;
    let parentEmission = mul(U96F32, validating, factor);
    remaining = satSubF(U96F32, remaining, parentEmission);
    if (ledger.ownerOf(parent) !== childOwner) {
      const burnTake = mul(U96F32, ckBurn, parentEmission);
      const take = mul(U96F32, childTake, parentEmission);
      parentEmission = satSubF(U96F32, satSubF(U96F32, parentEmission, burnTake), take);
      totalChildTake = satAdd(U96F32, totalChildTake, take);
      burns.push({ parent, amount: floor(burnTake) });
    }
    tuples.push({ hotkey: parent, amount: floor(parentEmission) });
  }
  tuples.push({ hotkey, amount: floor(satAdd(U96F32, remaining, totalChildTake)) });
  return { tuples, burns };
}

/**
 * `calculate_dividend_distribution` on parallel arrays (hotkeys in ascending order): split each
 * d_h into alpha and root parts by h's own stakes and renormalise them to V_eff and R.
 */
function splitDividends(
  validatorAlpha: bigint,
  rootAlpha: bigint,
  taoWeight: bigint,
  stakes: readonly { alpha: bigint; root: bigint }[],
  divs: readonly bigint[],
): { alpha: bigint[]; root: bigint[] } {
  const n = divs.length;
  const alphaDivs = new Array<bigint>(n);
  const rootDivs = new Array<bigint>(n);
  let totalAlpha = 0n;
  let totalRoot = 0n;
  for (let k = 0; k < n; k++) {
    const d = divs[k]!;
    if (d === 0n) {
      // Both parts of a zero dividend are 0 (and so are their renormalised values below).
      alphaDivs[k] = 0n;
      rootDivs[k] = 0n;
      continue;
    }
    const st = stakes[k]!;
    const rootAlphaStake = mul(U96F32, f(st.root), taoWeight);
    const total = satAdd(U96F32, f(st.alpha), rootAlphaStake);
    const rootProp = checkedDiv(U96F32, rootAlphaStake, total) ?? 0n;
    const rd = mul(U96F32, d, rootProp);
    const ad = satSubF(U96F32, d, rd);
    alphaDivs[k] = ad;
    rootDivs[k] = rd;
    totalAlpha = satAdd(U96F32, totalAlpha, ad);
    totalRoot = satAdd(U96F32, totalRoot, rd);
  }
  const vAlpha = f(validatorAlpha);
  const vRoot = f(rootAlpha);
  for (let k = 0; k < n; k++) {
    const rd = rootDivs[k]!;
    const ad = alphaDivs[k]!;
    rootDivs[k] = rd === 0n ? 0n : mul(U96F32, vRoot, checkedDiv(U96F32, rd, totalRoot) ?? 0n);
    alphaDivs[k] = ad === 0n ? 0n : mul(U96F32, vAlpha, checkedDiv(U96F32, ad, totalAlpha) ?? 0n);
  }
  return { alpha: alphaDivs, root: rootDivs };
}

/**
 * `calculate_dividend_distribution` on maps: keyed and iterated in ascending hotkey order
 * (`order`: the dividends' hotkeys sorted, if the caller has them already); hotkeys without a
 * stake entry are left out.
 */
export function dividendDistribution(
  validatorAlpha: bigint,
  rootAlpha: bigint,
  taoWeight: bigint,
  stakeMap: ReadonlyMap<Hotkey, { alpha: bigint; root: bigint }>,
  dividends: ReadonlyMap<Hotkey, bigint>,
  order: readonly Hotkey[] = [...dividends.keys()].sort(byName),
): { alphaDividends: Map<Hotkey, bigint>; rootDividends: Map<Hotkey, bigint> } {
  const hotkeys = order.filter((h) => stakeMap.has(h));
  const split = splitDividends(
    validatorAlpha,
    rootAlpha,
    taoWeight,
    hotkeys.map((h) => stakeMap.get(h)!),
    hotkeys.map((h) => dividends.get(h)!),
  );
  return {
    alphaDividends: new Map(hotkeys.map((h, k) => [h, split.alpha[k]!])),
    rootDividends: new Map(hotkeys.map((h, k) => [h, split.root[k]!])),
  };
}

/** Does `order` list every hotkey once, in strictly ascending order? */
function ordersByName(order: readonly number[], hotkeys: readonly Hotkey[]): boolean {
  if (order.length !== hotkeys.length) return false;
  let prev: Hotkey | undefined;
  for (const k of order) {
    const h = hotkeys[k];
    if (h === undefined || (prev !== undefined && !(prev < h))) return false;
    prev = h;
  }
  return true;
}

/**
 * The payout terms of one epoch (`distribute_emission` without its side effects). `emissions`
 * is the epoch output for every uid of the subnet, in uid order; `uidsByName`, if the caller has
 * it, the uids in ascending hotkey order (checked; it saves a sort). Reads the ledger, changes
 * nothing.
 */
export function computePayout(
  ledger: PayoutReads,
  emissions: readonly HotkeyEmission[],
  pending: DrainedPending,
  params: PayoutParams,
  uidsByName?: readonly number[],
): PayoutTerms {
  const owners = emissions.map((e) => e.owner);
  const columns = {
    hotkeys: emissions.map((e) => e.hotkey),
    incentive: emissions.map((e) => e.incentive),
    dividend: emissions.map((e) => e.dividend),
    ...(owners.every((o) => o !== undefined) ? { owners } : {}),
  };
  return computePayoutColumns(ledger, columns, pending, params, uidsByName);
}

/** `computePayout` on the epoch output as columns (what the engine hands in). */
export function computePayoutColumns(
  ledger: PayoutReads,
  emissions: EmissionColumns,
  pending: DrainedPending,
  params: PayoutParams,
  uidsByName?: readonly number[],
): PayoutTerms {
  const { netuid, taoWeight } = params;
  const n = emissions.hotkeys.length;

  // 1. V_eff: validators take the miners' share too when no incentive was produced.
  let incentiveSum = 0n;
  for (const x of emissions.incentive) incentiveSum += x;
  const validatorAlpha = incentiveSum !== 0n ? pending.validator : pending.validator + pending.server;

  // 2. Incentives and dividends per hotkey (parents included), in slots: with no childkeys on the
  // subnet and the caller's uid order by name, one slot per uid; else the uids' hotkeys, then
  // parents from outside the subnet, each hotkey once, sorted here.
  let keys: readonly Hotkey[];
  let owners: readonly (Coldkey | undefined)[];
  let incentiveOf: readonly (bigint | undefined)[];
  let divs: bigint[];
  let order: readonly number[];
  const childkeyBurns: { parent: Hotkey; child: Hotkey; amount: AlphaRao }[] = [];
  let childkeyBurnRecycled = 0n;
  const slotPerUid = uidsByName !== undefined && !ledger.hasChildkeys(netuid) && ordersByName(uidsByName, emissions.hotkeys);
  if (slotPerUid) {
    keys = emissions.hotkeys;
    owners = emissions.owners ?? [];
    incentiveOf = emissions.incentive;
    divs = emissions.dividend.map((d) => (d === 0n ? 0n : f(d))); // h keeps ⌊U96F32(d)⌋ = d
    order = uidsByName!;
  } else {
    const slotKeys: Hotkey[] = [];
    const slotOwners: (Coldkey | undefined)[] = [];
    const slotIncentive: (bigint | undefined)[] = [];
    divs = [];
    const slotOf = new Map<Hotkey, number>();
    const slot = (h: Hotkey): number => {
      let k = slotOf.get(h);
      if (k === undefined) {
        slotOf.set(h, (k = slotKeys.length));
        slotKeys.push(h);
        slotOwners.push(undefined);
        slotIncentive.push(undefined);
        divs.push(0n);
      }
      return k;
    };
    const addDividend = (k: number, amount: bigint): void => {
      if (amount !== 0n) divs[k] = satAdd(U96F32, divs[k]!, f(amount));
    };
    for (let u = 0; u < n; u++) {
      const hotkey = emissions.hotkeys[u]!;
      const dividend = emissions.dividend[u]!;
      const k = slot(hotkey);
      const owner = emissions.owners?.[u];
      if (owner !== undefined) slotOwners[k] = owner;
      slotIncentive[k] = (slotIncentive[k] ?? 0n) + emissions.incentive[u]!;
      if (ledger.parentsOf(hotkey, netuid).length === 0) {
        addDividend(k, dividend); // h keeps ⌊U96F32(d)⌋ = d
        continue;
      }
      const { tuples, burns } = parentChildDividends(ledger, hotkey, netuid, dividend, taoWeight, params.ckBurn);
      for (const t of tuples) addDividend(slot(t.hotkey), t.amount);
      for (const b of burns) {
        childkeyBurns.push({ parent: b.parent, child: hotkey, amount: alphaRao(b.amount) });
        childkeyBurnRecycled += b.amount;
      }
    }
    keys = slotKeys;
    owners = slotOwners;
    incentiveOf = slotIncentive;
    // the default sort orders strings by UTF-16 code units, as `byName` does
    order = [...slotKeys].sort().map((h) => slotOf.get(h)!);
  }
  const ownerOf = (k: number): Coldkey => owners[k] ?? ledger.ownerOf(keys[k]!);

  // 3. Alpha vs root dividends by each hotkey's own stakes, in ascending hotkey order, over the
  // hotkeys with a dividend (a zero dividend splits into zeros whatever the stakes are).
  const paid: number[] = [];
  for (const k of order) if (divs[k] !== 0n) paid.push(k);
  const paidDivs = paid.map((k) => divs[k]!);
  const stakes = paid.map((k) => ({ alpha: ledger.totalHotkeyAlpha(keys[k]!, netuid), root: ledger.totalHotkeyAlpha(keys[k]!, ROOT_NETUID) }));
  const split = splitDividends(validatorAlpha, pending.root, taoWeight, stakes, paidDivs);

  // 4. Owner cut.
  const ownerCut =
    params.subnetOwner !== undefined && params.subnetOwnerHotkey !== undefined
      ? { hotkey: params.subnetOwnerHotkey, coldkey: params.subnetOwner, amount: pending.ownerCut }
      : undefined;

  // 5. Incentives: withheld for owner hotkeys, else staked to the owner's auto-stake destination.
  const sources: Hotkey[] = [];
  const amounts: AlphaRao[] = [];
  const destinations: (Hotkey | undefined)[] = [];
  const coldkeys: Coldkey[] = [];
  // slots are uids on the one-slot-per-uid path
  const uids: number[] | undefined = slotPerUid ? [] : undefined;
  let withheld = 0n;
  for (const k of order) {
    const incentive = incentiveOf[k];
    if (incentive === undefined || incentive === 0n) continue;
    const hotkey = keys[k]!;
    const owner = ownerOf(k);
    const ownerHotkey = isOwnerHotkey(hotkey, owner, params);
    if (ownerHotkey) withheld += incentive;
    const destination = ownerHotkey ? undefined : (params.autoStakeDestination.get(owner) ?? hotkey);
    sources.push(hotkey);
    amounts.push(alphaRao(incentive));
    destinations.push(destination);
    coldkeys.push(owner);
    uids?.push(destination === hotkey ? k : -1);
  }
  const incentives: IncentiveTerms = { sources, amounts, destinations, coldkeys, ...(uids ? { byUid: { hotkeys: emissions.hotkeys, uids } } : {}) };
  const staked = incentiveSum - withheld;

  // 6. Dividends and delegate takes, in ascending hotkey order.
  const dividends = new Map<Hotkey, bigint>();
  const alphaTerms: AlphaDividendTerm[] = [];
  const rootTerms: RootDividendTerm[] = [];
  let alphaTakes = 0n;
  let nominators = 0n;
  let rootTakes = 0n;
  let claimable = 0n;
  let toOwner = 0n;
  let alphaAllZero = true;
  let rootAllZero = true;
  paid.forEach((k, r) => {
    const hotkey = keys[k]!;
    dividends.set(hotkey, paidDivs[r]!);
    const alphaDividend = split.alpha[r]!;
    const rootDividend = split.root[r]!;
    if (alphaDividend === 0n && rootDividend === 0n) {
      // Nothing to take: every amount is 0, and 0 rest is claimable at rate 0 (⌊0/stake⌋, or 0/0 → 0).
      return;
    }
    const owner = ownerOf(k);
    const takeRate = ledger.hotkeyTakeFloat(hotkey);

    const alphaTake = mul(U96F32, takeRate, alphaDividend);
    const alphaTerm = {
      hotkey,
      owner,
      dividend: alphaDividend,
      take: alphaRao(floor(alphaTake)),
      nominators: alphaRao(floor(satSubF(U96F32, alphaDividend, alphaTake))),
    };
    alphaTerms.push(alphaTerm);
    alphaTakes += alphaTerm.take;
    nominators += alphaTerm.nominators;
    if (alphaDividend !== 0n) alphaAllZero = false;

    const rootTake = mul(U96F32, takeRate, rootDividend);
    const rest = floor(satSubF(U96F32, rootDividend, rootTake));
    const rootStake = ledger.totalHotkeyAlpha(hotkey, ROOT_NETUID);
    const outcome: RootDividendTerm['outcome'] =
      rest > rootStake
        ? { kind: 'stakedToOwner' }
        : { kind: 'claimable', increment: checkedDiv(I96F32, fromInt(I96F32, rest), fromInt(I96F32, rootStake)) ?? 0n };
    const rootTerm = { hotkey, owner, dividend: rootDividend, take: alphaRao(floor(rootTake)), rest: alphaRao(rest), outcome };
    rootTerms.push(rootTerm);
    rootTakes += rootTerm.take;
    if (outcome.kind === 'claimable') claimable += rest;
    else toOwner += rest;
    if (rootDividend !== 0n) rootAllZero = false;
  });

  const minerBurned = checkedDiv(U96F32, f(withheld), f(incentiveSum)) ?? 0n;

  // 7. Accounting.
  const alphaPaid = alphaTakes + nominators;
  const validatorUndistributed = alphaPaid === 0n && alphaAllZero ? validatorAlpha : 0n;
  const rootPaid = rootTakes + claimable + toOwner;
  const rootUndistributed = rootPaid === 0n && rootAllZero ? pending.root : 0n;
  const accounting: PayoutAccounting = {
    drained: pending.server + pending.validator + pending.root + pending.ownerCut,
    ownerCutStaked: ownerCut ? pending.ownerCut : 0n,
    ownerCutUndistributed: ownerCut ? 0n : pending.ownerCut,
    incentivesStaked: staked,
    incentivesBurned: params.recycleOrBurn === 'Burn' ? withheld : 0n,
    incentivesRecycled: params.recycleOrBurn === 'Recycle' ? withheld : 0n,
    serverRemainder: incentiveSum !== 0n ? pending.server - incentiveSum : 0n,
    alphaDividendTakes: alphaTakes,
    alphaDividendNominators: nominators,
    validatorUndistributed,
    validatorDust: validatorAlpha - alphaPaid - validatorUndistributed,
    rootDividendTakes: rootTakes,
    rootDividendClaimable: claimable,
    rootDividendStakedToOwner: toOwner,
    rootUndistributed,
    rootDust: pending.root - rootPaid - rootUndistributed,
    childkeyBurnRecycled,
  };

  return { netuid, ownerCut, incentives, minerBurned, dividends, childkeyBurns, alphaDividends: alphaTerms, rootDividends: rootTerms, accounting };
}

/** Σ of every destination of the drained alpha; equals `accounting.drained` by construction. */
export function accountedFor(a: PayoutAccounting): bigint {
  return (
    a.ownerCutStaked +
    a.ownerCutUndistributed +
    a.incentivesStaked +
    a.incentivesBurned +
    a.incentivesRecycled +
    a.serverRemainder +
    a.alphaDividendTakes +
    a.alphaDividendNominators +
    a.validatorUndistributed +
    a.validatorDust +
    a.rootDividendTakes +
    a.rootDividendClaimable +
    a.rootDividendStakedToOwner +
    a.rootUndistributed +
    a.rootDust
  );
}

/**
 * What of the drained alpha stays in SubnetAlphaOut owned by nobody: the parts of `accountedFor`
 * that no ledger entry receives and that do not leave o_i, less the childkey burn that does.
 */
export function unownedOf(a: PayoutAccounting): bigint {
  return a.ownerCutUndistributed + a.incentivesBurned + a.serverRemainder + a.validatorUndistributed + a.validatorDust + a.rootUndistributed + a.rootDust - a.childkeyBurnRecycled;
}

/**
 * Apply the terms to the ledger in the chain's order. The alpha that leaves o_i
 * (`incentivesRecycled`, `childkeyBurnRecycled`) is the caller's to take out of SubnetAlphaOut.
 */
export function applyPayout(ledger: Ledger, terms: PayoutTerms): void {
  const { netuid } = terms;
  if (terms.ownerCut) ledger.increaseStakeForHotkeyAndColdkeyOnSubnet(terms.ownerCut.hotkey, terms.ownerCut.coldkey, netuid, terms.ownerCut.amount);
  const { amounts, destinations, coldkeys, byUid } = terms.incentives;
  for (let t = 0; t < amounts.length; t++) {
    const destination = destinations[t];
    if (destination === undefined) continue;
    const uid = byUid?.uids[t] ?? -1;
    if (uid >= 0) ledger.increaseStakeForUidAndColdkeyOnSubnet(byUid!.hotkeys, uid, coldkeys[t]!, netuid, amounts[t]!);
    else ledger.increaseStakeForHotkeyAndColdkeyOnSubnet(destination, coldkeys[t]!, netuid, amounts[t]!);
  }
  for (const t of terms.alphaDividends) {
    ledger.increaseStakeForHotkeyAndColdkeyOnSubnet(t.hotkey, t.owner, netuid, t.take);
    // adding 0 to a pool's value changes nothing
    if (t.nominators !== 0n) ledger.increaseStakeForHotkeyOnSubnet(t.hotkey, netuid, t.nominators);
  }
  for (const t of terms.rootDividends) {
    ledger.increaseStakeForHotkeyAndColdkeyOnSubnet(t.hotkey, t.owner, netuid, t.take);
    if (t.outcome.kind === 'claimable') ledger.increaseRootClaimable(t.hotkey, netuid, t.rest, t.outcome.increment);
    else ledger.increaseStakeForHotkeyAndColdkeyOnSubnet(t.hotkey, t.owner, netuid, t.rest);
  }
}
