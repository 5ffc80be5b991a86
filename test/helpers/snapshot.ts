/** Snapshot CSVs cut from the shipped one: some of its columns, some of its rows. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { SNAPSHOT_STATE_COLUMNS } from '../../src/scenario/snapshot.js';
import { REPO_ROOT } from './shared.js';

export const SHIPPED_SNAPSHOT = join(REPO_ROOT, 'test', 'fixtures', 'snapshot_b8791253_flat.csv');
/** What a snapshot cannot do without: the state, and the block it is at. */
export const STATE_ONLY = [...SNAPSHOT_STATE_COLUMNS, 'bulk_call_block'];

/** Write `columns` of the shipped snapshot's root row and first `subnets` subnets (all if omitted) to `file`. */
export function cutSnapshot(file: string, columns: readonly string[], subnets?: number): string {
  const rows = Papa.parse<Record<string, string>>(readFileSync(SHIPPED_SNAPSHOT, 'utf8').trim(), { header: true }).data;
  const kept = subnets === undefined ? rows : rows.slice(0, subnets + 1);
  writeFileSync(file, Papa.unparse(kept, { columns: [...columns], newline: '\r\n' }) + '\r\n');
  return file;
}

/** Every column of the shipped snapshot, in its order. */
export const shippedColumns = (): string[] => readFileSync(SHIPPED_SNAPSHOT, 'utf8').split(/\r?\n/, 1)[0]!.split(',');
