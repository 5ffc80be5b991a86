/** formatFixed (src/core/units.ts) against decimal.js, whose output format it reproduces. */
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { formatFixed } from '../../src/core/units.js';

const oracle = (raw: bigint, frac: number, places: number): string =>
  new Decimal(raw.toString()).div(new Decimal(2).pow(frac)).toDecimalPlaces(places, Decimal.ROUND_DOWN).toFixed();

describe('formatFixed', () => {
  it('prints what decimal.js prints, over every magnitude and at exact half-way digits', () => {
    const frac = fc.constantFrom(32, 64);
    // m·2^(frac−j): exactly j decimals, so the 21st significant digit can be an exact 5 (a tie)
    const raw = (f: number) =>
      fc.oneof(
        fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
        fc.bigInt({ min: 0n, max: 1n << 40n }),
        fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 21n }), fc.integer({ min: 0, max: f })).map(([m, j]) => m << BigInt(f - j)),
      );
    fc.assert(
      fc.property(
        frac.chain((f) => fc.tuple(fc.constant(f), raw(f))),
        fc.constantFrom(12, 20),
        ([f, r], places) => {
          expect(formatFixed(r, f, places)).toBe(oracle(r, f, places));
        },
      ),
      { numRuns: 5000, seed: 11 },
    );
  });

  it('refuses a negative value rather than printing a wrong one', () => {
    expect(() => formatFixed(-1n, 32, 12)).toThrow(/non-negative/);
  });
});
