/**
 * The realism facts of shared/spec/realism.md ("Definitions (daily)"), computed from price samples.
 * Pure: no I/O. The readers are in scenario/results.ts, the table in output/facts.ts.
 *
 * - day d = ⌊block / 7200⌋; a subnet's price of day d is its last sample of that day (input order).
 * - daily log-return r_d = ln(p_d / p_(d−1)) where both days exist and both prices are > 0;
 *   |r| > 2 dropped (a netuid re-registered by a new subnet); root (netuid 0) left out.
 * - subnets with fewer than 30 returns left out.
 * - per subnet, on its returns in day order: vol = population std; excess kurtosis = m4/m2² − 3;
 *   acf(x, 1) = mean over the n−1 neighbouring pairs of (x_t − x̄)(x_(t−1) − x̄), divided by the
 *   population variance of x (neighbours in the return sequence, also across a gap in days: this
 *   reading reproduces realism.md's table, the n-divided one gives acf(|r|,1) 0.337, not 0.338);
 *   drift = mean r.
 * - across subnets: median, p10 and p90 (linear interpolation between order statistics, numpy's
 *   default); pair correlation = median over subnet pairs with ≥ 30 common return days of the
 *   Pearson correlation of their returns on those days.
 * A fact a subnet does not define (zero variance: a constant price) is left out of that fact.
 */

export const BLOCKS_PER_DAY = 7200;
export const MAX_ABS_RETURN = 2;
export const MIN_RETURNS = 30;
export const MIN_COMMON_DAYS = 30;

export interface PricePoint {
  readonly block: number;
  readonly netuid: number;
  readonly price: number;
}

export const FACT_NAMES = ['vol', 'kurtosis', 'acf', 'acf_abs', 'drift'] as const;
export type FactName = (typeof FACT_NAMES)[number];

export interface Spread {
  readonly median: number;
  readonly p10: number;
  readonly p90: number;
  /** subnets (or pairs) it was taken over */
  readonly n: number;
}

export interface SubnetFacts {
  readonly netuid: number;
  readonly returns: number;
  readonly vol: number;
  readonly kurtosis?: number;
  readonly acf?: number;
  readonly acf_abs?: number;
  readonly drift: number;
}

export interface Facts {
  /** non-root netuids sampled */
  readonly netuids: number;
  /** distinct days sampled */
  readonly daysSampled: number;
  /** subnets with ≥ 30 returns (the ones used) */
  readonly subnets: number;
  /** distinct days carrying a return of a used subnet */
  readonly days: number;
  /** the most returns any non-root subnet has */
  readonly maxReturns: number;
  readonly perSubnet: readonly SubnetFacts[];
  readonly facts: { readonly [K in FactName]?: Spread };
  readonly pairCorrelation?: Spread;
}

/** netuid → (day → price), root left out, both in ascending order. */
export function dailyPrices(points: Iterable<PricePoint>): Map<number, Map<number, number>> {
  const by = new Map<number, Map<number, number>>();
  for (const p of points) {
    if (p.netuid === 0) continue;
    const day = Math.floor(p.block / BLOCKS_PER_DAY);
    let m = by.get(p.netuid);
    if (!m) by.set(p.netuid, (m = new Map()));
    m.set(day, p.price); // a later sample of the same day replaces an earlier one
  }
  const sorted = new Map<number, Map<number, number>>();
  for (const netuid of [...by.keys()].sort((a, b) => a - b)) {
    const m = by.get(netuid)!;
    sorted.set(netuid, new Map([...m.entries()].sort((a, b) => a[0] - b[0])));
  }
  return sorted;
}

/** day → daily log-return (the day it ends on), ascending. */
export function dailyReturns(prices: ReadonlyMap<number, number>): Map<number, number> {
  const out = new Map<number, number>();
  for (const day of [...prices.keys()].sort((a, b) => a - b)) {
    const p = prices.get(day)!;
    const q = prices.get(day - 1);
    if (q === undefined || !(q > 0) || !(p > 0)) continue;
    const r = Math.log(p / q);
    if (Math.abs(r) > MAX_ABS_RETURN) continue;
    out.set(day, r);
  }
  return out;
}

export function mean(x: readonly number[]): number {
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}

/** k-th central moment, population (divided by n). */
export function centralMoment(x: readonly number[], k: number): number {
  const m = mean(x);
  let s = 0;
  for (const v of x) s += (v - m) ** k;
  return s / x.length;
}

export function populationStd(x: readonly number[]): number {
  return Math.sqrt(centralMoment(x, 2));
}

/** m4/m2² − 3; undefined for a constant series. */
export function excessKurtosis(x: readonly number[]): number | undefined {
  const m2 = centralMoment(x, 2);
  if (!(m2 > 0)) return undefined;
  return centralMoment(x, 4) / (m2 * m2) - 3;
}

/** Lag-1 autocorrelation: mean of (x_t − x̄)(x_(t−1) − x̄) over the n−1 pairs ÷ population variance. */
export function acf1(x: readonly number[]): number | undefined {
  if (x.length < 2) return undefined;
  const m = mean(x);
  const v = centralMoment(x, 2);
  if (!(v > 0)) return undefined;
  let s = 0;
  for (let t = 1; t < x.length; t++) s += (x[t]! - m) * (x[t - 1]! - m);
  return s / (x.length - 1) / v;
}

/** Pearson correlation; undefined when either side is constant. */
export function pearson(x: readonly number[], y: readonly number[]): number | undefined {
  const mx = mean(x), my = mean(y);
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i]! - mx, b = y[i]! - my;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  if (!(sxx > 0) || !(syy > 0)) return undefined;
  return sxy / Math.sqrt(sxx * syy);
}

/** q-quantile of ascending values, linear between order statistics (numpy's default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('quantile of nothing');
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export function spread(values: readonly number[]): Spread | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  return { median: quantile(s, 0.5), p10: quantile(s, 0.1), p90: quantile(s, 0.9), n: s.length };
}

export function subnetFacts(netuid: number, returns: readonly number[]): SubnetFacts {
  const abs = returns.map((r) => Math.abs(r));
  return {
    netuid,
    returns: returns.length,
    vol: populationStd(returns),
    kurtosis: excessKurtosis(returns),
    acf: acf1(returns),
    acf_abs: acf1(abs),
    drift: mean(returns),
  };
}

export function realismFacts(points: Iterable<PricePoint>): Facts {
  const prices = dailyPrices(points);
  const sampled = new Set<number>();
  for (const m of prices.values()) for (const d of m.keys()) sampled.add(d);
  const used: { netuid: number; returns: Map<number, number> }[] = [];
  let maxReturns = 0;
  for (const [netuid, m] of prices) {
    const r = dailyReturns(m);
    maxReturns = Math.max(maxReturns, r.size);
    if (r.size >= MIN_RETURNS) used.push({ netuid, returns: r });
  }
  const perSubnet = used.map((u) => subnetFacts(u.netuid, [...u.returns.values()]));
  const facts: { [K in FactName]?: Spread } = {};
  for (const name of FACT_NAMES) {
    const s = spread(perSubnet.map((f) => f[name]).filter((v): v is number => v !== undefined));
    if (s) facts[name] = s;
  }
  const corr: number[] = [];
  for (let i = 0; i < used.length; i++) {
    for (let j = i + 1; j < used.length; j++) {
      const a = used[i]!.returns, b = used[j]!.returns;
      const x: number[] = [], y: number[] = [];
      for (const [d, r] of a) {
        const s = b.get(d);
        if (s !== undefined) {
          x.push(r);
          y.push(s);
        }
      }
      if (x.length < MIN_COMMON_DAYS) continue;
      const c = pearson(x, y);
      if (c !== undefined) corr.push(c);
    }
  }
  const days = new Set<number>();
  for (const u of used) for (const d of u.returns.keys()) days.add(d);
  const pairCorrelation = spread(corr);
  return {
    netuids: prices.size,
    daysSampled: sampled.size,
    subnets: used.length,
    days: days.size,
    maxReturns,
    perSubnet,
    facts,
    ...(pairCorrelation ? { pairCorrelation } : {}),
  };
}

/** The target bands of issue #12 §3 for the run's medians. */
export interface Band {
  readonly lo?: number;
  readonly hi?: number;
  readonly text: string;
}

export const TARGET_BANDS: { readonly [K in FactName | 'pair_correlation']: Band } = {
  vol: { lo: 0.05, hi: 0.22, text: '0.05…0.22' },
  kurtosis: { lo: 3, text: '≥ 3' },
  acf: { lo: -0.2, hi: 0.2, text: '|x| ≤ 0.2' },
  acf_abs: { lo: 0.1, hi: 0.6, text: '0.1…0.6' },
  drift: { lo: -0.015, hi: 0.005, text: '-0.015…+0.005' },
  pair_correlation: { hi: 0.3, text: '≤ 0.3' },
};

export function inBand(band: Band, v: number): boolean {
  return (band.lo === undefined || v >= band.lo) && (band.hi === undefined || v <= band.hi);
}
