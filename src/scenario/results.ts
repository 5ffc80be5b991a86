/**
 * Reads a finished `taosim run` result folder (for `taosim report`): meta.json and the CSV tables,
 * with papaparse; and a sweep folder's definition and tables. A folder that is not a complete result is bad input. Also the price samples of
 * `taosim facts`: a run's subnets.csv and the real daily long-format file.
 */
import { closeSync, createReadStream, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { InputError } from '../core/errors.js';

export type Row = Record<string, string>;

export interface ResultFolder {
  readonly dir: string;
  readonly meta: Record<string, unknown>;
  readonly network: Row[];
  readonly subnets: Row[];
  /** strategies.csv, for a scenario with populations. */
  readonly strategies?: Row[];
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
  const strategies = existsSync(join(dir, 'strategies.csv')) ? { strategies: table(dir, 'strategies.csv') } : {};
  return { dir, meta, network: table(dir, 'network.csv'), subnets: table(dir, 'subnets.csv'), ...strategies };
}

/** What a sweep folder holds once its tables are written (by `taosim sweep` or `taosim merge`). */
export interface SweepFolder {
  readonly dir: string;
  readonly definition: {
    readonly scenario_hash: string;
    readonly keys: readonly string[];
    readonly points: readonly { readonly id: string; readonly values: readonly unknown[] }[];
    readonly seeds: readonly number[];
    readonly epochs: number | null;
    readonly block_step: number | null;
    readonly neurons: string;
  };
  /** sweep.csv, the index: one row per run with its status. */
  readonly index: Row[];
  readonly quantiles: Row[];
  /** meta.json of the first complete run (the scenario's name, the version), if any. */
  readonly runMeta?: Record<string, unknown>;
}

export const isSweepFolder = (dir: string): boolean => existsSync(join(dir, 'sweep.json'));

export function readSweep(dir: string): SweepFolder {
  const def = readJsonFile(join(dir, 'sweep.json')) as SweepFolder['definition'] & { taosim_sweep?: unknown };
  if (def?.taosim_sweep !== 1 || !Array.isArray(def.keys) || !Array.isArray(def.points) || !Array.isArray(def.seeds))
    throw new InputError('sweep.json', 'not a taosim sweep definition (taosim_sweep: 1, keys, points, seeds)', dir);
  for (const f of ['sweep.csv', 'quantiles.csv'])
    if (!existsSync(join(dir, f))) throw new InputError('', `${f} is missing: the sweep's tables are written at its end, or by taosim merge once every shard is done`, dir);
  const index = table(dir, 'sweep.csv');
  const first = index.find((r) => r.status === 'complete');
  const state = first?.out === undefined ? undefined : readRunState(join(dir, first.out));
  return { dir, definition: def, index, quantiles: table(dir, 'quantiles.csv'), ...(state?.meta ? { runMeta: state.meta } : {}) };
}

/** One price sample (the input of analysis/facts). */
export interface PriceSample {
  readonly block: number;
  readonly netuid: number;
  readonly price: number;
}

/**
 * The price samples of a CSV file, parsed row by row (a year of a 128-subnet run's subnets.csv is
 * ~1M rows: no table of row objects is kept). A missing column or a bad cell names the file and row;
 * an empty price cell is no sample.
 */
function priceSamples(path: string, columns: { block: string; netuid: string; price: string }): PriceSample[] {
  if (!existsSync(path)) throw new InputError('', 'no such file', path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError('', `cannot be read: ${(e as Error).message}`, path);
  }
  const out: PriceSample[] = [];
  let line = 1;
  let failure: InputError | undefined;
  const cell = (r: Row, c: string, whole: boolean): number => {
    const t = (r[c] ?? '').trim();
    const v = t === '' ? NaN : Number(t);
    if (!Number.isFinite(v) || v < 0 || (whole && !Number.isInteger(v))) throw new InputError(`row ${line}, ${c}`, `expected a ${whole ? 'whole number' : 'number'} ≥ 0, got "${t}"`, path);
    return v;
  };
  const fields = (f: string[] | undefined): void => {
    const missing = [columns.block, columns.netuid, columns.price].filter((c) => !(f ?? []).includes(c));
    if (missing.length > 0) throw new InputError('', `expected the columns ${columns.block}, ${columns.netuid}, ${columns.price}; missing ${missing.join(', ')}`, path);
  };
  let checked = false;
  Papa.parse<Row>(text, {
    header: true,
    skipEmptyLines: true,
    step: (res, parser) => {
      try {
        line++;
        if (!checked) {
          fields(res.meta.fields);
          checked = true;
        }
        if (res.errors.length > 0) throw new InputError('', `row ${line}: ${res.errors[0]!.message}`, path);
        const r = res.data;
        if ((r[columns.price] ?? '').trim() === '') return; // no value that day
        out.push({ block: cell(r, columns.block, true), netuid: cell(r, columns.netuid, true), price: cell(r, columns.price, false) });
      } catch (e) {
        failure = e as InputError;
        parser.abort();
      }
    },
  });
  if (failure) throw failure;
  if (!checked) fields(Papa.parse<Row>(text.split(/\r?\n/, 1)[0] ?? '', { header: true }).meta.fields); // a header without rows
  return out;
}

/** A run's subnet spot prices (subnets.csv: block, netuid, spot_price), for `taosim facts`. */
export function readRunPrices(dir: string): PriceSample[] {
  if (!existsSync(dir)) throw new InputError('', 'no such folder: expected a result folder written by taosim run', dir);
  if (!existsSync(join(dir, 'meta.json'))) throw new InputError('', 'no meta.json: not a complete taosim result folder', dir);
  if (!existsSync(join(dir, 'subnets.csv'))) throw new InputError('', 'subnets.csv is missing: not a taosim result folder', dir);
  return priceSamples(join(dir, 'subnets.csv'), { block: 'block', netuid: 'netuid', price: 'spot_price' });
}

/** Real daily prices in long format (`date, block, netuid, spot_price_tao_per_alpha`). */
export function readRealPrices(path: string): PriceSample[] {
  return priceSamples(path, { block: 'block', netuid: 'netuid', price: 'spot_price_tao_per_alpha' });
}

export const REAL_PRICES_FILE = 'alphamind_spot_price_daily_0000utc_2025-02-20_2025-10-29.csv';

/** The shipped real file, scenarios/data/<REAL_PRICES_FILE>, found from this module's place in the package. */
export function defaultRealPricesPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'scenarios', 'data', REAL_PRICES_FILE);
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new InputError('--real', `the shipped scenarios/data/${REAL_PRICES_FILE} was not found: give --real <prices.csv>`);
    dir = up;
  }
}

/** One table of a result folder, as rows of strings (header names as keys). */
export function readTable(dir: string, file: string): Row[] {
  return table(dir, file);
}

/**
 * The rows of a table that `keep` accepts, streamed from the file: a long run's events.csv
 * (millions of trades, past what one string can hold) is never read whole.
 */
export function readTableWhere(dir: string, file: string, keep: (r: Row) => boolean): Promise<Row[]> {
  const path = join(dir, file);
  if (!existsSync(path)) throw new InputError('', `${file} is missing: not a taosim result folder`, dir);
  return new Promise((done, fail) => {
    const out: Row[] = [];
    let line = 1;
    Papa.parse<Row>(createReadStream(path, 'utf8'), {
      header: true,
      skipEmptyLines: true,
      step: (res, parser) => {
        line++;
        if (res.errors.length > 0) {
          fail(new InputError('', `${file} row ${line}: ${res.errors[0]!.message}`, dir)); // before abort, which completes
          parser.abort();
        } else if (keep(res.data)) out.push(res.data);
      },
      complete: () => done(out),
      error: (e) => fail(new InputError('', `${file} cannot be read: ${e.message}`, dir)),
    });
  });
}

/** The header of a table of a result folder: its first line (at most 64 KiB are read). */
export function tableHeader(dir: string, file: string): string[] {
  const path = join(dir, file);
  if (!existsSync(path)) throw new InputError('', `${file} is missing: not a taosim result folder`, dir);
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(1 << 16);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  return Papa.parse<string[]>(buf.subarray(0, n).toString('utf8').split('\n', 1)[0]!).data[0] ?? [];
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
