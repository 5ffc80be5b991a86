/**
 * The worker wire (src/sim/wire.ts): a packed Yuma job computes what the job computes, a packed
 * result reads back equal, and every bigint survives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alphaRao, U64_MAX } from '../../src/core/units.js';
import { Ledger, ROOT_NETUID } from '../../src/chain/staking/ledger.js';
import { runEpochJob, type EpochJob } from '../../src/chain/coinbase/subnetEpoch.js';
import { Packer, Unpacker, packEpochJob, packEpochOut, unpackEpochJob, unpackEpochOut } from '../../src/sim/wire.js';

const NET = 3;
const HOTKEYS = ['h0', 'h1', 'h2', 'h3', 'h4'];
const n = HOTKEYS.length;

const world = fc.record({
  stakes: fc.array(
    fc.record({ uid: fc.nat({ max: n - 1 }), c: fc.constantFrom('x', 'y', 'z'), root: fc.boolean(), amount: fc.bigInt({ min: 1n, max: 10n ** 15n }) }),
    { maxLength: 12 },
  ),
  child: fc.option(fc.record({ child: fc.nat({ max: n - 1 }), proportion: fc.bigInt({ min: 0n, max: U64_MAX }) })),
  weights: fc.array(fc.array(fc.integer({ min: 0, max: 65_535 }), { minLength: n, maxLength: n }), { minLength: n, maxLength: n }),
  permits: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
  emission: fc.bigInt({ min: 0n, max: 10n ** 13n }),
  taoWeight: fc.double({ min: 0, max: 1, noNaN: true }),
  yuma3: fc.boolean(),
});
type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

function jobOf(w: World): EpochJob {
  const ledger = new Ledger();
  HOTKEYS.forEach((h, i) => ledger.createHotkey(h, i === 0 ? 'owner' : `c${i}`));
  ledger.createHotkey('parent', 'p');
  for (const s of w.stakes) ledger.increaseStakeForHotkeyAndColdkeyOnSubnet(HOTKEYS[s.uid]!, s.c, s.root ? ROOT_NETUID : NET, alphaRao(s.amount));
  ledger.increaseStakeForHotkeyAndColdkeyOnSubnet('parent', 'p', NET, alphaRao(10n ** 12n));
  // a parent lends stake to a uid: inherited stakes
  if (w.child) ledger.setChildren('parent', NET, [{ hotkey: HOTKEYS[w.child.child]!, proportion: w.child.proportion }]);
  const uids = Int32Array.from(HOTKEYS.keys());
  return {
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
      raoEmission: w.emission,
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
  };
}

describe('worker wire', () => {
  it('a packed Yuma job computes exactly what the job computes, and its result reads back equal', () => {
    fc.assert(
      fc.property(world, (w) => {
        const job = jobOf(w);
        const direct = runEpochJob(job);
        const remote = runEpochJob(unpackEpochJob(packEpochJob(job)));
        expect(remote).toEqual(direct);
        expect(unpackEpochOut(packEpochOut(direct))).toEqual(direct);
      }),
      { numRuns: 60 },
    );
  });

  it('carries every bigint, of any sign and size, and every kind of field in order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }), fc.double({ noNaN: true }), fc.boolean())), (xs) => {
        const p = new Packer();
        for (const [b, d, t] of xs) {
          p.big(b);
          p.num(d);
          p.bool(t);
        }
        const u = new Unpacker(p.done());
        for (const [b, d, t] of xs) {
          expect(u.big()).toBe(b);
          expect(Object.is(u.num(), d)).toBe(true);
          expect(u.bool()).toBe(t);
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
});
