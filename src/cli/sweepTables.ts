/**
 * The tables of a sweep folder, rebuilt from its definition (`sweep.json`) and its runs' folders
 * alone: `sweep.csv` (the index), `summary.csv` and `quantiles.csv` (output/kpis.ts). Used by
 * `taosim sweep` at its end and by `taosim merge`.
 */
import { join } from 'node:path';
import type { Cell } from '../output/csv.js';
import { pointQuantileRows, quantileHeader, summaryTable, type RunTables } from '../output/kpis.js';
import { AtomicCsv, writeFileAtomic } from '../output/write.js';
import { toCsv } from '../output/csv.js';
import { hasTable, readRunState, readTable, type RunState } from '../scenario/results.js';
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

function tablesOf(dir: string): RunTables {
  return { network: readTable(dir, 'network.csv'), subnets: readTable(dir, 'subnets.csv'), ...(hasTable(dir, 'neurons.csv') ? { neurons: readTable(dir, 'neurons.csv') } : {}) };
}

/** Write sweep.csv, summary.csv and quantiles.csv of the sweep folder. */
export function writeSweepTables(out: string, def: SweepDefinition, errors: ReadonlyMap<string, string> = new Map()): void {
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

  // summary: one run's tables in memory at a time
  const summaryRuns = runs.map((r) => {
    const s = states.get(r.id)!;
    return { id: r.id, seed: r.seed, values: values(r), status: s.status, tables: s.status === 'complete' ? tablesOf(runDir(out, r.id)) : undefined };
  });
  const sum = summaryTable(def.keys, summaryRuns);
  writeFileAtomic(join(out, 'summary.csv'), toCsv(sum.header, sum.rows));

  // quantiles: one point's runs at a time
  const q = new AtomicCsv(join(out, 'quantiles.csv'), quantileHeader(def.keys));
  for (const p of def.points) {
    const mine = summaryRuns.filter((r) => runs.find((x) => x.id === r.id)!.point === p.id && r.tables !== undefined);
    if (mine.length === 0) continue;
    for (const row of pointQuantileRows(p.id, p.values.map(cellOf), mine.map((r) => r.tables!))) q.append(row);
  }
  q.close();
}
