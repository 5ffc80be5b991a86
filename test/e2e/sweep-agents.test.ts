/**
 * The agent KPIs of `taosim sweep` (summary.csv and quantiles.csv with populations): each group's
 * final wealth and APY and the miners' uid entries and exits as the runs' strategies.csv say, the
 * subnets registered and pruned as their events.csv say, the same bytes whatever the jobs.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'taosim-sweep-agents-'));
const noShard = { SLURM_ARRAY_TASK_ID: '', SLURM_ARRAY_TASK_COUNT: '', SLURM_ARRAY_TASK_MIN: '', JOB_COMPLETION_INDEX: '' };
const csv = (path: string) => Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;
const sweep = (scenario: string, out: string, args: string[]) => runCli(['sweep', scenario, '--out', out, ...args], { env: noShard });

describe('agent KPIs of a sweep', () => {
  const out = join(dir, 'agents');
  const r = sweep('scenarios/examples/agents.yaml', out, ['--epochs', '4', '--seeds', '2', '--jobs', '2']);

  it('summary.csv: per class/strategy the final wealth and APY, the miners’ uid entries and exits, as strategies.csv says', () => {
    expect(r.code, r.stderr).toBe(0);
    const summary = csv(join(out, 'summary.csv'));
    expect(summary).toHaveLength(2);
    for (const row of summary) {
      const strategies = csv(join(out, 'runs', row.run!, 'strategies.csv'));
      const groups = [...new Set(strategies.map((s) => `${s.class}/${s.strategy}`))];
      expect(groups.length).toBeGreaterThan(5);
      for (const g of groups) {
        const mine = strategies.filter((s) => `${s.class}/${s.strategy}` === g);
        const last = mine[mine.length - 1]!;
        expect(last.epoch).toBe('3');
        expect([row[`${g}_wealth_tao`], row[`${g}_apy`]]).toEqual([last.wealth_tao, last.apy]);
        const total = (c: string) => String(mine.reduce((a, s) => a + Number(s[c]), 0));
        if (g.startsWith('miner/')) expect([row[`${g}_uid_entries`], row[`${g}_uid_exits`]]).toEqual([total('entries'), total('exits')]);
        else expect(row[`${g}_uid_entries`]).toBeUndefined();
      }
      expect(row['miner/entrant_uid_entries']).toBe('6'); // the entrants did register
      const events = csv(join(out, 'runs', row.run!, 'events.csv'));
      expect(events.filter((e) => e.kind === 'register_network')).toEqual([]);
      expect([row.subnets_registered, row.subnets_pruned]).toEqual(['0', '0']);
    }
  });

  it('quantiles.csv: the same KPIs every epoch across the seeds', () => {
    const summary = csv(join(out, 'summary.csv'));
    const q = csv(join(out, 'quantiles.csv'));
    const final = (kpi: string) => q.find((x) => x.epoch === '3' && x.kpi === kpi)!;
    const seeds = summary.map((x) => Number(x['staker/holder_wealth_tao'])).sort((a, b) => a - b);
    const w = final('staker/holder.wealth_tao');
    expect(w.n).toBe('2');
    expect([Number(w.p5), Number(w.p95)]).toEqual([seeds[0]! + 0.05 * (seeds[1]! - seeds[0]!), seeds[0]! + 0.95 * (seeds[1]! - seeds[0]!)]);
    expect(Number(final('miner/entrant.uid_entries').p50)).toBe(6);
    // no APY at epoch 0 (no past wealth to compare with)
    expect(q.filter((x) => x.epoch === '0' && x.kpi!.endsWith('.apy'))).toEqual([]);
    expect(q.filter((x) => x.epoch === '1' && x.kpi!.endsWith('.apy')).length).toBeGreaterThan(5);
    expect(q.filter((x) => x.epoch === '2').map((x) => x.kpi).slice(0, 5)).toEqual(['issuance_tao', 'pool_tao', 'root_tao', 'subnets_registered', 'subnets_pruned']);
  });

  it('are the same bytes with one job', () => {
    const one = join(dir, 'agents-one');
    expect(sweep('scenarios/examples/agents.yaml', one, ['--epochs', '4', '--seeds', '2', '--jobs', '1']).code).toBe(0);
    for (const f of ['summary.csv', 'quantiles.csv']) expect(readFileSync(join(one, f), 'utf8')).toBe(readFileSync(join(out, f), 'utf8'));
    // a broken events.csv is bad input, named with its row
    const events = join(one, 'runs', csv(join(one, 'sweep.csv'))[0]!.run!, 'events.csv');
    const lines = readFileSync(events, 'utf8').split('\n').length;
    writeFileSync(events, readFileSync(events, 'utf8') + '9,9,register_network,"unclosed\n');
    const m = runCli(['merge', one]);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain(`events.csv row ${lines}:`);
  });

  it('count the subnets registered and those pruned to make room (128 subnets, out of immunity)', () => {
    const subnets = Array.from({ length: 128 }, (_, i) => `    - { netuid: ${i + 1}, tao_in: "${1000 + i}", alpha_in: "10000", alpha_out: "1000", moving_price: "${(0.1 + i / 1000).toFixed(4)}" }`);
    const file = join(dir, 'full.yaml');
    writeFileSync(
      file,
      [
        'name: full',
        'seed: 1',
        'run: { epochs: 3, block_step: 36, start_block: 1000000 }',
        'network: { total_issuance: "2000000" }',
        'subnet_defaults:',
        '  params: { max_allowed_uids: 8 }',
        '  population: { validators: 1, miners: 2, validator_stake: { kind: equal, total: "100" } }',
        'initial:',
        '  root_tao: "1000"',
        '  subnets:',
        ...subnets,
        'populations:',
        '  - { name: holders, class: staker, strategy: holder, count: 1 }',
        'events:',
        '  - { at_epoch: 1, register_network: { hotkey: new-owner } }',
        '  - { at_epoch: 2, register_network: { hotkey: new-owner-2 } }',
        '',
      ].join('\n'),
    );
    const o = join(dir, 'full');
    const s = sweep(file, o, ['--seeds', '1']);
    expect(s.code, s.stderr).toBe(0);
    const row = csv(join(o, 'summary.csv'))[0]!;
    const events = csv(join(o, 'runs', row.run!, 'events.csv')).filter((e) => e.kind === 'register_network');
    // the first prunes the lowest moving price (netuid 1); the second is refused by the rate limit
    expect(events.map((e) => [e.epoch, e.result, e.detail!.split(':')[0]])).toEqual([
      ['1', 'ok', 'pruned 1'],
      ['2', 'NetworkTxRateLimitExceeded', ''],
    ]);
    expect([row.subnets_registered, row.subnets_pruned]).toEqual(['1', '1']);
    const q = csv(join(o, 'quantiles.csv'));
    expect(['0', '1', '2'].map((e) => ['subnets_registered', 'subnets_pruned'].map((k) => q.find((x) => x.epoch === e && x.kpi === k)!.p50))).toEqual([
      ['0', '0'],
      ['1', '1'],
      ['1', '1'],
    ]);
  });
});
