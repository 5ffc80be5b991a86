/**
 * The worker wire (src/sim/wire.ts): a packed job computes what the job computes, a packed result
 * reads back equal, every bigint survives, and a snapshot refuses reads it did not capture.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { U96F32, fromF64 } from '../../src/core/fixed.js';
import { alphaRao, U64_MAX } from '../../src/core/units.js';
import { Ledger, ROOT_NETUID } from '../../src/chain/staking/ledger.js';
import { runSubnetEpoch, type SubnetEpochJob } from '../../src/sim/subnetEpoch.js';
import { LedgerSnapshot, Packer, Unpacker, packJob, packResult, unpackJob, unpackResult } from '../../src/sim/wire.js';

const NET = 3;
const HOTKEYS = ['h0', 'h1', 'h2', 'h3', 'h4'];
const n = HOTKEYS.length;

const world = fc.record({
  stakes: fc.array(
    fc.record({ uid: fc.nat({ max: n - 1 }), c: fc.constantFrom('x', 'y', 'z'), root: fc.boolean(), amount: fc.bigInt({ min: 1n, max: 10n ** 15n }) }),
    { maxLength: 12 },
  ),
  takes: fc.array(fc.integer({ min: 0, max: 11_796 }), { minLength: n, maxLength: n }),
  // a parent outside the subnet's uids exercises the snapshot's parents
  child: fc.option(fc.record({ child: fc.nat({ max: n - 1 }), proportion: fc.bigInt({ min: 0n, max: U64_MAX }), take: fc.integer({ min: 0, max: 11_796 }) })),
  weights: fc.array(fc.array(fc.integer({ min: 0, max: 65_535 }), { minLength: n, maxLength: n }), { minLength: n, maxLength: n }),
  permits: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
  pending: fc.array(fc.bigInt({ min: 0n, max: 10n ** 13n }), { minLength: 4, maxLength: 4 }),
  taoWeight: fc.double({ min: 0, max: 1, noNaN: true }),
  yuma3: fc.boolean(),
});
type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

function jobOf(w: World): SubnetEpochJob {
  const ledger = new Ledger();
  HOTKEYS.forEach((h, i) => ledger.createHotkey(h, i === 0 ? 'owner' : `c${i}`, w.takes[i]!));
  ledger.createHotkey('parent', 'p');
  for (const s of w.stakes) ledger.increaseStakeForHotkeyAndColdkeyOnSubnet(HOTKEYS[s.uid]!, s.c, s.root ? ROOT_NETUID : NET, alphaRao(s.amount));
  ledger.increaseStakeForHotkeyAndColdkeyOnSubnet('parent', 'p', NET, alphaRao(10n ** 12n));
  if (w.child) {
    ledger.setChildren('parent', NET, [{ hotkey: HOTKEYS[w.child.child]!, proportion: w.child.proportion }]);
    ledger.setChildkeyTake(HOTKEYS[w.child.child]!, NET, w.child.take);
  }
  const uids = Int32Array.from(HOTKEYS.keys());
  const tw = fromF64(U96F32, w.taoWeight);
  return {
    epoch: {
      input: {
        n,
        currentBlock: 1000,
        lastMechanismStepBlock: 640,
        alphaStake: HOTKEYS.map((h) => ledger.inheritedAlpha(h, NET)),
        taoStake: HOTKEYS.map((h) => ledger.inheritedTao(h, NET)),
        lastUpdate: HOTKEYS.map(() => 990),
        blockAtRegistration: HOTKEYS.map(() => 0),
        weights: w.weights.map((v) => ({ j: uids, v: Uint16Array.from(v) })),
        bonds: HOTKEYS.map(() => ({ j: [], v: [] })),
        validatorPermits: w.permits,
        raoEmission: w.pending[0]! + w.pending[1]! + w.pending[2]!,
      },
      params: {
        kappa: 32_767,
        bondsPenalty: 65_535,
        bondsMovingAverage: 900_000n,
        yuma3: w.yuma3,
        liquidAlpha: false,
        alphaLow: 45_875,
        alphaHigh: 58_982,
        alphaSigmoidSteepness: 1000,
        maxAllowedValidators: 3,
        stakeThreshold: 0n,
        ownerUid: 0,
        taoWeight: BigInt(Math.floor(w.taoWeight * 2 ** 52)) << 12n,
        tempo: 360,
        activityCutoffBlocks: 5000,
      },
    },
    payout: {
      hotkeys: HOTKEYS,
      owners: HOTKEYS.map((h) => ledger.ownerOf(h)),
      uidsByName: HOTKEYS.map((_, i) => i),
      pending: { server: alphaRao(w.pending[0]!), validator: alphaRao(w.pending[1]!), root: alphaRao(w.pending[2]!), ownerCut: alphaRao(w.pending[3]!) },
      params: {
        netuid: NET,
        taoWeight: tw,
        ckBurn: 0n,
        subnetOwner: 'owner',
        subnetOwnerHotkey: 'h0',
        recycleOrBurn: 'Burn',
        autoStakeDestination: new Map([['c2', 'h3']]),
      },
      reads: ledger,
    },
  };
}

describe('worker wire', () => {
  it('a packed job computes exactly what the job computes, and its result reads back equal', () => {
    fc.assert(
      fc.property(world, (w) => {
        const job = jobOf(w);
        const direct = runSubnetEpoch(job);
        const remote = runSubnetEpoch(unpackJob(packJob(job)));
        expect(remote).toEqual(direct);
        expect(unpackResult(packResult(direct))).toEqual(direct);
      }),
      { numRuns: 60 },
    );
  });

  it('carries every bigint, of any sign and size, and every kind of field in order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }), fc.double({ noNaN: true }), fc.string(), fc.option(fc.string()))), (xs) => {
        const p = new Packer();
        for (const [b, d, s, o] of xs) {
          p.big(b);
          p.num(d);
          p.str(s);
          p.optStr(o ?? undefined);
        }
        const u = new Unpacker(p.done());
        for (const [b, d, s, o] of xs) {
          expect(u.big()).toBe(b);
          expect(Object.is(u.num(), d)).toBe(true);
          expect(u.str()).toBe(s);
          expect(u.optStr()).toBe(o ?? undefined);
        }
        u.end();
      }),
    );
  });

  it('a reader that stops short of the message fails', () => {
    const p = new Packer();
    p.big(U64_MAX + 1n);
    expect(() => new Unpacker(p.done()).end()).toThrow(/read to its end/);
  });

  it('a snapshot refuses reads it did not capture', () => {
    const ledger = new Ledger();
    ledger.createHotkey('a', 'c');
    ledger.createHotkey('b', 'c');
    const snap = LedgerSnapshot.of(ledger, NET, ['a']);
    expect(snap.ownerOf('a')).toBe('c');
    expect(() => snap.ownerOf('b')).toThrow(/snapshot/);
    expect(() => snap.totalHotkeyAlpha('a', NET + 1)).toThrow(/snapshot/);
  });
});
