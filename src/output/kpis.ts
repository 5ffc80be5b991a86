/**
 * What a sweep tells you: the KPI tables `summary.csv` (one row per run) and `quantiles.csv` (one
 * row per parameter point × epoch × time-series KPI, across the point's seeds). Pure functions of
 * the runs' tables, in the sweep definition's order, so the bytes depend only on the complete
 * runs, never on jobs, shards or the order in which runs finished.
 *
 * Quantiles are Hyndman & Fan type 7 (linear interpolation between order statistics, R's default
 * and numpy's `linear`), by d3-array's `quantileSorted` on the values sorted ascending; the mean is
 * d3-array's `fsum` (exactly rounded sum, so independent of order) divided by the count.
 * KPI values are read from the CSVs' exact decimals as float64; outputs are shortest round-trip.
 */
import { fsum, quantileSorted } from 'd3-array';
import type { Cell } from './csv.js';

type Row = Record<string, string>;

/** The network KPIs, from network.csv: the final value in summary.csv, every epoch in quantiles.csv. */
export const NETWORK_KPIS = ['issuance_tao', 'pool_tao', 'root_tao'] as const;
/** The per-subnet KPIs, from subnets.csv (named `sn<netuid>.<kpi>` in quantiles.csv, `sn<netuid>_<kpi>` in summary.csv). */
export const SUBNET_KPIS = ['spot_price', 'share', 'tao_reserve_tao'] as const;
export const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

export interface RunTables {
  readonly network: readonly Row[];
  readonly subnets: readonly Row[];
  /** neurons.csv if the run wrote it (its final epoch gives the Gini of stake). */
  readonly neurons?: readonly Row[];
}

export interface SummaryRun {
  readonly id: string;
  readonly seed: number;
  /** The swept keys' values, in the order of the sweep's keys. */
  readonly values: readonly Cell[];
  readonly status: string;
  /** finalKpis of its tables, for a complete run. */
  readonly final?: Final;
}

/** Gini coefficient of non-negative amounts: Σ(2i − n − 1)·x_(i) / (n·Σx), x sorted ascending, i from 1; 0 for none or all zero. */
export function gini(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  const total = fsum(s);
  if (n === 0 || total === 0) return 0;
  return fsum(s.map((x, k) => (2 * (k + 1) - n - 1) * x)) / (n * total);
}

const lastEpochRows = (rows: readonly Row[]): Row[] => {
  if (rows.length === 0) return [];
  const last = rows[rows.length - 1]!.epoch;
  return rows.filter((r) => r.epoch === last);
};

const num = (v: string | undefined): number => {
  const x = Number(v);
  if (v === undefined || v === '' || !Number.isFinite(x)) throw new RangeError(`KPI value "${String(v)}" is not a number`);
  return x;
};

export interface Final {
  network: Record<string, string>;
  subnets: Map<number, Record<string, string>>;
}

/** A run's final-epoch KPIs (small: the tables can be dropped once this is taken). */
export function finalKpis(t: RunTables): Final {
  const net = t.network[t.network.length - 1];
  const network = Object.fromEntries(NETWORK_KPIS.map((k) => [k, net?.[k] ?? '']));
  const subnets = new Map<number, Record<string, string>>();
  for (const r of lastEpochRows(t.subnets)) subnets.set(Number(r.netuid), Object.fromEntries(SUBNET_KPIS.map((k) => [k, r[k] ?? ''])));
  if (t.neurons !== undefined) {
    const stakes = new Map<number, number[]>();
    for (const r of lastEpochRows(t.neurons)) {
      const n = Number(r.netuid);
      if (!stakes.has(n)) stakes.set(n, []);
      stakes.get(n)!.push(num(r.stake_alpha));
    }
    for (const [n, xs] of stakes) {
      const s = subnets.get(n) ?? {};
      s.stake_gini = String(gini(xs));
      subnets.set(n, s);
    }
  }
  return { network, subnets };
}

/** summary.csv: header and rows, one per run of the sweep, in its order. */
export function summaryTable(keys: readonly string[], runs: readonly SummaryRun[]): { header: string[]; rows: Cell[][] } {
  const finals = runs.map((r) => r.final);
  const netuids = [...new Set(finals.flatMap((f) => (f ? [...f.subnets.keys()] : [])))].sort((a, b) => a - b);
  const subnetCols = [...SUBNET_KPIS, 'stake_gini'];
  const header = ['run', 'seed', ...keys, 'status', ...NETWORK_KPIS, ...netuids.flatMap((n) => subnetCols.map((k) => `sn${n}_${k}`))];
  const rows = runs.map((r, i) => {
    const f = finals[i];
    const cells: Cell[] = [r.id, r.seed, ...r.values, r.status];
    for (const k of NETWORK_KPIS) cells.push(f?.network[k] ?? null);
    for (const n of netuids) for (const k of subnetCols) cells.push(f?.subnets.get(n)?.[k] ?? null);
    return cells.map((c) => (c === '' ? null : c));
  });
  return { header, rows };
}

export const quantileHeader = (keys: readonly string[]): string[] => ['point', ...keys, 'epoch', 'kpi', 'n', 'p5', 'p25', 'p50', 'p75', 'p95', 'mean'];

/** The time series of one run: epoch → KPI name → value, KPIs in a fixed order (network first, then subnets by netuid). */
function series(t: RunTables): Map<number, Map<string, number>> {
  const out = new Map<number, Map<string, number>>();
  const at = (e: number): Map<string, number> => {
    if (!out.has(e)) out.set(e, new Map());
    return out.get(e)!;
  };
  for (const r of t.network) for (const k of NETWORK_KPIS) at(Number(r.epoch)).set(k, num(r[k]));
  const sub = [...t.subnets].sort((a, b) => Number(a.epoch) - Number(b.epoch) || Number(a.netuid) - Number(b.netuid));
  for (const r of sub) for (const k of SUBNET_KPIS) at(Number(r.epoch)).set(`sn${r.netuid}.${k}`, num(r[k]));
  return out;
}

const kpiOrder = (a: string, b: string): number => {
  const rank = (k: string): [number, number, number] => {
    const n = NETWORK_KPIS.indexOf(k as (typeof NETWORK_KPIS)[number]);
    if (n >= 0) return [0, 0, n];
    const m = /^sn(\d+)\.(.*)$/.exec(k)!;
    return [1, Number(m[1]), SUBNET_KPIS.indexOf(m[2] as (typeof SUBNET_KPIS)[number])];
  };
  const x = rank(a);
  const y = rank(b);
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
};

/** quantiles.csv rows of one parameter point from its complete runs' tables (any order). */
export function pointQuantileRows(point: string, values: readonly Cell[], runs: readonly RunTables[]): Cell[][] {
  const acc = new Map<number, Map<string, number[]>>();
  for (const t of runs)
    for (const [e, kv] of series(t)) {
      if (!acc.has(e)) acc.set(e, new Map());
      const m = acc.get(e)!;
      for (const [k, v] of kv) {
        if (!m.has(k)) m.set(k, []);
        m.get(k)!.push(v);
      }
    }
  const rows: Cell[][] = [];
  for (const e of [...acc.keys()].sort((a, b) => a - b)) {
    const m = acc.get(e)!;
    for (const k of [...m.keys()].sort(kpiOrder)) {
      const xs = m.get(k)!.sort((a, b) => a - b);
      rows.push([point, ...values, e, k, xs.length, ...QUANTILES.map((p) => quantileSorted(xs, p)!), fsum(xs) / xs.length]);
    }
  }
  return rows;
}
