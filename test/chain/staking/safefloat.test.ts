/** SafeFloat normalisation by powers of ten equals the chain's digit-by-digit loop. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SAFE_FLOAT_MAX, sfNew } from '../../../src/chain/staking/sharePool.js';

/** The chain's `SafeFloat::normalize`, as written there: one digit at a time. */
function loopNormalize(mantissa: bigint, exponent: number): { mantissa: bigint; exponent: number } {
  if (mantissa === 0n) return { mantissa: 0n, exponent: 0 };
  let m = mantissa;
  let e = exponent;
  while (m > SAFE_FLOAT_MAX) {
    m /= 10n;
    e += 1;
  }
  while (m <= SAFE_FLOAT_MAX / 10n) {
    m *= 10n;
    e -= 1;
  }
  return { mantissa: m, exponent: e };
}

describe('SafeFloat normalize', () => {
  it('equals the digit loop on every magnitude, including exact powers of ten', () => {
    const mantissa = fc.oneof(
      fc.bigInt({ min: 1n, max: 10n ** 45n }),
      fc.integer({ min: 0, max: 45 }).map((k) => 10n ** BigInt(k)),
      fc.tuple(fc.integer({ min: 20, max: 44 }), fc.bigInt({ min: 0n, max: 99n })).map(([k, r]) => 10n ** BigInt(k) + r),
    );
    fc.assert(
      fc.property(mantissa, fc.integer({ min: -40, max: 40 }), (m, e) => {
        expect(sfNew(m, e)).toEqual(loopNormalize(m, e));
      }),
      { numRuns: 20000 },
    );
  });
});
