/**
 * The certified shortcut of `pow_ratio_scaled` (src/chain/swap/bigmath.ts) against the chain's
 * ln/exp series path it stands in for: wherever it answers, the two agree to the unit, and it
 * answers for nearly every swap-shaped input (else the shortcut would be dead weight).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { powByLnExp, powCertified, powRatioScaled } from '../../../src/chain/swap/bigmath.js';
import { PERQUINTILL } from '../../../src/chain/swap/balancer.js';

const S = PERQUINTILL;
const weight = fc.bigInt({ min: PERQUINTILL / 100n, max: PERQUINTILL - PERQUINTILL / 100n });
/** Reserves over many magnitudes, as the pools hold them (u64 rao). */
const reserve = fc.oneof(fc.bigInt({ min: 1n, max: 10n ** 9n }), fc.bigInt({ min: 10n ** 9n, max: 10n ** 19n }));
/** Swap amounts relative to the reserve: tiny to 1000×. */
const delta = (r: bigint) =>
  fc.oneof(fc.bigInt({ min: 0n, max: r / 1000n + 1n }), fc.bigInt({ min: 0n, max: r + 1n }), fc.bigInt({ min: 0n, max: 1000n * r }));

describe('powCertified', () => {
  it('equals the series path wherever it answers, and answers for nearly all swap-shaped inputs (precision 256)', () => {
    let asked = 0;
    let answered = 0;
    fc.assert(
      fc.property(
        reserve.chain((r) => fc.tuple(fc.constant(r), delta(r))),
        weight,
        fc.boolean(),
        ([r, d], w, sell) => {
          const [en, ed] = sell ? [PERQUINTILL - w, w] : [w, PERQUINTILL - w];
          const fast = powCertified(r, r + d, en, ed, S);
          asked++;
          if (fast === undefined) return;
          answered++;
          expect(fast).toBe(powByLnExp(r, r + d, en, ed, 256n, S));
        },
      ),
      { numRuns: 1500, seed: 20261123 },
    );
    // the declines are the exact ones (d = 0: V = 1 lies on an integer) and the far tails
    expect(answered / asked).toBeGreaterThan(0.9);
  });

  it('equals the series path for price ratios, as the limit-price deltas ask (precision 1024)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 1n << 100n }), fc.bigInt({ min: 1n, max: 1n << 100n }), weight, (num, den, w) => {
        const fast = powCertified(num, den, w, PERQUINTILL, S);
        if (fast !== undefined) expect(fast).toBe(powByLnExp(num, den, w, PERQUINTILL, 1024n, S));
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  it('declines where the power lands on an integer, and powRatioScaled then takes the series path', () => {
    const w = 517_000_000_000_000_123n;
    expect(powCertified(10n ** 12n, 10n ** 12n, w, PERQUINTILL - w, S)).toBeUndefined();
    expect(powRatioScaled(10n ** 12n, 10n ** 12n, w, PERQUINTILL - w, 256n, S)).toBe(S);
  });

  it('declines outside its proven ranges (exponent above 99, |ln V| above 64)', () => {
    expect(powCertified(3n, 5n, 100n, 1n, S)).toBeUndefined();
    expect(powCertified(1n, 10n ** 18n, 98n, 1n, S)).toBeUndefined(); // ln V ≈ −4060
    expect(powCertified(3n, 5n, 98n, 1n, S)).toBeDefined();
  });
});
