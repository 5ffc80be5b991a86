/** The consensus kernel's weighted median (bucketed, then selected) equals the chain's quickselect on every input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalize, toCsr, weightedMedian } from '../../../src/math/sparse.js';
import { EpochKernels } from '../../../src/math/yumaKernels.js';

describe('weighted median', () => {
  it('by column (bucketed) = the quickselect of every column, ties and clusters included', () => {
    const score = fc.oneof(fc.integer({ min: 0, max: 2 ** 32 }), fc.constantFrom(0, 7, 2 ** 31), fc.integer({ min: 1000, max: 1010 }));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }).chain((rows) =>
          fc.record({
            stake: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 ** 32 })), { minLength: rows, maxLength: rows }),
            cells: fc.array(fc.array(fc.option(score, { nil: undefined }), { minLength: 6, maxLength: 6 }), { minLength: rows, maxLength: rows }),
            kappa: fc.integer({ min: 0, max: 2 ** 32 }),
          }),
        ),
        ({ stake, cells, kappa }) => {
          const m = toCsr(cells.map((r) => ({ j: r.flatMap((x, j) => (x === undefined ? [] : [j])), v: r.flatMap((x) => (x === undefined ? [] : [x])) })), cells.length);
          const got = EpochKernels.fromWeights(m, 6).consensus(stake, kappa);
          // the chain: rows with stake, renormalised; a missing entry votes 0
          const rows = stake.flatMap((s, i) => (s > 0 ? [i] : []));
          const use = normalize(rows.map((i) => stake[i]!));
          const total = use.reduce((a, b) => a + b, 0);
          for (let c = 0; c < 6; c++) {
            const col = rows.map((i) => cells[i]![c] ?? 0);
            const want = rows.length === 0 || col.every((x) => x === 0) ? 0 : weightedMedian(use, col, col.map((_, k) => k), total - kappa, 0, total);
            expect(got[c], `column ${c}`).toBe(want);
          }
        },
      ),
      { numRuns: 5000 },
    );
  });
});
