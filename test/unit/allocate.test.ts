/** core/allocate: a conserving split by integer weights, the remainder to the largest fractions, ties to the lower index. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from '../../src/core/allocate.js';

describe('allocate', () => {
  it('never creates or loses a unit, and each share is its floor or one more', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 20 }), (amount, weights) => {
        const shares = allocate(amount, weights);
        const total = weights.reduce((a, b) => a + b, 0n);
        expect(shares).toHaveLength(weights.length);
        if (total === 0n) {
          expect(shares.every((x) => x === 0n)).toBe(true);
          return;
        }
        expect(shares.reduce((a, b) => a + b, 0n)).toBe(amount);
        shares.forEach((x, i) => {
          const floor = (amount * weights[i]!) / total;
          expect(x === floor || x === floor + 1n).toBe(true);
          if (weights[i] === 0n) expect(x).toBe(0n);
        });
      }),
      { numRuns: 500, seed: 4 },
    );
  });

  it('gives the leftover units to the largest remainders, ties to the lower index', () => {
    expect(allocate(10n, [1n, 1n, 1n])).toEqual([4n, 3n, 3n]);
    expect(allocate(2n, [1n, 1n, 1n])).toEqual([1n, 1n, 0n]);
    expect(allocate(5n, [1n, 2n])).toEqual([2n, 3n]); // 5/3 = 1.67, 10/3 = 3.33: the larger fraction gets the unit
    expect(allocate(7n, [0n, 0n])).toEqual([0n, 0n]);
  });

  it('refuses negative inputs', () => {
    expect(() => allocate(-1n, [1n])).toThrow(RangeError);
    expect(() => allocate(1n, [1n, -1n])).toThrow(RangeError);
  });
});
