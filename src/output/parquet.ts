/**
 * `<sweep>/<table>.parquet`: one table of all a sweep's complete runs as one Parquet file, the
 * run id, seed and swept keys first, then the table's columns, typed. DuckDB (@duckdb/node-api)
 * converts each run's CSV in its own SQL (the CSVs are read by DuckDB, not by this process) into
 * one table in the sweep's order, then writes it: zstd, one thread, so the bytes depend on the rows
 * alone (tested: the same bytes twice).
 *
 * Types: TAO and alpha amounts DECIMAL(38,9), exact (every u64 rao fits); prices and fractions at
 * the places the CSV prints them (spot_price DECIMAL(38,20), exact below 10^18 TAO per alpha; the
 * 12-place fixed-point values DECIMAL(38,12); tao_usd DECIMAL(38,6)); counts and ids INTEGER,
 * blocks BIGINT; the APY DOUBLE (as the CSV's shortest round-trip double); text VARCHAR, where an
 * empty cell is '' (elsewhere NULL).
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { canonicalJson } from '../core/canonical.js';
import { InputError } from '../core/errors.js';
import { AGENT_HEADER, STRATEGY_HEADER } from './agents.js';
import { EVENT_HEADER, NETWORK_HEADER, NEURON_HEADER, SUBNET_HEADER } from './reporters.js';

export type ColumnType = 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'VARCHAR' | 'DECIMAL(38,6)' | 'DECIMAL(38,9)' | 'DECIMAL(38,12)' | 'DECIMAL(38,20)';

const TAO = 'DECIMAL(38,9)';
const FIXED = 'DECIMAL(38,12)';
type Schema<H extends readonly string[]> = Readonly<Record<H[number], ColumnType>>;

const network: Schema<typeof NETWORK_HEADER> = {
  epoch: 'INTEGER', block: 'BIGINT', issuance_tao: TAO, block_emission_tao: TAO, pool_tao: TAO, root_tao: TAO, outside_tao: TAO, free_tao: TAO,
  author_fees_tao: TAO, recycled_tao: TAO, stranded_tao: TAO, emitting_subnets: 'INTEGER', share_rule: 'VARCHAR', gate_bar: FIXED, tao_usd: 'DECIMAL(38,6)',
};
const subnets: Schema<typeof SUBNET_HEADER> = {
  epoch: 'INTEGER', block: 'BIGINT', netuid: 'INTEGER', spot_price: 'DECIMAL(38,20)', moving_price: FIXED, tao_reserve_tao: TAO, alpha_reserve_alpha: TAO,
  alpha_out_alpha: TAO, share: FIXED, tao_emission_tao: TAO, tao_in_tao: TAO, alpha_in_alpha: TAO, excess_tao: TAO, alpha_out_minted_alpha: TAO,
  owner_cut_alpha: TAO, miner_alpha: TAO, validator_alpha: TAO, root_alpha: TAO, epochs_run: 'INTEGER', miner_burned: FIXED, permitted_uids: 'INTEGER', miners: 'INTEGER',
};
const neurons: Schema<typeof NEURON_HEADER> = {
  epoch: 'INTEGER', block: 'BIGINT', netuid: 'INTEGER', uid: 'INTEGER', role: 'VARCHAR', hotkey: 'VARCHAR', stake_alpha: TAO, root_stake_tao: TAO,
  permit: 'BOOLEAN', incentive_u16: 'INTEGER', dividends_u16: 'INTEGER', server_emission_alpha: TAO, validator_emission_alpha: TAO,
};
const events: Schema<typeof EVENT_HEADER> = {
  epoch: 'INTEGER', block: 'BIGINT', kind: 'VARCHAR', netuid: 'INTEGER', coldkey: 'VARCHAR', hotkey: 'VARCHAR', amount: TAO, unit: 'VARCHAR',
  result: 'VARCHAR', amount_out: TAO, detail: 'VARCHAR',
};
const agents: Schema<typeof AGENT_HEADER> = {
  epoch: 'INTEGER', agent: 'VARCHAR', class: 'VARCHAR', strategy: 'VARCHAR', free_tao: TAO, stake_value_tao: TAO, wealth_tao: TAO, rewards_tao: TAO,
  costs_tao: TAO, uids: 'INTEGER',
};
const strategies: Schema<typeof STRATEGY_HEADER> = {
  epoch: 'INTEGER', class: 'VARCHAR', strategy: 'VARCHAR', agents: 'INTEGER', wealth_tao: TAO, rewards_tao: TAO, apy: 'DOUBLE', entries: 'INTEGER', exits: 'INTEGER',
};

/** The run tables a sweep gathers, each with its columns (in the CSV's order) and their types. */
export const PARQUET_TABLES: readonly { readonly table: string; readonly columns: Readonly<Record<string, ColumnType>> }[] = [
  { table: 'network', columns: network },
  { table: 'subnets', columns: subnets },
  { table: 'neurons', columns: neurons },
  { table: 'events', columns: events },
  { table: 'agents', columns: agents },
  { table: 'strategies', columns: strategies },
];

export interface ParquetRun {
  readonly id: string;
  readonly seed: number;
  /** The swept keys' values, in the order of the keys. */
  readonly values: readonly unknown[];
  /** The run's CSV of this table. */
  readonly csv: string;
}

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** A swept key's column type, from all its values: whole numbers BIGINT, numbers DOUBLE, booleans BOOLEAN, else text (JSON for non-strings). */
function keyType(values: readonly unknown[]): 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'VARCHAR' {
  if (values.every((v) => typeof v === 'number')) return values.every((v) => Number.isSafeInteger(v)) ? 'BIGINT' : 'DOUBLE';
  return values.every((v) => typeof v === 'boolean') ? 'BOOLEAN' : 'VARCHAR';
}

function keyLiteral(v: unknown, type: string): string {
  if (type === 'VARCHAR') return literal(typeof v === 'string' ? v : canonicalJson(v));
  return String(v);
}

/**
 * A cell of the CSV (read as text) as its column's type. DuckDB's text → DECIMAL(38,s) cast is slow
 * (~20 µs a value), its DECIMAL(18,s) one fast, so values that fit 18 digits take that way; the
 * CSV never has more places than the scale, so neither rounds.
 */
function cast(column: string, type: ColumnType): string {
  const c = ident(column);
  const m = /^DECIMAL\(38,(\d+)\)$/.exec(type);
  if (m !== null && Number(m[1]) <= 18) return `COALESCE(TRY_CAST(${c} AS DECIMAL(18,${m[1]})), CAST(${c} AS ${type}))`;
  return type === 'VARCHAR' ? c : `CAST(${c} AS ${type})`;
}

/**
 * Write `path` (atomically: a temporary name, then renamed) with the rows of every run's CSV of
 * one table, in the order given. Each CSV's header must be `columns` (the caller checks it).
 */
export async function writeRunsParquet(path: string, columns: Readonly<Record<string, ColumnType>>, keys: readonly string[], runs: readonly ParquetRun[]): Promise<void> {
  const names = Object.keys(columns);
  const keyTypes = keys.map((_, i) => keyType(runs.map((r) => r.values[i])));
  const text = names.filter((n) => columns[n] === 'VARCHAR');
  const tmp = `${path}.tmp-${process.pid}`;
  const spill = `${path}.spill-${process.pid}`;
  // loaded here, not with the module: every `taosim` process (each run of a sweep) would pay ~0.3 s
  const { DuckDBInstance } = await import('@duckdb/node-api');
  // one thread: the bytes then cannot depend on scheduling; no extension is ever fetched
  const db = await DuckDBInstance.create(':memory:', { threads: '1', temp_directory: spill, autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const con = await db.connect();
  try {
    await con.run(`CREATE TABLE t (run VARCHAR, seed BIGINT, ${keys.map((k, i) => `${ident(k)} ${keyTypes[i]}`).join(', ')}${keys.length > 0 ? ', ' : ''}${names.map((n) => `${ident(n)} ${columns[n]}`).join(', ')})`);
    const asText = `{${names.map((n) => `${literal(n)}: 'VARCHAR'`).join(', ')}}`;
    const notNull = text.length > 0 ? `, force_not_null = [${text.map(literal).join(', ')}]` : '';
    for (const r of runs) {
      const consts = [literal(r.id), String(r.seed), ...r.values.map((v, i) => keyLiteral(v, keyTypes[i]!))];
      const from = `read_csv(${literal(r.csv)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', nullstr = '', columns = ${asText}${notNull})`;
      try {
        await con.run(`INSERT INTO t SELECT ${[...consts, ...names.map((n) => cast(n, columns[n]!))].join(', ')} FROM ${from}`);
      } catch (e) {
        throw new InputError('', `cannot be read as ${names.length} typed columns: ${(e as Error).message.split('\n')[0]}`, r.csv);
      }
    }
    rmSync(tmp, { force: true });
    await con.run(`COPY t TO ${literal(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
    renameSync(tmp, path);
  } finally {
    con.closeSync();
    db.closeSync();
    rmSync(tmp, { force: true });
    if (existsSync(spill)) rmSync(spill, { recursive: true, force: true });
  }
}
