/**
 * `<sweep>/<table>.parquet`: every run table of a sweep's complete runs as one typed Parquet file,
 * read back with DuckDB: each row and cell as the runs' CSVs say, run, seed and swept key columns
 * first, in the sweep's order; the same bytes written twice and from shards; a CSV of another
 * shape refused naming it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'taosim-sweep-parquet-'));
const noShard = { SLURM_ARRAY_TASK_ID: '', SLURM_ARRAY_TASK_COUNT: '', SLURM_ARRAY_TASK_MIN: '', JOB_COMPLETION_INDEX: '' };
const csv = (path: string) => Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;
const ARGS = ['sweep', 'scenarios/examples/agents.yaml', '--epochs', '3', '--seeds', '2', '--set', 'network.tao_weight=0.1,0.18'];
const sweep = (out: string, more: string[] = []) => runCli([...ARGS, '--out', out, ...more], { env: noShard });
const TABLES = ['network', 'subnets', 'neurons', 'events', 'agents', 'strategies'];
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function query(sql: string): Promise<{ columns: string[]; rows: (string | null)[][] }> {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const r = await con.runAndReadAll(sql);
  const out = { columns: r.columnNames(), rows: r.getRows().map((row) => row.map((v) => (v === null ? null : String(v)))) };
  con.closeSync();
  db.closeSync();
  return out;
}

/** A decimal as the CSV prints it: no trailing zeros after the point. */
const plain = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);

describe('<table>.parquet of a sweep', () => {
  const out = join(dir, 'sw');
  const r = sweep(out, ['--jobs', '2']);

  it('holds every row and cell of the runs’ CSVs, run, seed and the swept key first, in the sweep’s order', async () => {
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('network.parquet, subnets.parquet, neurons.parquet, events.parquet, agents.parquet, strategies.parquet');
    const index = csv(join(out, 'sweep.csv'));
    expect(index).toHaveLength(4);
    for (const t of TABLES) {
      const file = join(out, `${t}.parquet`);
      const types = await query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '${file}')`);
      const back = await query(`SELECT COLUMNS(*)::VARCHAR FROM '${file}'`);
      const want = index.flatMap((x) => csv(join(out, 'runs', x.run!, `${t}.csv`)).map((row) => ({ x, row })));
      expect(want.length).toBeGreaterThan(0);
      expect(back.rows.length, t).toBe(want.length);
      expect(back.columns.slice(0, 3)).toEqual(['run', 'seed', 'network.tao_weight']);
      const type = new Map(types.rows.map(([c, ty]) => [c!, ty!]));
      back.rows.forEach((got, i) => {
        const { x, row } = want[i]!;
        expect(got.slice(0, 3)).toEqual([x.run, x.seed, x['network.tao_weight']]);
        back.columns.slice(3).forEach((c, j) => {
          const cell = row[c]!;
          const v = got[j + 3]!;
          const ty = type.get(c)!;
          if (ty === 'VARCHAR') expect(v, `${t} ${c}`).toBe(cell);
          else if (cell === '') expect(v, `${t} ${c}`).toBeNull();
          else if (ty === 'DOUBLE') expect(Number(v), `${t} ${c}`).toBe(Number(cell));
          else if (ty.startsWith('DECIMAL')) expect(plain(v), `${t} ${c}`).toBe(cell);
          else expect(v, `${t} ${c}`).toBe(cell);
        });
      });
    }
  });

  it('types the columns: TAO and alpha exact decimals, prices at their places, counts as integers', async () => {
    const types = async (t: string) => Object.fromEntries((await query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '${join(out, `${t}.parquet`)}')`)).rows.map(([c, ty]) => [c, ty]));
    expect(await types('subnets')).toMatchObject({ run: 'VARCHAR', seed: 'BIGINT', 'network.tao_weight': 'DOUBLE', epoch: 'INTEGER', block: 'BIGINT', netuid: 'INTEGER', spot_price: 'DECIMAL(38,20)', moving_price: 'DECIMAL(38,12)', tao_reserve_tao: 'DECIMAL(38,9)', share: 'DECIMAL(38,12)', miners: 'INTEGER' });
    expect(await types('neurons')).toMatchObject({ permit: 'BOOLEAN', stake_alpha: 'DECIMAL(38,9)', incentive_u16: 'INTEGER' });
    expect(await types('strategies')).toMatchObject({ wealth_tao: 'DECIMAL(38,9)', apy: 'DOUBLE', entries: 'INTEGER' });
    expect(await types('events')).toMatchObject({ amount: 'DECIMAL(38,9)', detail: 'VARCHAR' });
    // sums are exact: Σ over the Parquet file = Σ of the CSVs' rao
    const sum = await query(`SELECT sum(tao_reserve_tao)::VARCHAR FROM '${join(out, 'subnets.parquet')}'`);
    const rao = csv(join(out, 'sweep.csv'))
      .flatMap((x) => csv(join(out, 'runs', x.run!, 'subnets.csv')))
      .reduce((a, row) => {
        const [w, f = ''] = row.tao_reserve_tao!.split('.');
        return a + BigInt(w! + f.padEnd(9, '0'));
      }, 0n);
    expect(sum.rows[0]![0]).toBe(`${rao / 10n ** 9n}.${(rao % 10n ** 9n).toString().padStart(9, '0')}`);
  });

  it('is the same bytes written again (merge) and from shards, as are summary.csv and quantiles.csv', () => {
    const first = TABLES.map((t) => sha(join(out, `${t}.parquet`)));
    const m = runCli(['merge', out]);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stderr).toContain('strategies.parquet');
    expect(TABLES.map((t) => sha(join(out, `${t}.parquet`)))).toEqual(first);
    const sharded = join(dir, 'shards');
    for (const k of ['1/2', '0/2']) expect(sweep(sharded, ['--shard', k]).code).toBe(0);
    expect(existsSync(join(sharded, 'subnets.parquet'))).toBe(false);
    expect(runCli(['merge', sharded]).code).toBe(0);
    expect(TABLES.map((t) => sha(join(sharded, `${t}.parquet`)))).toEqual(first);
    // and so are the agent KPIs
    for (const f of ['summary.csv', 'quantiles.csv']) expect(readFileSync(join(sharded, f), 'utf8')).toBe(readFileSync(join(out, f), 'utf8'));
  });

  it('refuses a run CSV of another shape, naming the file and the columns expected (exit 2)', () => {
    const id = csv(join(out, 'sweep.csv'))[1]!.run!;
    const path = join(out, 'runs', id, 'agents.csv');
    writeFileSync(path, readFileSync(path, 'utf8').replace('free_tao,', 'free,'));
    const m = runCli(['merge', out]);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain(`${path}: expected the columns epoch, agent, class, strategy, free_tao,`);
  });
});
