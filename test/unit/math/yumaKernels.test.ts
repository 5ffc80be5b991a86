/**
 * The WebAssembly passes against bigint, entry by entry: row normalisation, clipping with rank,
 * Yuma3's bond EMA against stored u16 bonds, and the dividends' per-bond sums, on inputs aimed at
 * their edges (quotients landing on integers, the whole stake on one validator, a whole column on
 * one bond, a whole incentive on one miner: the 2^32 · 2^32 product).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EpochKernels } from '../../../src/math/yumaKernels.js';

const ONE = 1n << 32n;
const floorMul = (a: bigint, b: bigint): bigint => (a * b) >> 32n;
const fracDiv = (a: bigint, b: bigint): bigint => (a << 32n) / b; // trunc(a·2^32/b), a, b ≥ 0
const n = (x: bigint): number => Number(x);

/** n × n u16 rows, dense or with gaps, and values that make quotients land on integers. */
const rowsArb = fc.integer({ min: 1, max: 8 }).chain((size) =>
  fc.record({
    size: fc.constant(size),
    rows: fc.array(
      fc.array(fc.option(fc.oneof(fc.integer({ min: 0, max: 65535 }), fc.constantFrom(1, 2, 4, 256, 32768, 65535)), { nil: undefined }), {
        minLength: size,
        maxLength: size,
      }),
      { minLength: size, maxLength: size },
    ),
    stake: fc.array(fc.oneof(fc.constantFrom(0, 1, 2 ** 31, 2 ** 32), fc.integer({ min: 0, max: 2 ** 32 })), { minLength: size, maxLength: size }),
    bonds: fc.array(fc.array(fc.option(fc.oneof(fc.integer({ min: 0, max: 65535 }), fc.constantFrom(0, 65535)), { nil: undefined }), { minLength: size, maxLength: size }), {
      minLength: size,
      maxLength: size,
    }),
    alpha: fc.oneof(fc.constantFrom(0, 429496730, 2 ** 32), fc.integer({ min: 0, max: 2 ** 32 })),
    incentive: fc.array(fc.oneof(fc.constantFrom(0, 2 ** 32), fc.integer({ min: 0, max: 2 ** 32 })), { minLength: size, maxLength: size }),
  }),
);

const sparse = (rows: (number | undefined)[][]) =>
  rows.map((r) => ({ j: Int32Array.from(r.flatMap((x, c) => (x === undefined ? [] : [c]))), v: Uint16Array.from(r.flatMap((x) => (x === undefined ? [] : [x]))) }));

describe('Yuma WebAssembly passes', () => {
  it('equal bigint fixed point to the bit', () => {
    fc.assert(
      fc.property(rowsArb, ({ size, rows, stake, bonds, alpha, incentive }) => {
        const all = Array.from({ length: size }, () => true);
        const k = EpochKernels.maskNormalize(size, sparse(rows), all, all.map(() => 10), all.map(() => 0), null, undefined);

        // inplace_row_normalize_sparse on the u16 rows (self-weights dropped: no owner)
        const W = rows.map((r, i) => {
          const kept = r.map((x, c) => (x === undefined || c === i ? undefined : BigInt(x)));
          const s = kept.reduce<bigint>((a, x) => a + (x ?? 0n), 0n);
          return kept.map((x) => (x === undefined ? undefined : s > 0n ? fracDiv(x, s) : x << 32n));
        });
        const w = k.weightsCsr();
        expect(Array.from(w.v)).toEqual(W.flatMap((r) => r.flatMap((x) => (x === undefined ? [] : [n(x)]))));

        // clipping at a consensus, trust and rank
        const consensus = Array.from({ length: size }, (_, c) => n(ONE >> BigInt(c % 3 === 0 ? 0 : c % 3 === 1 ? 3 : 40)));
        const { trust, rank } = k.clipTrustRank(consensus, stake);
        const Wc = W.map((r) => r.map((x, c) => (x === undefined ? undefined : x > BigInt(consensus[c]!) ? (consensus[c]! > 0 ? BigInt(consensus[c]!) : undefined) : x)));
        expect(trust).toEqual(Wc.map((r) => n(r.reduce<bigint>((a, x) => a + (x ?? 0n), 0n))));
        expect(rank).toEqual(Array.from({ length: size }, (_, c) => n(Wc.reduce((a, r, i) => a + (r[c] === undefined ? 0n : floorMul(BigInt(stake[i]!), r[c]!)), 0n))));

        // Yuma3 EMA on the clipped weights against stored u16 bonds (every column kept)
        k.emaStored('clipped', sparse(bonds), alpha, new Uint8Array(size).fill(1));
        const a = BigInt(alpha);
        const E = Wc.map((r, i) =>
          r.map((x, c) => {
            const u = bonds[i]![c];
            const v = (x === undefined ? 0n : floorMul(a, x)) + (u === undefined ? 0n : floorMul(ONE - a, fracDiv(BigInt(u), 65535n)));
            return v > 0n ? v : undefined;
          }),
        );
        const colSum = Array.from({ length: size }, (_, c) => E.reduce((s, r) => s + (r[c] ?? 0n), 0n));
        const perBond = k.perBond(incentive);
        expect(perBond).toEqual(E.map((r) => n(r.reduce<bigint>((s, e, c) => s + (e === undefined ? 0n : floorMul(fracDiv(e, colSum[c]!), BigInt(incentive[c]!))), 0n))));
        const stored = k.emaStorage();
        expect(Array.from(stored.u16)).toEqual(E.flatMap((r) => r.flatMap((e) => (e === undefined ? [] : [Math.min(65535, n((e * 65535n) >> 32n))]))));
      }),
      { numRuns: 3000 },
    );
  });
});
