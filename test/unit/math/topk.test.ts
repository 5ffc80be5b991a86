/** is_topk_nonzero: the sort-key fast path gives the chain's answer (stable sort, lower index loses ties). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTopkNonzero } from '../../../src/math/sparse.js';

/** The chain's definition, directly: nonzero, then clear the n − k smallest by (value, index). */
function reference(x: number[], k: number): boolean[] {
  const res = x.map((v) => v !== 0);
  if (x.length < k) return res;
  const idx = x.map((_, i) => i).sort((a, b) => x[a]! - x[b]! || a - b);
  for (let t = 0; t < x.length - k; t++) res[idx[t]!] = false;
  return res;
}

describe('isTopkNonzero', () => {
  it('equals the stable-sort definition, ties and zeros included, on both paths', () => {
    const value = fc.oneof(fc.constantFrom(0, 1, 2 ** 32, 2 ** 37 - 1), fc.integer({ min: 0, max: 2 ** 32 }), fc.integer({ min: 0, max: 5 }), fc.double({ min: 0, max: 2 ** 40, noNaN: true }));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), fc.integer({ min: 0, max: 320 }), (x, k) => {
        expect(isTopkNonzero(x, k)).toEqual(reference(x, k));
      }),
      { numRuns: 2000 },
    );
  });
});
