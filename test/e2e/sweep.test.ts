/**
 * `taosim sweep`, `taosim merge` and `run --set`: grids × zips × replicates, identical bytes to
 * single runs, stable run ids, resume, refusal of another sweep, failure isolation, shards (flag,
 * Slurm and Kubernetes environment) and merge, byte-equal KPI tables and Parquet files whatever
 * the jobs or shards.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/shared.js';

const dir = mkdtempSync(join(tmpdir(), 'taosim-sweep-'));
/** No shard from the environment unless a test sets one. */
const noShard = { SLURM_ARRAY_TASK_ID: '', SLURM_ARRAY_TASK_COUNT: '', SLURM_ARRAY_TASK_MIN: '', JOB_COMPLETION_INDEX: '' };
const sweep = (args: string[], env: Record<string, string> = {}) => runCli(['sweep', 'scenarios/baseline.yaml', '--epochs', '2', ...args], { env: { ...noShard, ...env } });
const csv = (path: string) => Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;
const GRID = ['--seeds', '1..2', '--set', 'network.tao_weight=0.1,0.18'];
/** The tables written from the complete runs (the Parquet files by hash: they are binary). */
const tables = (out: string) => [
  ...['summary.csv', 'quantiles.csv'].map((f) => readFileSync(join(out, f), 'utf8')),
  ...['network', 'subnets', 'neurons', 'events'].map((t) => createHash('sha256').update(readFileSync(join(out, `${t}.parquet`))).digest('hex')),
];

describe('taosim sweep', () => {
  const out = join(dir, 'sw');
  const r = sweep([...GRID, '--jobs', '2', '--out', out]);

  it('runs the grid × seeds and indexes it by stable run ids', () => {
    expect(r.code, r.stderr).toBe(0);
    const index = csv(join(out, 'sweep.csv'));
    expect(index.map((x) => [x.seed, x['network.tao_weight'], x.status])).toEqual([
      ['1', '0.1', 'complete'],
      ['2', '0.1', 'complete'],
      ['1', '0.18', 'complete'],
      ['2', '0.18', 'complete'],
    ]);
    expect(index[0]!.scenario_hash).not.toBe(index[2]!.scenario_hash);
    // no populations: no agents or strategies tables
    expect(['network', 'subnets', 'neurons', 'events', 'agents', 'strategies'].map((t) => existsSync(join(out, `${t}.parquet`)))).toEqual([true, true, true, true, false, false]);
    for (const x of index) {
      expect(x.run).toMatch(/^r-[0-9a-f]{12}$/);
      const meta = JSON.parse(readFileSync(join(out, 'runs', x.run!, 'meta.json'), 'utf8'));
      expect([meta.status, meta.seed, meta.overrides]).toEqual(['complete', Number(x.seed), [`network.tao_weight=${x['network.tao_weight']}`]]);
    }
  });

  it('each run is byte-identical to the same single run', () => {
    const single = join(dir, 'single');
    expect(runCli(['run', 'scenarios/baseline.yaml', '--seed', '2', '--set', 'network.tao_weight=0.18', '--epochs', '2', '--neurons', 'off', '--out', single]).code).toBe(0);
    const id = csv(join(out, 'sweep.csv')).find((x) => x.seed === '2' && x['network.tao_weight'] === '0.18')!.run!;
    for (const f of ['network.csv', 'subnets.csv', 'events.csv']) expect(readFileSync(join(out, 'runs', id, f), 'utf8')).toBe(readFileSync(join(single, f), 'utf8'));
    expect(JSON.parse(readFileSync(join(single, 'meta.json'), 'utf8')).overrides).toEqual(['network.tao_weight=0.18']);
  });

  it('summary.csv has a row per run with its KPIs; quantiles.csv a row per point × epoch × KPI', () => {
    const s = csv(join(out, 'summary.csv'));
    expect(s).toHaveLength(4);
    const idx = csv(join(out, 'sweep.csv'));
    expect(s.map((x) => x.run)).toEqual(idx.map((x) => x.run));
    for (const x of s) {
      const net = csv(join(out, 'runs', x.run!, 'network.csv'));
      expect(x.issuance_tao).toBe(net[net.length - 1]!.issuance_tao);
      const sub = csv(join(out, 'runs', x.run!, 'subnets.csv')).filter((y) => y.epoch === '1' && y.netuid === '3')[0]!;
      expect([x.sn3_spot_price, x.sn3_share, x.sn3_tao_reserve_tao]).toEqual([sub.spot_price, sub.share, sub.tao_reserve_tao]);
      const g = Number(x.sn1_stake_gini);
      expect(g > 0 && g < 1).toBe(true);
    }
    const q = csv(join(out, 'quantiles.csv'));
    // 2 points × 2 epochs × (3 network + 4 subnets × 3) KPIs
    expect(q).toHaveLength(2 * 2 * 15);
    const row = q.find((x) => x['network.tao_weight'] === '0.18' && x.epoch === '1' && x.kpi === 'sn2.spot_price')!;
    const vals = s.filter((x) => x['network.tao_weight'] === '0.18').map((x) => Number(x.sn2_spot_price)).sort((a, b) => a - b);
    expect(row.n).toBe('2');
    expect(Number(row.p50)).toBeCloseTo((vals[0]! + vals[1]!) / 2, 15);
    expect(Number(row.p5)).toBeCloseTo(vals[0]! + 0.05 * (vals[1]! - vals[0]!), 15);
    expect(Number(row.p5) <= Number(row.p25) && Number(row.p75) <= Number(row.p95)).toBe(true);
  });

  it('summary.csv and quantiles.csv are the same bytes with one job', () => {
    const one = join(dir, 'one');
    expect(sweep([...GRID, '--jobs', '1', '--out', one]).code).toBe(0);
    expect(tables(one)).toEqual(tables(out));
  });

  it('resumes: complete runs are skipped, an incomplete one redone', () => {
    const idx = csv(join(out, 'sweep.csv'));
    const keep = statSync(join(out, 'runs', idx[0]!.run!, 'meta.json')).mtimeMs;
    rmSync(join(out, 'runs', idx[1]!.run!), { recursive: true });
    const again = sweep([...GRID, '--jobs', '2', '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/3 of 4 runs already complete/);
    expect(again.stderr).toMatch(new RegExp(`1/1 runs done \\(${idx[1]!.run}: ok\\)`));
    expect(statSync(join(out, 'runs', idx[0]!.run!, 'meta.json')).mtimeMs).toBe(keep);
    expect(tables(out)).toEqual(tables(join(dir, 'one')));
  });

  it('refuses a different sweep aimed at the same folder (exit 2), leaving it as it was', () => {
    const before = readFileSync(join(out, 'sweep.json'), 'utf8');
    const other = sweep(['--seeds', '1..2', '--set', 'network.tao_weight=0.1,0.2', '--out', out]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/holds another sweep \(sweep\.json: points differ/);
    const epochs = runCli(['sweep', 'scenarios/baseline.yaml', '--epochs', '3', ...GRID, '--out', out], { env: noShard });
    expect(epochs.code).toBe(2);
    expect(epochs.stderr).toMatch(/epochs differ/);
    expect(readFileSync(join(out, 'sweep.json'), 'utf8')).toBe(before);
  });

  it('isolates a failing run: the others complete, it is recorded and named, exit 1', () => {
    const f = join(dir, 'fail');
    expect(sweep([...GRID, '--out', f]).code).toBe(0);
    const idx = csv(join(f, 'sweep.csv'));
    const victim = idx[2]!.run!;
    rmSync(join(f, 'runs', victim), { recursive: true });
    writeFileSync(join(f, 'runs', victim), 'not a result\n'); // taosim run refuses to replace it
    const r2 = sweep([...GRID, '--out', f]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(new RegExp(`1 run failed:\\n  ${victim}: exit 2: .*not a taosim result`));
    const after = csv(join(f, 'sweep.csv'));
    expect(after.map((x) => x.status)).toEqual(['complete', 'complete', 'missing', 'complete']);
    expect(after[2]!.error).toMatch(/exit 2/);
    expect(csv(join(f, 'summary.csv'))[2]!.issuance_tao).toBe('');

    // a failure recorded in the run's meta.json: a run that is refused at start (a taken lock is not, so use a bad --out parent)
    const g = join(dir, 'fail2');
    expect(sweep(['--seeds', '1..2', '--out', g]).code).toBe(0);
    const id = csv(join(g, 'sweep.csv'))[1]!.run!;
    rmSync(join(g, 'runs', id), { recursive: true });
    writeFileSync(join(g, 'runs', `${id}.lock`), `${process.pid}\n`); // a live process holds the result
    const r3 = sweep(['--seeds', '1..2', '--out', g]);
    expect(r3.code).toBe(1);
    const meta = JSON.parse(readFileSync(join(g, 'runs', id, 'meta.json'), 'utf8'));
    expect([meta.status, meta.exit_code, meta.seed]).toEqual(['failed', 2, 2]);
    expect(meta.error).toMatch(/another taosim process/);
    expect(csv(join(g, 'sweep.csv')).map((x) => x.status)).toEqual(['complete', 'failed']);
    const m = runCli(['merge', g]);
    expect(m.code).toBe(1);
    expect(m.stderr).toMatch(new RegExp(`${id}: failed \\(exit 2`));
    rmSync(join(g, 'runs', `${id}.lock`));
    expect(sweep(['--seeds', '1..2', '--out', g]).code).toBe(0); // resumed: the failed run redone
    expect(runCli(['merge', g]).code).toBe(0);
  });

  it('shards (flag, Slurm array, Kubernetes Indexed Job) merge to the one-process bytes; merge names missing runs', () => {
    const byFlag = join(dir, 'shard-flag');
    const a = sweep([...GRID, '--shard', '0/3', '--out', byFlag]);
    expect(a.code, a.stderr).toBe(0);
    expect(existsSync(join(byFlag, 'summary.csv'))).toBe(false);
    const idx = csv(join(out, 'sweep.csv')).map((x) => x.run!);
    const miss = runCli(['merge', byFlag]);
    expect(miss.code).toBe(1);
    // shard 0 of 3 ran runs 0 and 3
    expect(miss.stderr).toMatch(/2 of 4 runs not complete/);
    for (const id of [idx[1]!, idx[2]!]) expect(miss.stderr).toContain(`${id}: missing`);
    expect(miss.stderr).not.toContain(idx[0]!);
    expect(sweep([...GRID, '--shard', '1/3', '--out', byFlag]).code).toBe(0);
    expect(sweep([...GRID, '--shard', '2/3', '--out', byFlag]).code).toBe(0);
    expect(runCli(['merge', byFlag]).code).toBe(0);
    expect(tables(byFlag)).toEqual(tables(out));

    const slurm = join(dir, 'shard-slurm');
    for (const k of ['4', '5']) {
      const s = sweep([...GRID, '--out', slurm], { SLURM_ARRAY_TASK_ID: k, SLURM_ARRAY_TASK_MIN: '4', SLURM_ARRAY_TASK_COUNT: '2' });
      expect(s.code, s.stderr).toBe(0);
      expect(s.stderr).toContain(`shard ${Number(k) - 4}/2 from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT`);
    }
    expect(runCli(['merge', slurm]).code).toBe(0);
    expect(tables(slurm)).toEqual(tables(out));

    const k8s = join(dir, 'shard-k8s');
    expect(sweep([...GRID, '--out', k8s], { JOB_COMPLETION_INDEX: '0' }).code).toBe(2); // no --shards
    for (const k of ['1', '0']) {
      const s = sweep([...GRID, '--shards', '2', '--out', k8s], { JOB_COMPLETION_INDEX: k });
      expect(s.code, s.stderr).toBe(0);
      expect(s.stderr).toContain(`shard ${k}/2 from JOB_COMPLETION_INDEX`);
    }
    expect(runCli(['merge', k8s]).code).toBe(0);
    expect(tables(k8s)).toEqual(tables(out));
    expect(runCli(['merge', join(dir, 'nowhere')]).code).toBe(2);
  });

  it('zips lists pairwise; lists of different lengths are refused naming both keys', () => {
    const z = join(dir, 'zip');
    const ok = sweep(['--zip', 'network.tao_weight=0.1,0.18', '--zip', 'subnet_defaults.params.kappa=32767,40000', '--out', z]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(csv(join(z, 'sweep.csv')).map((x) => [x['network.tao_weight'], x['subnet_defaults.params.kappa']])).toEqual([
      ['0.1', '32767'],
      ['0.18', '40000'],
    ]);
    const bad = sweep(['--zip', 'network.tao_weight=0.1,0.18', '--zip', 'subnet_defaults.params.kappa=32767,40000,50000', '--out', join(dir, 'zipbad')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--zip: network\.tao_weight has 2 values and subnet_defaults\.params\.kappa has 3/);
    expect(existsSync(join(dir, 'zipbad'))).toBe(false);
  });

  it("reads the scenario's sweep: section; the command line wins and says so", () => {
    const file = join(dir, 'with-sweep.yaml');
    writeFileSync(file, readFileSync(join(REPO_ROOT, 'scenarios/baseline.yaml'), 'utf8') + 'sweep:\n  set: { network.tao_weight: [0.1, 0.18] }\n  seeds: "3..4"\n');
    const s = runCli(['sweep', file, '--epochs', '2', '--out', join(dir, 'sec')], { env: noShard });
    expect(s.code, s.stderr).toBe(0);
    expect(csv(join(dir, 'sec', 'sweep.csv')).map((x) => [x.seed, x['network.tao_weight']])).toEqual([
      ['3', '0.1'],
      ['4', '0.1'],
      ['3', '0.18'],
      ['4', '0.18'],
    ]);
    expect(runCli(['validate', file]).code).toBe(0); // run and validate ignore the section
    const c = runCli(['sweep', file, '--epochs', '2', '--seeds', '1', '--set', 'network.tao_weight=0.2', '--out', join(dir, 'sec2')], { env: noShard });
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toMatch(/--set\/--zip given: the command line wins over sweep\.set\/sweep\.zip/);
    expect(c.stderr).toMatch(/--seeds\/--seed-list given: the command line wins over sweep\.seeds/);
    expect(csv(join(dir, 'sec2', 'sweep.csv')).map((x) => [x.seed, x['network.tao_weight']])).toEqual([['1', '0.2']]);
    writeFileSync(file.replace('.yaml', '-bad.yaml'), readFileSync(file, 'utf8').replace('"3..4"', '"4..3"'));
    const bad = runCli(['sweep', file.replace('.yaml', '-bad.yaml'), '--out', join(dir, 'sec3')], { env: noShard });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/with-sweep-bad\.yaml: sweep\.seeds: expected a count, a range/);
  });

  it('refuses a bad value or key before running anything (exit 2, the key named)', () => {
    const bad = join(dir, 'bad');
    const a = runCli(['sweep', 'scenarios/baseline.yaml', '--set', 'network.tao_weight=0.1,2', '--out', bad]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/network\.tao_weight: expected TaoWeight as a ratio/);
    expect(existsSync(bad)).toBe(false);
    expect(runCli(['sweep', 'scenarios/baseline.yaml', '--seeds', '5..2', '--out', bad]).code).toBe(2);
    expect(runCli(['sweep', 'scenarios/baseline.yaml', '--shard', '2/2', '--out', bad]).stderr).toMatch(/--shard: expected K\/N/);
    const b = runCli(['run', 'scenarios/baseline.yaml', '--set', 'network.tao_wieght=0.1', '--out', bad]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/network\.tao_wieght: unknown key/);
    expect(runCli(['run', 'scenarios/baseline.yaml', '--set', 'novalue', '--out', bad]).code).toBe(2);
    expect(existsSync(bad)).toBe(false);
  });
});
