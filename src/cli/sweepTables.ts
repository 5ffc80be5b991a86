/**
 * The tables of a sweep folder, rebuilt from its definition (`sweep.json`) and its runs' folders
 * alone: `sweep.csv` (the index), `summary.csv` and `quantiles.csv` (output/kpis.ts), and each
 * run table of all complete runs as `<table>.parquet` (output/parquet.ts). Used by `taosim sweep`
 * at its end and by `taosim merge`.
 */
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import type { Cell } from '../output/csv.js';
import { finalKpis, isRegistration, pointQuantileRows, quantileHeader, registrationOf, summaryTable, type RunTables } from '../output/kpis.js';
import { PARQUET_TABLES, writeRunsParquet } from '../output/parquet.js';
import { AtomicCsv, writeFileAtomic } from '../output/write.js';
import { toCsv } from '../output/csv.js';
import { hasTable, readRunState, readTable, readTableWhere, tableHeader, type RunState } from '../scenario/results.js';
import { plannedRuns, type PlannedRun, type SweepDefinition } from './sweepPlan.js';

export const DEFINITION_FILE = 'sweep.json';

/** The runs a definition stands for, in its order (points, then seeds). */
export function definitionRuns(def: SweepDefinition): PlannedRun[] {
  return plannedRuns(
    def.points.map((p) => ({ id: p.id, overrides: def.keys.map((path, i) => ({ path, value: p.values[i] })) })),
    def.seeds,
  );
}

export const runDir = (out: string, id: string): string => join(out, 'runs', id);

const cellOf = (v: unknown): Cell => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : JSON.stringify(v));

export function runStates(out: string, def: SweepDefinition): Map<string, RunState> {
  return new Map(definitionRuns(def).map((r) => [r.id, readRunState(runDir(out, r.id))]));
}

async function tablesOf(dir: string): Promise<RunTables> {
  const agents = hasTable(dir, 'strategies.csv') ? { strategies: readTable(dir, 'strategies.csv'), registrations: (await readTableWhere(dir, 'events.csv', isRegistration)).map(registrationOf) } : undefined;
  return {
    network: readTable(dir, 'network.csv'),
    subnets: readTable(dir, 'subnets.csv'),
    ...(hasTable(dir, 'neurons.csv') ? { neurons: readTable(dir, 'neurons.csv') } : {}),
    ...(agents ? { agents } : {}),
  };
}

/** Write sweep.csv, summary.csv and quantiles.csv of the sweep folder. */
export async function writeSweepTables(out: string, def: SweepDefinition, errors: ReadonlyMap<string, string> = new Map()): Promise<void> {
  const runs = definitionRuns(def);
  const states = runStates(out, def);
  const values = (r: PlannedRun): Cell[] => r.overrides.map((o) => cellOf(o.value));

  const index = runs.map((r) => {
    const s = states.get(r.id)!;
    const m = s.meta ?? {};
    const err = errors.get(r.id) ?? (typeof m.error === 'string' ? m.error : '');
    return [r.id, r.point, r.seed, ...values(r), s.status, cellOf(m.scenario_hash ?? null), join('runs', r.id), cellOf(m.wall_time_seconds ?? null), err];
  });
  writeFileAtomic(join(out, 'sweep.csv'), toCsv(['run', 'point', 'seed', ...def.keys, 'status', 'scenario_hash', 'out', 'wall_seconds', 'error'], index));

  const complete = (r: PlannedRun): boolean => states.get(r.id)!.status === 'complete';
  // quantiles, one point's runs in memory at a time; the summary keeps only each run's final KPIs
  const finals = new Map<string, ReturnType<typeof finalKpis>>();
  const q = new AtomicCsv(join(out, 'quantiles.csv'), quantileHeader(def.keys));
  for (const p of def.points) {
    const mine: RunTables[] = [];
    for (const r of runs.filter((x) => x.point === p.id && complete(x))) {
      const t = await tablesOf(runDir(out, r.id));
      finals.set(r.id, finalKpis(t));
      mine.push(t);
    }
    if (mine.length === 0) continue;
    for (const row of pointQuantileRows(p.id, p.values.map(cellOf), mine)) q.append(row);
  }
  q.close();
  const sum = summaryTable(
    def.keys,
    runs.map((r) => ({ id: r.id, seed: r.seed, values: values(r), status: states.get(r.id)!.status, final: finals.get(r.id) })),
  );
  writeFileAtomic(join(out, 'summary.csv'), toCsv(sum.header, sum.rows));
}

/**
 * Write `<table>.parquet` for each run table that a complete run of the sweep has, its rows in the
 * definition's order (points, then seeds). Returns the files written.
 */
export async function writeSweepParquet(out: string, def: SweepDefinition): Promise<string[]> {
  const states = runStates(out, def);
  const complete = definitionRuns(def).filter((r) => states.get(r.id)!.status === 'complete');
  const written: string[] = [];
  for (const { table, columns } of PARQUET_TABLES) {
    const file = `${table}.csv`;
    const mine = complete.filter((r) => hasTable(runDir(out, r.id), file));
    if (mine.length === 0) continue;
    const want = Object.keys(columns);
    for (const r of mine) {
      const got = tableHeader(runDir(out, r.id), file);
      if (got.join(',') !== want.join(',')) throw new InputError('', `expected the columns ${want.join(', ')} (got ${got.join(', ')}): written by another taosim version?`, join(runDir(out, r.id), file));
    }
    const runs = mine.map((r) => ({ id: r.id, seed: r.seed, values: r.overrides.map((o) => o.value), csv: join(runDir(out, r.id), file) }));
    await writeRunsParquet(join(out, `${table}.parquet`), columns, def.keys, runs);
    written.push(`${table}.parquet`);
  }
  return written;
}
