/**
 * Payout invariants (economics.md §6.3–6.6, §10.8–9): every drained rao is accounted for, the
 * ledger moves by exactly the staked terms, nominators earn pro rata, and Σse = 0 hands the miner
 * share to validators.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { U96F32, fromF64, fromInt } from '../../../src/core/fixed.js';
import { alphaRao, U64_MAX } from '../../../src/core/units.js';
import { Ledger, ROOT_NETUID } from '../../../src/chain/staking/ledger.js';
import { accountedFor, applyPayout, computePayout, parentChildDividends, type PayoutParams, type PayoutTerms } from '../../../src/chain/payout/distribute.js';

const NET = 1;
const HOTKEYS = ['a', 'b', 'c', 'd'];

const world = fc.record({
  stakes: fc.array(
    fc.record({ h: fc.constantFrom(...HOTKEYS), c: fc.constantFrom('x', 'y', 'z', 'oa', 'ob'), n: fc.constantFrom(0, NET), amount: fc.bigInt({ min: 1n, max: 10n ** 15n }) }),
    { maxLength: 12 },
  ),
  takes: fc.array(fc.integer({ min: 0, max: 11_796 }), { minLength: 4, maxLength: 4 }),
  owners: fc.array(fc.constantFrom('oa', 'ob', 'oc'), { minLength: 4, maxLength: 4 }),
  child: fc.option(fc.record({ parent: fc.constantFrom(...HOTKEYS), child: fc.constantFrom(...HOTKEYS), proportion: fc.bigInt({ min: 0n, max: U64_MAX }), take: fc.integer({ min: 0, max: 11_796 }) })),
  epoch: fc.array(fc.record({ h: fc.constantFrom(...HOTKEYS), incentive: fc.bigInt({ min: 0n, max: 10n ** 12n }), dividend: fc.bigInt({ min: 0n, max: 10n ** 12n }) }), { minLength: 1, maxLength: 5 }),
  pending: fc.record({ server: fc.bigInt({ min: 0n, max: 10n ** 12n }), validator: fc.bigInt({ min: 0n, max: 10n ** 12n }), root: fc.bigInt({ min: 0n, max: 10n ** 12n }), ownerCut: fc.bigInt({ min: 0n, max: 10n ** 12n }) }),
  taoWeight: fc.double({ min: 0, max: 1, noNaN: true }),
  ckBurn: fc.constantFrom(0, 0.1),
  subnetOwner: fc.option(fc.constantFrom('oa', 'ob', 'oc')),
  subnetOwnerHotkey: fc.option(fc.constantFrom(...HOTKEYS)),
  recycle: fc.boolean(),
  autoStake: fc.boolean(),
});
type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

function build(w: World): { ledger: Ledger; params: PayoutParams } {
  const ledger = new Ledger();
  HOTKEYS.forEach((h, i) => ledger.createHotkey(h, w.owners[i]!, w.takes[i]!));
  for (const s of w.stakes) ledger.increaseStakeForHotkeyAndColdkeyOnSubnet(s.h, s.c, s.n, alphaRao(s.amount));
  if (w.child) {
    ledger.setChildren(w.child.parent, NET, [{ hotkey: w.child.child, proportion: w.child.proportion }]);
    ledger.setChildkeyTake(w.child.child, NET, w.child.take);
  }
  const params: PayoutParams = {
    netuid: NET,
    taoWeight: fromF64(U96F32, w.taoWeight),
    ckBurn: fromF64(U96F32, w.ckBurn),
    subnetOwner: w.subnetOwner ?? undefined,
    subnetOwnerHotkey: w.subnetOwnerHotkey ?? undefined,
    recycleOrBurn: w.recycle ? 'Recycle' : 'Burn',
    autoStakeDestination: new Map(w.autoStake ? [['oa', 'd']] : []),
  };
  return { ledger, params };
}

const emissionsOf = (w: World) => w.epoch.map((e) => ({ hotkey: e.h, incentive: alphaRao(e.incentive), dividend: alphaRao(e.dividend) }));
const pendingOf = (w: World) => ({
  server: alphaRao(w.pending.server),
  validator: alphaRao(w.pending.validator),
  root: alphaRao(w.pending.root),
  ownerCut: alphaRao(w.pending.ownerCut),
});

/** Terms without the uid references the one-slot-per-uid path adds (how to stake, not what). */
const byNameOnly = (t: PayoutTerms): PayoutTerms => {
  const { sources, amounts, destinations, coldkeys } = t.incentives;
  return { ...t, incentives: { sources, amounts, destinations, coldkeys } };
};

/** Every stake, total and staking-hotkey list the payout can touch. */
const ledgerState = (l: Ledger) =>
  HOTKEYS.flatMap((h) =>
    [0, NET].flatMap((n) => [l.totalHotkeyAlpha(h, n), ...['x', 'y', 'z', 'oa', 'ob', 'oc'].map((c) => l.stake(h, c, n))]),
  ).concat(['x', 'y', 'z', 'oa', 'ob', 'oc'].map((c) => l.stakingHotkeysOf(c).join(',')) as never[]);

describe('payout (property)', () => {
  it('staking incentives through the pools kept for the uid list moves the ledger as staking them by name', () => {
    let throughUids = 0;
    fc.assert(
      fc.property(world, (w) => {
        const { ledger, params } = build(w);
        // one uid per hotkey, in uid order, with the uids by name: the payout's one-slot-per-uid path
        const emissions = emissionsOf(w).filter((e, i, all) => all.findIndex((x) => x.hotkey === e.hotkey) === i);
        const byName = emissions.map((_, i) => i).sort((a, b) => (emissions[a]!.hotkey < emissions[b]!.hotkey ? -1 : 1));
        const terms = computePayout(ledger, emissions, pendingOf(w), params, byName);
        if (terms.incentives.byUid?.uids.some((u) => u >= 0)) throughUids++;
        const a = ledger.clone();
        const b = ledger.clone();
        // stake weights first, as the engine reads them, so that the pools are looked up before the payout
        a.stakeWeightsForNetwork(NET, terms.incentives.byUid?.hotkeys ?? []);
        applyPayout(a, terms);
        applyPayout(b, byNameOnly(terms));
        expect(ledgerState(a)).toEqual(ledgerState(b));
      }),
      { numRuns: 300 },
    );
    expect(throughUids).toBeGreaterThan(50);
  });

  it('conserves: Σ paid + burned + recycled + stranded = drained, and the ledger moves by exactly the staked terms', () => {
    fc.assert(
      fc.property(world, (w) => {
        const { ledger, params } = build(w);
        const before = ledger.clone();
        const terms = computePayout(ledger, emissionsOf(w), pendingOf(w), params);
        const a = terms.accounting;
        expect(accountedFor(a)).toBe(a.drained);
        for (const [k, v] of Object.entries(a)) if (k !== 'serverRemainder') expect(v, k).toBeGreaterThanOrEqual(0n);
        // Computing terms changes nothing.
        expect(ledger.totalStakeOnSubnet(NET)).toBe(before.totalStakeOnSubnet(NET));

        applyPayout(ledger, terms);
        ledger.checkInvariants();
        const staked = a.ownerCutStaked + a.incentivesStaked + a.alphaDividendTakes + a.alphaDividendNominators + a.rootDividendTakes + a.rootDividendStakedToOwner;
        expect(ledger.totalStakeOnSubnet(NET) - before.totalStakeOnSubnet(NET)).toBe(staked);
        expect(ledger.totalStakeOnSubnet(ROOT_NETUID)).toBe(before.totalStakeOnSubnet(ROOT_NETUID));
        expect(ledger.unclaimedRootAlpha(NET)).toBe(a.rootDividendClaimable);

        const incentiveSum = w.epoch.reduce((s, e) => s + e.incentive, 0n);
        const validatorBucket = a.alphaDividendTakes + a.alphaDividendNominators + a.validatorUndistributed + a.validatorDust;
        if (incentiveSum === 0n) {
          // Σse = 0 ⇒ validators get the miner share.
          expect(validatorBucket).toBe(w.pending.validator + w.pending.server);
          expect(a.serverRemainder).toBe(0n);
        } else {
          expect(validatorBucket).toBe(w.pending.validator);
          expect(a.incentivesStaked + a.incentivesBurned + a.incentivesRecycled).toBe(incentiveSum);
        }
        // Dust per payee: the 2^-32 truncation of its ratio times the bucket, plus three floors.
        const bound = (bucket: bigint, n: number): bigint => BigInt(n) * ((bucket >> 32n) + 3n);
        expect(a.validatorDust).toBeLessThanOrEqual(bound(w.pending.validator + w.pending.server, terms.alphaDividends.length));
        expect(a.rootDust).toBeLessThanOrEqual(bound(w.pending.root, terms.rootDividends.length));
      }),
      { numRuns: 150 },
    );
  });

  it('owners handed in with the emissions give the terms the ledger gives', () => {
    fc.assert(
      fc.property(world, (w) => {
        const { ledger, params } = build(w);
        const plain = computePayout(ledger, emissionsOf(w), pendingOf(w), params);
        const withOwners = emissionsOf(w).map((e) => ({ ...e, owner: ledger.ownerOf(e.hotkey) }));
        expect(computePayout(ledger, withOwners, pendingOf(w), params)).toEqual(plain);
        // the uids in hotkey order (checked, so a wrong order falls back to sorting) give the same terms
        const byName = withOwners.map((_, i) => i).sort((a, b) => (withOwners[a]!.hotkey < withOwners[b]!.hotkey ? -1 : withOwners[a]!.hotkey > withOwners[b]!.hotkey ? 1 : 0));
        expect(byNameOnly(computePayout(ledger, withOwners, pendingOf(w), params, byName))).toEqual(plain);
        expect(byNameOnly(computePayout(ledger, withOwners, pendingOf(w), params, [...byName].reverse()))).toEqual(plain);
        // and the owner handed in is the one used
        const wrong = emissionsOf(w).map((e) => ({ ...e, owner: 'nobody' }));
        const terms = computePayout(ledger, wrong, pendingOf(w), params);
        for (const t of terms.alphaDividends) if (w.epoch.some((e) => e.h === t.hotkey)) expect(t.owner).toBe('nobody');
      }),
      { numRuns: 150 },
    );
  });

  it('parent/child split: Σ shares = dividend − CKBurn, to within one rao per recipient', () => {
    fc.assert(
      fc.property(world, fc.bigInt({ min: 0n, max: 10n ** 13n }), (w, d) => {
        const { ledger, params } = build(w);
        const h = w.child?.child ?? 'a';
        const { tuples, burns } = parentChildDividends(ledger, h, NET, d, params.taoWeight, params.ckBurn);
        const paid = tuples.reduce((s, t) => s + t.amount, 0n);
        const burned = burns.reduce((s, b) => s + b.amount, 0n);
        expect(paid + burned).toBeLessThanOrEqual(d);
        expect(d - paid - burned).toBeLessThanOrEqual(BigInt(2 * tuples.length));
      }),
      { numRuns: 100 },
    );
  });

  it('nominators of a validator gain pro rata; the owner also gets the take', () => {
    const ledger = new Ledger();
    ledger.createHotkey('v', 'vowner', 6_553); // ≈ 10%
    ledger.increaseStakeForHotkeyAndColdkeyOnSubnet('v', 'n1', NET, alphaRao(3_000_000_000n));
    ledger.increaseStakeForHotkeyAndColdkeyOnSubnet('v', 'n2', NET, alphaRao(1_000_000_000n));
    const params: PayoutParams = { netuid: NET, taoWeight: 0n, ckBurn: 0n, subnetOwner: undefined, subnetOwnerHotkey: undefined, recycleOrBurn: 'Burn', autoStakeDestination: new Map() };
    const V = 1_000_000_000n;
    const terms = computePayout(ledger, [{ hotkey: 'v', incentive: alphaRao(0n), dividend: alphaRao(5n) }], { server: alphaRao(0n), validator: alphaRao(V), root: alphaRao(0n), ownerCut: alphaRao(0n) }, params);
    applyPayout(ledger, terms);
    const take = terms.alphaDividends[0]!.take;
    const nominators = terms.alphaDividends[0]!.nominators;
    // take = ⌊6553/65535 · V⌋ with the U96F32 ratio; nominators get the rest, split 3:1.
    expect(take).toBe((((fromInt(U96F32, 6_553n) << 32n) / fromInt(U96F32, 65_535n)) * V) >> 32n);
    // The single validator's ratio is exactly 1; the two floors lose less than 2 rao.
    expect(V - (take + nominators)).toBeGreaterThanOrEqual(0n);
    expect(V - (take + nominators)).toBeLessThanOrEqual(1n);
    const g1 = ledger.stake('v', 'n1', NET) - 3_000_000_000n;
    const g2 = ledger.stake('v', 'n2', NET) - 1_000_000_000n;
    expect(g1 - 3n * g2 <= 3n && 3n * g2 - g1 <= 3n).toBe(true);
    expect(g1 + g2 + ledger.stake('v', 'vowner', NET)).toBeGreaterThanOrEqual(V - 2n);
  });
});
