/** The double-based Q32.32 operations against plain bigint fixed point, on every magnitude. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { I32F32, checkedDiv as divBig, mul as mulBig, fromF64 as fromF64Big, safeDiv as safeDivBig, fromInt as fromIntBig } from '../../../src/core/fixed.js';
import { checkedDiv, fromF64, mul, proportionToU16, u16ProportionToFixed } from '../../../src/math/q32.js';

// raw values whose magnitude spans 0 … 2^52 (what a double holds exactly), biased to the epoch's range
const raw = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 32 }),
  fc.integer({ min: -(2 ** 33), max: 2 ** 33 }),
  fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
  fc.integer({ min: 0, max: 65535 }).map((u) => u * 2 ** 32),
  fc.constantFrom(0, 1, -1, 2 ** 32, 2 ** 32 - 1, 2 ** 52, 2 ** 53 - 1),
);
const big = (x: number) => BigInt(x);
const inDouble = (r: bigint) => r >= -(2n ** 53n) && r <= 2n ** 53n;

describe('q32 (doubles) equals substrate_fixed I32F32 (bigint)', () => {
  it('mul is ⌊a·b/2^32⌋ with saturation', () => {
    fc.assert(
      fc.property(raw, raw, (a, b) => {
        const want = mulBig(I32F32, big(a), big(b));
        fc.pre(inDouble(want));
        expect(mul(a, b)).toBe(Number(want));
      }),
      { numRuns: 20000 },
    );
  });
  it('checkedDiv is trunc(a·2^32/b), undefined on zero or overflow', () => {
    fc.assert(
      fc.property(raw, raw, (a, b) => {
        const want = divBig(I32F32, big(a), big(b));
        fc.pre(want === undefined || inDouble(want));
        expect(checkedDiv(a, b)).toBe(want === undefined ? undefined : Number(want));
      }),
      { numRuns: 20000 },
    );
  });
  it('checkedDiv is exact where the quotient is, or nearly is, an integer (the fast path must hand over)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), fc.integer({ min: 0, max: 2 ** 32 }), fc.integer({ min: -3, max: 3 }), (b, q, d) => {
        // a·2^32 = q·b + d·(small): quotients on and next to the integer q
        const a = Math.floor((q * b) / 2 ** 32) + d;
        fc.pre(a > 0);
        const want = divBig(I32F32, big(a), big(b));
        expect(checkedDiv(a, b)).toBe(Number(want));
      }),
      { numRuns: 20000 },
    );
  });
  it('proportion ↔ u16 conversions equal the chain formulas', () => {
    const U16 = fromIntBig(I32F32, 65535n);
    const toU16Big = (a: bigint) => { const v = mulBig(I32F32, a, U16) >> 32n; return v < 0n ? 0n : v > 65535n ? 65535n : v; };
    fc.assert(
      fc.property(raw, fc.integer({ min: 0, max: 65535 }), (a, u) => {
        expect(proportionToU16(a)).toBe(Number(toU16Big(BigInt(a))));
        expect(u16ProportionToFixed(u)).toBe(Number(safeDivBig(I32F32, fromIntBig(I32F32, BigInt(u)), U16)));
      }),
      { numRuns: 20000 },
    );
  });
  it('fromF64 rounds to nearest, ties to even', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (v) => {
        expect(fromF64(v)).toBe(Number(fromF64Big(I32F32, v)));
      }),
      { numRuns: 5000 },
    );
    expect(fromF64(0.5 / 2 ** 32)).toBe(0);
    expect(fromF64(1.5 / 2 ** 32)).toBe(2);
  });
});
