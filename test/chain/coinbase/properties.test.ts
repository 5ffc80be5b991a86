/** fast-check properties of the coinbase terms (shared/spec/economics.md §10, invariants 3–5, 9, 14–16). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHAIN_FLOW, CHAIN_GATE, SHARE_RULES, type ShareRule, type SubnetCoinbaseInput, blockEmissionForIssuance, burnWeightedShares,
  coinbaseTerms, hillGate, ownerCutFraction, pendingSplit, priceShares, updateMovingPrice,
} from '../../../src/chain/coinbase/index.js';
import { alphaRao, taoRao } from '../../../src/core/units.js';

const ONE64 = 1n << 64n;
const ONE32 = 1n << 32n;

const subnetArb = (netuid: number): fc.Arbitrary<SubnetCoinbaseInput> =>
  fc.record({
    netuid: fc.constant(netuid),
    alphaIn: fc.bigInt(0n, 10n ** 16n).map(alphaRao),
    alphaOut: fc.bigInt(0n, 10n ** 16n).map(alphaRao),
    spotPrice: fc.oneof(fc.constant(0n), fc.bigInt(1n, 50n * ONE64)),
    movingPrice: fc.oneof(fc.constant(0n), fc.bigInt(0n, ONE32)),
    minerBurned: fc.oneof(fc.constant(0n), fc.constant(ONE32), fc.bigInt(0n, ONE32)),
    firstEmissionBlock: fc.option(fc.bigInt(1n, 1000n), { freq: 5 }),
    subtokenEnabled: fc.constantFrom(true, true, true, false),
    registrationAllowed: fc.constantFrom(true, true, true, false),
    emissionEnabled: fc.constantFrom(true, true, false),
    ownerCutEnabled: fc.boolean(),
    userFlowEma: fc.bigInt(-(10n ** 12n) * ONE64, 10n ** 12n * ONE64),
    protocolFlowEma: fc.bigInt(-(10n ** 12n) * ONE64, 10n ** 12n * ONE64),
  });

const blockArb = fc
  .record({
    n: fc.integer({ min: 0, max: 40 }),
    emission: fc.bigInt(0n, 1_000_000_000n),
    rootTao: fc.bigInt(0n, 10n ** 16n),
    taoWeightRaw: fc.bigInt(0n, (1n << 64n) - 1n),
    ownerCutU16: fc.integer({ min: 0, max: 65_535 }),
    rule: fc.constantFrom(...SHARE_RULES),
    bar: fc.oneof(fc.constant(0n), fc.bigInt(1n, ONE64 / 10n)),
    block: fc.bigInt(1n, 10_000n),
  })
  .chain((b) => fc.tuple(fc.constant(b), fc.tuple(...Array.from({ length: b.n }, (_, i) => subnetArb(i + 1)))));

const run = (b: { emission: bigint; rootTao: bigint; taoWeightRaw: bigint; ownerCutU16: number; rule: ShareRule; bar: bigint; block: bigint }, subnets: SubnetCoinbaseInput[]) =>
  coinbaseTerms({
    block: b.block, blockEmission: taoRao(b.emission), rootTao: taoRao(b.rootTao), taoWeightRaw: b.taoWeightRaw, ownerCutU16: b.ownerCutU16,
    rule: b.rule, gate: { ...CHAIN_GATE, bar: b.bar, rank: 4 }, flow: CHAIN_FLOW, subnets,
  });

describe('coinbase terms', () => {
  it('Σ shares is 0 or within n·2^-64 of 1 (a few ulps per renormalisation); Σ emission ≤ E and within n+1 rao of it', () => {
    fc.assert(
      fc.property(blockArb, ([b, subnets]) => {
        const t = run(b, subnets);
        const shareSum = t.subnets.reduce((a, s) => a + s.share, 0n);
        const n = BigInt(t.subnets.length);
        expect(shareSum === 0n || (shareSum <= ONE64 && shareSum >= ONE64 - 4n * (n + 1n)), `Σ share ${shareSum}`).toBe(true);
        const total = t.subnets.reduce((a, s) => a + s.taoEmission, 0n);
        expect(total).toBeLessThanOrEqual(b.emission);
        if (shareSum > 0n) expect(b.emission - total).toBeLessThanOrEqual(n + 1n);
        else expect(total).toBe(0n);
      }),
      { numRuns: 300 },
    );
  });

  it('injected + excess = emission exactly in U96F32, within 1 rao after flooring; nothing negative; cap respected', () => {
    fc.assert(
      fc.property(blockArb, ([b, subnets]) => {
        const t = run(b, subnets);
        let spent = 0n;
        for (const s of t.subnets) {
          expect(s.fixed.taoIn + s.fixed.excessTao).toBe(s.fixed.taoEmission);
          const floored = s.taoIn + s.excessTao;
          expect(floored <= s.taoEmission && floored >= s.taoEmission - 1n).toBe(true);
          for (const v of [s.share, s.taoEmission, s.taoIn, s.alphaIn, s.alphaOut, s.excessTao, s.ownerCut, s.pendingServer, s.pendingValidator, s.pendingRoot, s.recycledRootAlpha]) {
            expect(v).toBeGreaterThanOrEqual(0n);
          }
          // alpha_in ≤ ρ·alpha_emission (U96F32)
          expect(s.fixed.alphaIn).toBeLessThanOrEqual((s.rootProportion * s.fixed.alphaOut) >> 32n);
          spent += floored;
        }
        expect(t.unspentTao).toBe(b.emission - spent);
        expect(t.unspentTao).toBeGreaterThanOrEqual(0n);
      }),
      { numRuns: 300 },
    );
  });

  it('disabled or ineligible subnets get no TAO; ineligible ones mint no alpha', () => {
    fc.assert(
      fc.property(blockArb, ([b, subnets]) => {
        const t = run(b, subnets);
        t.subnets.forEach((s) => {
          const input = subnets.find((x) => x.netuid === s.netuid);
          if (!input?.emissionEnabled || !s.eligible) {
            expect(s.share).toBe(0n);
            expect(s.taoEmission + s.taoIn + s.excessTao + s.alphaIn).toBe(0n);
          }
          if (!s.eligible) expect(s.alphaOut).toBe(0n);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('share rules', () => {
  const prices = fc.array(fc.bigInt(0n, ONE32), { minLength: 1, maxLength: 30 });
  it('raising MinerBurned_i never raises subnet i\'s price-burn share (beyond 2 ulps of rounding)', () => {
    fc.assert(
      fc.property(prices, fc.nat(), fc.array(fc.bigInt(0n, ONE32), { minLength: 30, maxLength: 30 }), fc.bigInt(0n, ONE32), (p, k, burn, extra) => {
        const i = k % p.length;
        const base = priceShares(p);
        const burned = burn.slice(0, p.length);
        const more = burned.map((x, j) => (j === i ? (x + extra > ONE32 ? ONE32 : x + extra) : x));
        const before = burnWeightedShares(base, burned)[i] ?? 0n;
        const after = burnWeightedShares(base, more)[i] ?? 0n;
        // the all-burned fallback restores the price shares; skip that discontinuity
        if (more.every((x, j) => x === ONE32 || (base[j] ?? 0n) === 0n)) return;
        expect(after).toBeLessThanOrEqual(before + 2n);
      }),
      { numRuns: 300 },
    );
  });

  it('the Hill gate keeps the order of shares and never lifts a share below θ relative to one above it', () => {
    fc.assert(
      fc.property(prices, fc.bigInt(1n, ONE64 / 4n), (p, bar) => {
        const b = priceShares(p);
        const g = hillGate(b, bar, 3);
        for (let i = 0; i < b.length; i++)
          for (let j = 0; j < b.length; j++) if ((b[i] ?? 0n) > (b[j] ?? 0n)) expect(g[i] ?? 0n).toBeGreaterThanOrEqual(g[j] ?? 0n);
        expect(hillGate(b, 0n, 3)).toEqual(b);
      }),
      { numRuns: 200 },
    );
  });
});

describe('emission curve, moving price, pending split', () => {
  it('block emission is non-increasing in issuance and ≤ 1 TAO', () => {
    fc.assert(
      fc.property(fc.bigInt(0n, 22n * 10n ** 15n), fc.bigInt(0n, 10n ** 15n), (a, d) => {
        const e = blockEmissionForIssuance(a);
        expect(e).toBeLessThanOrEqual(1_000_000_000n);
        expect(blockEmissionForIssuance(a + d)).toBeLessThanOrEqual(e);
      }),
      { numRuns: 300 },
    );
  });

  it('p̄ stays in [0, 1] and moves toward min(spot, 1)', () => {
    fc.assert(
      fc.property(fc.bigInt(0n, ONE32), fc.bigInt(0n, 5n * ONE64), fc.bigInt(1n, 10n ** 8n), fc.bigInt(0n, 10n ** 8n), fc.bigInt(0n, ONE32), (old, spot, first, ahead, alpha) => {
        const next = updateMovingPrice({ movingPrice: old, spotPrice: spot, block: first + ahead, firstEmissionBlock: first, movingAlpha: alpha, halvingBlocks: 201_600n });
        expect(next >= 0n && next <= ONE32).toBe(true);
        const target = (spot < ONE64 ? spot : ONE64) >> 32n; // I96F32 view of min(spot, 1)
        if (target >= old) expect(next).toBeGreaterThanOrEqual(old - 1n);
        if (target <= old) expect(next).toBeLessThanOrEqual(old);
      }),
      { numRuns: 300 },
    );
  });

  it('the four buckets sum to alpha_out minus at most 3 rao of dust', () => {
    fc.assert(
      fc.property(fc.bigInt(0n, 10n ** 10n * ONE32), fc.integer({ min: 0, max: 65_535 }), fc.boolean(), fc.bigInt(0n, ONE32), fc.boolean(), (alphaOut, cut, enabled, rho, flag) => {
        const p = pendingSplit({ alphaOut, ownerCut: ownerCutFraction(cut), ownerCutEnabled: enabled, rootProportion: rho, rootSellFlag: flag });
        const total = p.ownerCut + p.pendingServer + p.pendingValidator + p.pendingRoot + p.recycledRootAlpha;
        expect(total).toBeLessThanOrEqual(p.alphaOutMinted);
        expect(p.alphaOutMinted - total).toBeLessThanOrEqual(3n);
        expect(flag ? p.recycledRootAlpha : p.pendingRoot).toBe(0n);
      }),
      { numRuns: 300 },
    );
  });
});
