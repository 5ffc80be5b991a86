/**
 * Properties of the Yuma epoch (shared/spec/yuma.md §7) over generated metagraphs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stakeVectorExact, yuma, type YumaInput, type YumaParams } from '../../src/chain/epoch/yuma.js';
import { ONE } from '../../src/math/q32.js';
import type { SparseMatrix } from '../../src/math/sparse.js';
import { replay, yumaParams } from '../../src/sim/epochReplay.js';
import { metagraphArb } from '../../src/testing/metagraph.js';

const sum = (x: readonly number[]) => x.reduce((a, b) => a + b, 0);
const RUNS = { numRuns: 150, seed: 7 };

/** A single epoch on a generated metagraph with every weight row stored (sorted, u16). */
const epochArb = fc.integer({ min: 2, max: 24 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    yuma3: fc.boolean(),
    liquidAlpha: fc.boolean(),
    kappa: fc.oneof(fc.constant(32767), fc.integer({ min: 1, max: 65535 })),
    maxValidators: fc.integer({ min: 1, max: n }),
    // distinct stakes: permits and medians have no ties to break
    alpha: fc.uniqueArray(fc.integer({ min: 1, max: 1000 }), { minLength: n, maxLength: n }).map((a) => a.map((x) => x * 1_000_000_000)),
    weights: fc.array(fc.array(fc.integer({ min: 0, max: 65535 }), { minLength: n, maxLength: n }), { minLength: n, maxLength: n }),
    permits: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    emission: fc.bigInt({ min: 0n, max: 10n ** 13n }),
  }),
);

function build(c: {
  n: number; yuma3: boolean; liquidAlpha: boolean; kappa: number; maxValidators: number; alpha: number[];
  weights: number[][]; permits: boolean[]; emission: bigint;
}): { input: YumaInput; params: YumaParams } {
  const rows: SparseMatrix = c.weights.map((r) => ({ j: r.map((_, j) => j), v: r.slice() }));
  return {
    input: {
      n: c.n, currentBlock: 100, lastMechanismStepBlock: 0, alphaStake: c.alpha.map(BigInt), taoStake: c.alpha.map(() => 0n),
      lastUpdate: c.alpha.map(() => 99), blockAtRegistration: c.alpha.map(() => 1), weights: rows,
      bonds: c.alpha.map(() => ({ j: [], v: [] })), validatorPermits: c.permits, raoEmission: c.emission,
    },
    params: {
      kappa: c.kappa, bondsPenalty: 65535, bondsMovingAverage: 900_000n, yuma3: c.yuma3, liquidAlpha: c.liquidAlpha,
      alphaLow: 45875, alphaHigh: 58982, alphaSigmoidSteepness: 1000, maxAllowedValidators: c.maxValidators,
      stakeThreshold: 0n, ownerUid: null, taoWeight: 0n, tempo: 10, activityCutoffBlocks: 50,
    },
  };
}

describe('Yuma properties', () => {
  it('the stake vector S falls back to bigint where doubles would round across an integer', () => {
    // τ·tw is 1 rao + 2^-31: lost at 2^50 in a double, where the two stakes look equal and S_0
    // would be 2^31; exactly it is 2^31 − 1
    const U64 = (1n << 64n) - 1n;
    const taoWeight = ((2n ** 31n + 1n) * U64 + (1n << 32n) - 1n) / (1n << 32n);
    const { input, params } = build({ n: 2, yuma3: true, liquidAlpha: false, kappa: 32767, maxValidators: 2, alpha: [1, 1], weights: [], permits: [true, true], emission: 0n });
    const stakes = { ...input, alphaStake: [2n ** 50n, 2n ** 50n - 1n], taoStake: [0n, 2n], weights: [] };
    const p = { ...params, taoWeight };
    expect(stakeVectorExact(stakes, p)[0]).toBe(2 ** 31 - 1);
    expect(yuma(stakes, p).stake).toEqual(stakeVectorExact(stakes, p));
  });

  it('the stake vector S in doubles equals the exact I64F64 one, ties, sole stakers and u64 extremes included', () => {
    const U64 = (1n << 64n) - 1n;
    const amount = fc.oneof(
      fc.constant(0n),
      fc.bigInt({ min: 1n, max: 10n ** 18n }),
      fc.constantFrom(1n, 1_000_000_000n, 3n * 10n ** 15n, U64 >> 8n, U64),
    );
    const case_ = fc.integer({ min: 1, max: 300 }).chain((n) =>
      fc.record({
        alpha: fc.oneof(fc.array(amount, { minLength: n, maxLength: n }), amount.map((a) => Array.from({ length: n }, () => a))),
        tao: fc.array(fc.oneof(fc.constant(0n), amount), { minLength: n, maxLength: n }),
        taoWeight: fc.oneof(fc.constantFrom(0n, U64, U64 / 2n), fc.bigInt({ min: 0n, max: U64 })),
      }),
    );
    fc.assert(
      fc.property(case_, fc.integer({ min: 1, max: 64 }), (c, k) => {
        const n = c.alpha.length;
        const { input, params } = build({ n, yuma3: true, liquidAlpha: false, kappa: 32767, maxValidators: Math.min(k, n), alpha: c.alpha.map(() => 1), weights: [], permits: c.alpha.map(() => true), emission: 0n });
        const stakes = { ...input, alphaStake: c.alpha, taoStake: c.tao, weights: [] };
        const p = { ...params, taoWeight: c.taoWeight };
        expect(yuma(stakes, p).stake).toEqual(stakeVectorExact(stakes, p));
      }),
      { numRuns: 300, seed: 11 },
    );
  });


  it('incentive and dividends each sum to 1 (up to n·2^-32) or are all 0; all in [0, 1]', () => {
    fc.assert(
      fc.property(metagraphArb({ maxN: 24, maxSteps: 3 }), (v) => {
        for (const { output: o } of replay(v)) {
          for (const x of [o.incentive, o.dividends]) {
            const s = sum(x);
            expect(s === 0 || (s <= ONE && s >= ONE - x.length - 1)).toBe(true);
            expect(x.every((e) => e >= 0 && e <= ONE)).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });
  it('stored weight rows normalise to trunc(w·2^32 / Σw), also where that quotient is an integer', () => {
    // rows of powers of two sum to powers of two: the quotients are exact integers, where the
    // fast reciprocal path has to hand over to the exact division
    const row = (n: number) =>
      fc.oneof(
        fc.array(fc.integer({ min: 0, max: 65535 }), { minLength: n, maxLength: n }),
        fc.array(fc.constantFrom(0, 1, 2, 4, 1024, 32768), { minLength: n, maxLength: n }),
      );
    fc.assert(
      fc.property(
        epochArb.chain((c) => fc.array(row(c.n), { minLength: c.n, maxLength: c.n }).map((weights) => ({ ...c, weights }))),
        (c) => {
          const { input, params } = build(c);
          const out = yuma(input, params);
          for (let i = 0; i < c.n; i++) {
            // rows without a permit are dropped, and so are self-weights (no owner here)
            const kept = input.validatorPermits[i] ? c.weights[i]!.flatMap((w, j) => (j === i ? [] : [[j, w] as const])) : [];
            const total = sum(kept.map(([, w]) => w));
            const got = [];
            for (let k = out.weights.ptr[i]!; k < out.weights.ptr[i + 1]!; k++) got.push([out.weights.j[k]!, out.weights.v[k]!]);
            expect(got, `row ${i}`).toEqual(kept.map(([j, w]) => [j, total === 0 ? w : Number((BigInt(w) << 32n) / BigInt(total))]));
          }
        },
      ),
      RUNS,
    );
  });

  it('permits never exceed max validators (owner aside), and only non-zero stake holds one', () => {
    fc.assert(
      fc.property(metagraphArb({ maxN: 24, maxSteps: 2 }), (v) => {
        const owner = v.params.owner_uid;
        for (const { output: o } of replay(v)) {
          const count = o.newValidatorPermits.filter((p, i) => p && i !== owner).length;
          expect(count).toBeLessThanOrEqual(v.params.max_allowed_validators);
          o.newValidatorPermits.forEach((p, i) => p && i !== owner && expect(o.stake[i]).toBeGreaterThan(0));
        }
      }),
      RUNS,
    );
  });
  it('emissions never exceed the epoch emission', () => {
    fc.assert(
      fc.property(metagraphArb({ maxN: 24, maxSteps: 3 }), (v) => {
        let k = 0;
        for (const { output: o } of replay(v)) {
          const e = BigInt(v.steps[k++]!.rao_emission);
          const paid = [...o.serverEmission, ...o.validatorEmission].reduce((a, b) => a + b, 0n);
          expect(paid <= e).toBe(true);
          expect(o.combinedEmission.reduce((a, b) => a + b, 0n) <= e).toBe(true);
        }
      }),
      RUNS,
    );
  });
  it('relabelling uids permutes every output', () => {
    fc.assert(
      fc.property(epochArb, fc.integer({ min: 0, max: 1000 }), (c, seed) => {
        const n = c.n;
        // a permutation from the seed (Fisher–Yates with a simple LCG: the test's own determinism)
        const perm = Array.from({ length: n }, (_, i) => i);
        let s = seed;
        for (let i = n - 1; i > 0; i--) {
          s = (s * 1103515245 + 12345) % 2147483648;
          const j = s % (i + 1);
          [perm[i], perm[j]] = [perm[j]!, perm[i]!];
        }
        const a = build(c);
        const inv = new Array<number>(n);
        perm.forEach((p, i) => (inv[p] = i));
        const pc = {
          ...c,
          alpha: inv.map((i) => c.alpha[i]!),
          permits: inv.map((i) => c.permits[i]!),
          weights: inv.map((i) => inv.map((j) => c.weights[i]![j]!)),
        };
        const b = build(pc);
        const oa = yuma(a.input, a.params);
        const ob = yuma(b.input, b.params);
        for (let i = 0; i < n; i++) {
          const q = perm[i]!;
          expect(ob.incentive[q]).toBe(oa.incentive[i]);
          expect(ob.dividends[q]).toBe(oa.dividends[i]);
          expect(ob.consensus[q]).toBe(oa.consensus[i]);
          expect(ob.serverEmission[q]).toBe(oa.serverEmission[i]);
          expect(ob.validatorEmission[q]).toBe(oa.validatorEmission[i]);
          expect(ob.newValidatorPermits[q]).toBe(oa.newValidatorPermits[i]);
        }
      }),
      RUNS,
    );
  });
  it('scaling every stake by a constant changes nothing', () => {
    fc.assert(
      fc.property(metagraphArb({ maxN: 24, maxSteps: 3, withTao: false }), fc.integer({ min: 2, max: 1000 }), (v, k) => {
        const scaled = {
          ...v,
          params: { ...v.params, stake_threshold: Number(v.params.stake_threshold) * k },
          initial_state: { ...v.initial_state, alpha_stake: v.initial_state.alpha_stake.map((x) => (BigInt(x) * BigInt(k)).toString()) },
          steps: v.steps.map((s) => ({
            ...s,
            actions: s.actions.map((a) => (a.type === 'replace_neuron' ? { ...a, alpha_stake: (BigInt(a.alpha_stake) * BigInt(k)).toString() } : a)),
          })),
        };
        const a = [...replay(v)];
        const b = [...replay(scaled)];
        a.forEach((s, i) => expect(b[i]!.output).toEqual(s.output));
      }),
      RUNS,
    );
  });
  it('more weight from a validator on a miner never lowers that miner\'s consensus', () => {
    fc.assert(
      fc.property(epochArb, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 65535 }), (c, vi, mj, extra) => {
        const i = vi % c.n;
        const j = mj % c.n;
        const before = build(c);
        const w = c.weights.map((r) => r.slice());
        w[i]![j] = Math.min(65535, w[i]![j]! + extra);
        const after = build({ ...c, weights: w });
        const cb = yuma(before.input, before.params).consensus[j]!;
        const ca = yuma(after.input, after.params).consensus[j]!;
        expect(ca).toBeGreaterThanOrEqual(cb);
      }),
      RUNS,
    );
  });
  it('yumaParams derives the activity cut-off from tempo when absent (13 889 ‰)', () => {
    const v = fc.sample(metagraphArb({ maxN: 4 }), { numRuns: 1, seed: 1 })[0]!;
    const p = yumaParams({ ...v, params: { ...v.params, tempo: 360, activity_cutoff_blocks: undefined } });
    expect(p.activityCutoffBlocks).toBe(5000);
  });
});
