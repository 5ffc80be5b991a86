/**
 * Reads a finished `taosim run` result folder (for `taosim plot`): meta.json and the CSV tables,
 * with papaparse. A folder that is not a complete result is bad input.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { InputError } from '../core/errors.js';

export type Row = Record<string, string>;

export interface ResultFolder {
  readonly dir: string;
  readonly meta: Record<string, unknown>;
  readonly network: Row[];
  readonly subnets: Row[];
}

function table(dir: string, file: string): Row[] {
  const path = join(dir, file);
  if (!existsSync(path)) throw new InputError('', `${file} is missing: not a taosim result folder`, dir);
  const r = Papa.parse<Row>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true });
  if (r.errors.length > 0) throw new InputError('', `${file} row ${(r.errors[0]!.row ?? 0) + 2}: ${r.errors[0]!.message}`, dir);
  return r.data;
}

export function readResult(dir: string): ResultFolder {
  const metaPath = join(dir, 'meta.json');
  if (!existsSync(metaPath)) throw new InputError('', 'no meta.json: not a complete taosim result folder', dir);
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new InputError('', `meta.json is not JSON: ${(e as Error).message}`, dir);
  }
  return { dir, meta, network: table(dir, 'network.csv'), subnets: table(dir, 'subnets.csv') };
}

/** One table of a result folder, as rows of strings (header names as keys). */
export function readTable(dir: string, file: string): Row[] {
  return table(dir, file);
}

/** Does the result folder hold this table? */
export const hasTable = (dir: string, file: string): boolean => existsSync(join(dir, file));

export type RunState = { status: 'complete' | 'failed'; meta: Record<string, unknown> } | { status: 'missing'; meta: undefined };

/**
 * The state of one run of a sweep from its folder: `complete` when its meta.json says so,
 * `failed` when its meta.json records a failure, `missing` otherwise (no folder, no meta.json,
 * a meta.json that does not read).
 */
export function readRunState(dir: string): RunState {
  const metaPath = join(dir, 'meta.json');
  if (!existsSync(metaPath)) return { status: 'missing', meta: undefined };
  try {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Record<string, unknown>;
    if (meta.status === 'complete') return { status: 'complete', meta };
    if (meta.status === 'failed') return { status: 'failed', meta };
  } catch {
    // unreadable: as if absent
  }
  return { status: 'missing', meta: undefined };
}

/** A JSON file written by taosim (a sweep's definition), or undefined when absent. */
export function readJsonFile(path: string): unknown {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (e) {
    throw new InputError('', `not JSON: ${(e as Error).message}`, path);
  }
}
