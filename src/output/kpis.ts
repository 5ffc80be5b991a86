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
 *
 * With populations, the agent KPIs: per class/strategy group (strategies.csv) its wealth and APY,
 * and for miners the uids registered and lost, counted from the start; from events.csv the
 * subnets registered (register_network ok) and the subnets pruned to make room (their detail).
 */
import { fsum, quantileSorted } from 'd3-array';
import type { Cell } from './csv.js';

type Row = Record<string, string>;

/** The network KPIs, from network.csv: the final value in summary.csv, every epoch in quantiles.csv. */
export const NETWORK_KPIS = ['issuance_tao', 'pool_tao', 'root_tao'] as const;
/** The per-subnet KPIs, from subnets.csv (named `sn<netuid>.<kpi>` in quantiles.csv, `sn<netuid>_<kpi>` in summary.csv). */
export const SUBNET_KPIS = ['spot_price', 'share', 'tao_reserve_tao'] as const;
/** The network KPIs counted in events.csv, for a scenario with populations: cumulative to the epoch. */
export const EVENT_KPIS = ['subnets_registered', 'subnets_pruned'] as const;
/** The KPIs of each class/strategy group (strategies.csv; named `<class>/<strategy>.<kpi>`, `_<kpi>` in summary.csv). */
export const STRATEGY_KPIS = ['wealth_tao', 'apy'] as const;
/** Of a miner group only: uids registered and lost, cumulative to the epoch (Σ of strategies.csv's entries and exits). */
export const MINER_KPIS = ['uid_entries', 'uid_exits'] as const;
export const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/** A subnet registration of events.csv: its epoch, and whether a subnet was pruned to make room. */
export interface Registration {
  readonly epoch: number;
  readonly pruned: boolean;
}

/** Is this events.csv row a subnet registration (the only events the KPIs read)? */
export const isRegistration = (r: Row): boolean => r.kind === 'register_network' && r.result === 'ok';
export const registrationOf = (r: Row): Registration => ({ epoch: num(r.epoch), pruned: (r.detail ?? '').startsWith('pruned ') });

export interface RunTables {
  readonly network: readonly Row[];
  readonly subnets: readonly Row[];
  /** neurons.csv if the run wrote it (its final epoch gives the Gini of stake). */
  readonly neurons?: readonly Row[];
  /** strategies.csv and the subnet registrations of events.csv, for a scenario with populations. */
  readonly agents?: { readonly strategies: readonly Row[]; readonly registrations: readonly Registration[] };
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
  /** With populations: `<class>/<strategy>` → its KPIs (miner groups with the uid counts). */
  groups?: Map<string, Record<string, string>>;
}

const groupOf = (r: Row): string => `${r.class}/${r.strategy}`;
const byEpoch = (rows: readonly Row[]): Row[] => [...rows].sort((a, b) => num(a.epoch) - num(b.epoch));

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
  if (t.agents === undefined) return { network, subnets };
  const regs = t.agents.registrations;
  Object.assign(network, { subnets_registered: String(regs.length), subnets_pruned: String(regs.filter((r) => r.pruned).length) });
  const groups = new Map<string, Record<string, string>>();
  for (const r of byEpoch(t.agents.strategies)) {
    const g = groupOf(r);
    const prev = groups.get(g);
    const k: Record<string, string> = { wealth_tao: r.wealth_tao ?? '', apy: r.apy ?? '' };
    if (r.class === 'miner') for (const [kpi, col] of [['uid_entries', 'entries'], ['uid_exits', 'exits']] as const) k[kpi] = String(num(prev?.[kpi] ?? '0') + num(r[col]));
    groups.set(g, k);
  }
  return { network, subnets, groups };
}

/** The KPIs of a group, in column order. */
const groupKpis = (group: string): readonly string[] => (group.startsWith('miner/') ? [...STRATEGY_KPIS, ...MINER_KPIS] : STRATEGY_KPIS);

/** summary.csv: header and rows, one per run of the sweep, in its order. */
export function summaryTable(keys: readonly string[], runs: readonly SummaryRun[]): { header: string[]; rows: Cell[][] } {
  const finals = runs.map((r) => r.final);
  const netuids = [...new Set(finals.flatMap((f) => (f ? [...f.subnets.keys()] : [])))].sort((a, b) => a - b);
  const subnetCols = [...SUBNET_KPIS, 'stake_gini'];
  const agents = finals.some((f) => f?.groups !== undefined);
  const networkCols = [...NETWORK_KPIS, ...(agents ? EVENT_KPIS : [])];
  const groups = [...new Set(finals.flatMap((f) => (f?.groups ? [...f.groups.keys()] : [])))].sort();
  const header = ['run', 'seed', ...keys, 'status', ...networkCols, ...netuids.flatMap((n) => subnetCols.map((k) => `sn${n}_${k}`)), ...groups.flatMap((g) => groupKpis(g).map((k) => `${g}_${k}`))];
  const rows = runs.map((r, i) => {
    const f = finals[i];
    const cells: Cell[] = [r.id, r.seed, ...r.values, r.status];
    for (const k of networkCols) cells.push(f?.network[k] ?? null);
    for (const n of netuids) for (const k of subnetCols) cells.push(f?.subnets.get(n)?.[k] ?? null);
    for (const g of groups) for (const k of groupKpis(g)) cells.push(f?.groups?.get(g)?.[k] ?? null);
    return cells.map((c) => (c === '' ? null : c));
  });
  return { header, rows };
}

export const quantileHeader = (keys: readonly string[]): string[] => ['point', ...keys, 'epoch', 'kpi', 'n', 'p5', 'p25', 'p50', 'p75', 'p95', 'mean'];

/** The time series of one run: epoch → KPI name → value (an empty APY is no value). */
function series(t: RunTables): Map<number, Map<string, number>> {
  const out = new Map<number, Map<string, number>>();
  const at = (e: number): Map<string, number> => {
    if (!out.has(e)) out.set(e, new Map());
    return out.get(e)!;
  };
  for (const r of t.network) for (const k of NETWORK_KPIS) at(num(r.epoch)).set(k, num(r[k]));
  for (const r of t.subnets) for (const k of SUBNET_KPIS) at(num(r.epoch)).set(`sn${r.netuid}.${k}`, num(r[k]));
  if (t.agents === undefined) return out;
  const regs = t.agents.registrations;
  for (const r of t.network) {
    const e = num(r.epoch);
    const upTo = regs.filter((x) => x.epoch <= e);
    at(e).set('subnets_registered', upTo.length).set('subnets_pruned', upTo.filter((x) => x.pruned).length);
  }
  const counted = new Map<string, [number, number]>();
  for (const r of byEpoch(t.agents.strategies)) {
    const g = groupOf(r);
    const m = at(num(r.epoch)).set(`${g}.wealth_tao`, num(r.wealth_tao));
    if (r.apy !== undefined && r.apy !== '') m.set(`${g}.apy`, num(r.apy));
    if (r.class !== 'miner') continue;
    const [inSoFar, outSoFar] = counted.get(g) ?? [0, 0];
    const c: [number, number] = [inSoFar + num(r.entries), outSoFar + num(r.exits)];
    counted.set(g, c);
    m.set(`${g}.uid_entries`, c[0]).set(`${g}.uid_exits`, c[1]);
  }
  return out;
}

/** KPI order in quantiles.csv: the network's, the subnets' by netuid, then the groups' by name. */
function kpiRank(k: string): [number, number, string, number] {
  const n = [...NETWORK_KPIS, ...EVENT_KPIS].indexOf(k as (typeof NETWORK_KPIS)[number]);
  if (n >= 0) return [0, 0, '', n];
  const m = /^sn(\d+)\.(.*)$/.exec(k);
  if (m) return [1, Number(m[1]), '', SUBNET_KPIS.indexOf(m[2] as (typeof SUBNET_KPIS)[number])];
  const dot = k.lastIndexOf('.');
  return [2, 0, k.slice(0, dot), [...STRATEGY_KPIS, ...MINER_KPIS].indexOf(k.slice(dot + 1) as (typeof STRATEGY_KPIS)[number])];
}

const kpiOrder = (a: string, b: string): number => {
  const x = kpiRank(a);
  const y = kpiRank(b);
  return x[0] - y[0] || x[1] - y[1] || (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0) || x[3] - y[3];
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
