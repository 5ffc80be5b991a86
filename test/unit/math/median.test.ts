/** The closed-form weighted median equals the chain's quickselect on every input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalize, weightedMedian, weightedMedianSelect } from '../../../src/math/sparse.js';

describe('weighted median', () => {
  it('closed form = quickselect (ties, zero stakes, kappa from 0 to above Σs)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 ** 32 }), fc.oneof(fc.constantFrom(0, 2 ** 31, 2 ** 32), fc.integer({ min: 0, max: 2 ** 32 }))), { maxLength: 40 }),
        fc.integer({ min: -(2 ** 32), max: 2 ** 33 }),
        fc.boolean(),
        (pairs, kappa, norm) => {
          const stake = norm ? normalize(pairs.map((p) => p[0])) : pairs.map((p) => p[0]);
          const score = pairs.map((p) => p[1]);
          const sum = stake.reduce((a, b) => a + b, 0);
          const minority = sum - kappa;
          const idx = score.map((_, i) => i);
          const want = weightedMedian(stake, score, idx, minority, 0, sum);
          expect(weightedMedianSelect(Float64Array.from(score), Float64Array.from(stake), score.length, minority)).toBe(want);
        },
      ),
      { numRuns: 5000 },
    );
  });
});
