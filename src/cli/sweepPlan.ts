/**
 * A sweep's definition and its runs: the grid of `set` lists × the paired `zip` lists × the seeds.
 * A run's id is a hash of its overrides and seed (not its position: adding a grid value renames
 * no other run); a parameter point's id, of its overrides alone. The definition (`sweep.json`)
 * is what a resume compares: the same scenario (hash), points, seeds and run settings.
 * Shards are strided slices of the run list: shard K of N runs the runs i with i mod N = K.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../core/canonical.js';
import { InputError } from '../core/errors.js';
import type { Override } from '../scenario/overrides.js';

export interface Point {
  readonly id: string;
  readonly overrides: readonly Override[];
}

export interface PlannedRun {
  readonly id: string;
  readonly point: string;
  readonly seed: number;
  readonly overrides: readonly Override[];
}

export interface SweepDefinition {
  readonly taosim_sweep: 1;
  readonly scenario_hash: string;
  readonly keys: readonly string[];
  readonly points: readonly { id: string; values: readonly unknown[] }[];
  readonly seeds: readonly number[];
  readonly epochs: number | null;
  readonly block_step: number | null;
  readonly neurons: string;
}

const hash = (v: unknown): string => createHash('sha256').update(canonicalJson(v)).digest('hex').slice(0, 12);

const asObject = (ov: readonly Override[]): Record<string, unknown> => Object.fromEntries(ov.map((o) => [o.path, o.value]));

export const pointId = (ov: readonly Override[]): string => `p-${hash(asObject(ov))}`;
export const runId = (ov: readonly Override[], seed: number): string => `r-${hash({ overrides: asObject(ov), seed })}`;

/** The points: the product of the `set` lists, each combined with every tuple of the `zip` lists (lengths must match). */
export function points(set: readonly (readonly Override[])[], zip: readonly (readonly Override[])[], zipFlag = '--zip'): Point[] {
  const all = [...set, ...zip].map((l) => l[0]!.path);
  const dup = all.find((k, i) => all.indexOf(k) !== i);
  if (dup !== undefined) throw new InputError(zipFlag, `${dup} is swept twice; sweep each key once`);
  for (const l of zip)
    if (l.length !== zip[0]!.length)
      throw new InputError(zipFlag, `${zip[0]![0]!.path} has ${zip[0]!.length} values and ${l[0]!.path} has ${l.length}: zipped lists pair value by value, so their lengths must match`);
  const grid = set.reduce<Override[][]>((acc, list) => acc.flatMap((combo) => list.map((o) => [...combo, o])), [[]]);
  const tuples = zip.length === 0 ? [[]] : zip[0]!.map((_, k) => zip.map((l) => l[k]!));
  return grid.flatMap((g) => tuples.map((t) => [...g, ...t])).map((ov) => ({ id: pointId(ov), overrides: ov }));
}

export function plannedRuns(ps: readonly Point[], seeds: readonly number[]): PlannedRun[] {
  const runs = ps.flatMap((p) => seeds.map((seed) => ({ id: runId(p.overrides, seed), point: p.id, seed, overrides: p.overrides })));
  const ids = new Set(runs.map((r) => r.id));
  if (ids.size !== runs.length) throw new InputError('--seeds', 'the same run appears twice (a seed or a parameter point repeated)');
  return runs;
}

/** `K/N` with 0 ≤ K < N. */
export function parseShard(text: string, flag: string): { k: number; n: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const k = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!(n >= 1 && n <= 1_000_000 && k >= 0 && k < n)) throw new InputError(flag, `expected K/N with N ≥ 1 and 0 ≤ K < N, e.g. 0/4 (got "${text}")`);
  return { k, n };
}

/**
 * The shard from the environment: a Slurm job array (SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN
 * of SLURM_ARRAY_TASK_COUNT), or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX of `shards`).
 */
export function shardFromEnv(env: Readonly<Record<string, string | undefined>>, shards: number | undefined): { k: number; n: number; from: string } | undefined {
  const whole = (name: string): number => {
    const v = env[name]!;
    if (!/^\d+$/.test(v)) throw new InputError(name, `expected a whole number in the environment (got "${v}")`);
    return Number(v);
  };
  if (env.SLURM_ARRAY_TASK_ID !== undefined && env.SLURM_ARRAY_TASK_ID !== '') {
    if (env.SLURM_ARRAY_TASK_COUNT === undefined) throw new InputError('SLURM_ARRAY_TASK_COUNT', 'not set, though SLURM_ARRAY_TASK_ID is');
    const min = env.SLURM_ARRAY_TASK_MIN === undefined || env.SLURM_ARRAY_TASK_MIN === '' ? 0 : whole('SLURM_ARRAY_TASK_MIN');
    const s = parseShard(`${whole('SLURM_ARRAY_TASK_ID') - min}/${whole('SLURM_ARRAY_TASK_COUNT')}`, 'SLURM_ARRAY_TASK_ID');
    return { ...s, from: 'SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT' };
  }
  if (env.JOB_COMPLETION_INDEX !== undefined && env.JOB_COMPLETION_INDEX !== '') {
    if (shards === undefined) throw new InputError('--shards', 'JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job): give --shards N, the Job\'s completions');
    return { ...parseShard(`${whole('JOB_COMPLETION_INDEX')}/${shards}`, 'JOB_COMPLETION_INDEX'), from: 'JOB_COMPLETION_INDEX' };
  }
  return undefined;
}

export const inShard = <T>(runs: readonly T[], s: { k: number; n: number } | undefined): T[] => (s === undefined ? [...runs] : runs.filter((_, i) => i % s.n === s.k));

/** The first difference between two definitions, said in words; undefined when they are the same. */
export function definitionDifference(a: SweepDefinition, b: SweepDefinition): string | undefined {
  for (const k of ['scenario_hash', 'keys', 'points', 'seeds', 'epochs', 'block_step', 'neurons'] as const)
    if (canonicalJson(a[k]) !== canonicalJson(b[k])) return `${k} differ (this sweep: ${canonicalJson(b[k]).slice(0, 120)}; the folder's: ${canonicalJson(a[k]).slice(0, 120)})`;
  return undefined;
}
