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
