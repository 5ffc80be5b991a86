/**
 * The realism facts (src/analysis/facts.ts) on series small enough to compute by hand, and the
 * edge rules of shared/spec/realism.md: |r| > 2 dropped, fewer than 30 returns left out, root left
 * out, gaps in days, the last sample of a day, pairs with fewer than 30 common days left out.
 */
import { describe, expect, it } from 'vitest';
import {
  type PricePoint,
  acf1,
  dailyPrices,
  dailyReturns,
  excessKurtosis,
  inBand,
  pearson,
  populationStd,
  quantile,
  realismFacts,
  subnetFacts,
  TARGET_BANDS,
} from '../../src/analysis/facts.js';

const DAY = 7200;

/** Prices of one subnet from day `first`, one sample a day (at the day's last block), from returns. */
function series(netuid: number, first: number, returns: readonly number[], p0 = 1): PricePoint[] {
  const out: PricePoint[] = [{ block: first * DAY + DAY - 1, netuid, price: p0 }];
  let p = p0;
  returns.forEach((r, i) => {
    p *= Math.exp(r);
    out.push({ block: (first + i + 1) * DAY + DAY - 1, netuid, price: p });
  });
  return out;
}

describe('per-series statistics, by hand', () => {
  it('x = [0, 0, 0, 3]: std √1.6875, excess kurtosis 7/3 − 3, acf(x,1) = −1/9', () => {
    const x = [0, 0, 0, 3];
    // mean 0.75; deviations −0.75 ×3 and 2.25
    const m2 = (3 * 0.75 ** 2 + 2.25 ** 2) / 4; // 1.6875
    const m4 = (3 * 0.75 ** 4 + 2.25 ** 4) / 4; // 6.64453125
    expect(m2).toBe(1.6875);
    expect(populationStd(x)).toBeCloseTo(Math.sqrt(1.6875), 14);
    expect(excessKurtosis(x)).toBeCloseTo(m4 / m2 ** 2 - 3, 12);
    expect(excessKurtosis(x)).toBeCloseTo(7 / 3 - 3, 12);
    // pairs (x1,x0), (x2,x1), (x3,x2): 0.5625 + 0.5625 − 1.6875 = −0.5625; ÷ 3 pairs ÷ 1.6875
    expect(acf1(x)).toBeCloseTo(-1 / 9, 12);
  });

  it('alternating ±1: std 1, excess kurtosis −2, acf −1; |x| constant has no acf or kurtosis', () => {
    const x = [1, -1, 1, -1, 1, -1];
    expect(populationStd(x)).toBe(1);
    expect(excessKurtosis(x)).toBe(-2);
    expect(acf1(x)).toBeCloseTo(-1, 14);
    const f = subnetFacts(5, x);
    expect(f.drift).toBe(0);
    expect(f.acf_abs).toBeUndefined();
    expect(excessKurtosis([2, 2, 2])).toBeUndefined();
  });

  it('acf divides the mean of the n−1 products by the variance (not the sum by n)', () => {
    const x = [1, 2, 3, 4, 5];
    // mean 3, variance 2; products (−1)(−2) + 0·(−1) + 1·0 + 2·1 = 4; 4/4 pairs = 1; 1/2
    expect(acf1(x)).toBeCloseTo(0.5, 14);
  });

  it('pearson: exact ±1 for linear relations, undefined for a constant side', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 14);
    expect(pearson([1, 2, 3], [3, 1, 2])).toBeCloseTo(-0.5, 14); // Σab = (−1)(1) + 0 + (1)(0) = −1; Σa² = Σb² = 2
    expect(pearson([1, 2, 3], [1, 1, 1])).toBeUndefined();
  });

  it('quantile is linear between order statistics', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5], 0.1)).toBeCloseTo(1.4, 14);
    expect(quantile([1, 2, 3, 4, 5], 0.9)).toBeCloseTo(4.6, 14);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([7], 0.9)).toBe(7);
  });
});

describe('days and returns', () => {
  it('day = ⌊block/7200⌋, the last sample of a day counts, root is left out', () => {
    const p = dailyPrices([
      { block: 7200 * 3 + 5, netuid: 2, price: 9 },
      { block: 7200 * 3 + 7199, netuid: 2, price: 4 },
      { block: 7199, netuid: 2, price: 2 },
      { block: 7200 * 3, netuid: 0, price: 1 },
    ]);
    expect([...p.keys()]).toEqual([2]);
    expect([...p.get(2)!.entries()]).toEqual([[0, 2], [3, 4]]);
  });

  it('returns only between consecutive days with both prices > 0; |r| > 2 dropped', () => {
    const e = Math.exp(1);
    const prices = new Map<number, number>([
      [0, 1], [1, e], // r_1 = 1
      [3, 1], [4, 1 / e], // gap at day 2: no r_3; r_4 = −1
      [5, 0], [6, 1], // a zero price: neither r_5 nor r_6
      [7, 1.5], [8, 1.5 * Math.exp(2.1)], [9, 1.5 * Math.exp(0.5)], // r_8 = 2.1 dropped; r_9 = −1.6 kept
    ]);
    const r = dailyReturns(prices);
    expect([...r.keys()]).toEqual([1, 4, 7, 9]);
    expect(r.get(1)).toBeCloseTo(1, 14);
    expect(r.get(4)).toBeCloseTo(-1, 14);
    expect(r.get(7)).toBeCloseTo(Math.log(1.5), 14);
    expect(r.get(9)).toBeCloseTo(-1.6, 12);
  });
});

describe('realismFacts', () => {
  const alt = (n: number, a: number): number[] => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? a : -a));
  // a pattern with non-zero variance of |r| and no symmetry, 30 returns
  const base = Array.from({ length: 30 }, (_, i) => 0.01 * ((i * 7) % 11) - 0.05);

  it('a subnet needs 30 returns; root and short subnets are left out', () => {
    const f = realismFacts([
      ...series(1, 0, alt(30, 0.1)), // 31 days, 30 returns: used
      ...series(2, 0, alt(29, 0.1)), // 29 returns: left out
      ...series(0, 0, alt(40, 0.3)), // root: left out
    ]);
    expect(f.netuids).toBe(2);
    expect(f.subnets).toBe(1);
    expect(f.maxReturns).toBe(30);
    expect(f.days).toBe(30);
    expect(f.daysSampled).toBe(31);
    expect(f.perSubnet.map((s) => s.netuid)).toEqual([1]);
    expect(f.facts.vol?.median).toBeCloseTo(0.1, 12);
    expect(f.facts.kurtosis?.median).toBeCloseTo(-2, 10);
    expect(f.facts.acf?.median).toBeCloseTo(-1, 10);
    expect(f.facts.drift?.median).toBeCloseTo(0, 14);
    expect(f.pairCorrelation).toBeUndefined();
  });

  it('a constant price: vol 0 and drift 0 count, kurtosis and the acfs are undefined and left out', () => {
    const f = realismFacts([...series(1, 0, alt(30, 0.1)), ...series(2, 0, new Array<number>(30).fill(0))]);
    expect(f.subnets).toBe(2);
    expect(f.perSubnet[1]).toEqual({ netuid: 2, returns: 30, vol: 0, kurtosis: undefined, acf: undefined, acf_abs: undefined, drift: 0 });
    expect(f.facts.vol?.n).toBe(2);
    expect(f.facts.vol?.median).toBeCloseTo(0.05, 12);
    expect(f.facts.kurtosis?.n).toBe(1);
    expect(f.pairCorrelation).toBeUndefined(); // the only pair has a constant side
  });

  it('a re-registration jump (|r| > 2) costs the subnet its returns around it', () => {
    const r = alt(31, 0.1);
    r[10] = 2.5; // 31 returns, one dropped: 30 left, still used
    const kept = realismFacts(series(3, 0, r));
    expect(kept.perSubnet[0]?.returns).toBe(30);
    r[20] = -2.5; // a second one: 29 left, left out
    const gone = realismFacts(series(3, 0, r));
    expect(gone.subnets).toBe(0);
    expect(gone.maxReturns).toBe(29);
  });

  it('median, p10 and p90 across subnets; pair correlation over pairs with ≥ 30 common days', () => {
    const f = realismFacts([
      ...series(1, 0, base),
      ...series(2, 0, base.map((x) => 2 * x)), // corr +1 with 1
      ...series(3, 0, base.map((x) => -x)), // corr −1 with 1 and 2
      ...series(4, 20, base), // days 21…50: 10 common days with the others, no pair
    ]);
    expect(f.subnets).toBe(4);
    expect(f.pairCorrelation?.n).toBe(3);
    expect(f.pairCorrelation?.median).toBeCloseTo(-1, 12); // {1, −1, −1}
    const v = populationStd(base);
    // vols: v, 2v, v, v → sorted v, v, v, 2v: median v, p10 v, p90 = v + 0.7·v
    expect(f.facts.vol?.median).toBeCloseTo(v, 14);
    expect(f.facts.vol?.p10).toBeCloseTo(v, 14);
    expect(f.facts.vol?.p90).toBeCloseTo(1.7 * v, 14);
    const m = base.reduce((s, x) => s + x, 0) / base.length;
    // drifts: m, 2m, −m, m → sorted −m, m, m, 2m (m < 0 flips the order)
    const d = [m, 2 * m, -m, m].sort((a, b) => a - b);
    expect(f.facts.drift?.median).toBeCloseTo((d[1]! + d[2]!) / 2, 14);
    expect(f.days).toBe(50);
  });

  it('a gap in days breaks the returns but the acf runs over the returns in order', () => {
    const a = series(1, 0, base.slice(0, 15)); // days 0…15: 15 returns
    const b = series(1, 17, base.slice(16)); // day 16 missing: none on day 17, 14 on days 18…31
    const f = realismFacts([...a, ...b]);
    expect(f.maxReturns).toBe(29);
    expect(f.subnets).toBe(0);
    const g = realismFacts([...a, ...series(1, 17, base.slice(15))]); // 15 + 15 returns
    expect(g.perSubnet[0]?.returns).toBe(30);
    expect(g.days).toBe(30);
    expect(g.perSubnet[0]?.acf).toBeCloseTo(acf1(base)!, 12); // the pair across the gap counts
  });

  it('target bands', () => {
    expect(inBand(TARGET_BANDS.vol, 0.109)).toBe(true);
    expect(inBand(TARGET_BANDS.vol, 0.0002)).toBe(false);
    expect(inBand(TARGET_BANDS.kurtosis, 2.9)).toBe(false);
    expect(inBand(TARGET_BANDS.acf, -0.21)).toBe(false);
    expect(inBand(TARGET_BANDS.drift, -0.0041)).toBe(true);
    expect(inBand(TARGET_BANDS.pair_correlation, 0.9)).toBe(false);
  });
});
