/**
 * `taosim facts` end to end: a baseline run of 33 simulated days (660 epochs of 360 blocks), its
 * table and JSON beside the shipped real file; a short run; bad input (exit 2).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'taosim-facts-'));
const run = join(dir, 'r');
const FACTS = ['vol', 'kurtosis', 'acf', 'acf_abs', 'drift', 'pair_correlation'];

interface Spread { median: number; p10: number; p90: number; n: number }
interface Out {
  run: { subnets: number; days: number; days_sampled: number; note: string | null };
  real: { path: string; default: boolean; subnets: number; days: number };
  facts: { fact: string; run: Spread | null; real: Spread | null; target: { text: string }; inside: boolean | null }[];
}

describe('taosim facts', () => {
  const made = runCli(['run', 'scenarios/baseline.yaml', '--epochs', '660', '--neurons', 'off', '--progress', 'false', '--out', run]);

  it('prints the table for a 33-day run beside the shipped real file', () => {
    expect(made.code).toBe(0);
    const r = runCli(['facts', run]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^fact +\| run median \(p10…p90\) +\| real median \(p10…p90\) +\| target \(run median\) +\| run inside$/);
    expect(lines[1]).toMatch(/^-+(-\|-+)+$/);
    const labels = ['daily vol', 'excess kurtosis', 'acf(r, 1)', 'acf(|r|, 1)', 'drift (per day)', 'pair correlation'];
    labels.forEach((l, i) => expect(lines[2 + i]!.startsWith(l)).toBe(true));
    // the real medians, 3 significant digits
    expect(lines[2]).toContain('| 0.109 (0.0572…0.186)');
    expect(lines[3]).toContain('| 16.2 (6.17…46.9)');
    expect(lines[7]).toMatch(/\| 0\.0373 +\| ≤ 0\.3 +\| (yes|no)$/);
    expect(r.stdout).toContain('run: ' + run + ': 4 of 4 subnets used, 33 days with returns (34 sampled), 6 pairs');
    expect(r.stdout).toContain("real: taosim's scenarios/data/alphamind_spot_price_daily_0000utc_2025-02-20_2025-10-29.csv (the default; --real <prices.csv> for another): 128 of 128 subnets used, 233 days with returns (239 sampled), 8128 pairs");
    expect(runCli(['facts', run]).stdout).toBe(r.stdout); // same bytes
  });

  it('--json carries the same figures, and --real names another file', () => {
    const r = runCli(['facts', run, '--json']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout) as Out;
    expect(o.facts.map((f) => f.fact)).toEqual(FACTS);
    expect(o.run).toMatchObject({ subnets: 4, days: 33, days_sampled: 34, note: null });
    expect(o.real).toMatchObject({ default: true, subnets: 128, days: 233 });
    for (const f of o.facts) {
      expect(f.run).not.toBeNull();
      expect(typeof f.inside).toBe('boolean');
      if (f.fact !== 'pair_correlation') expect(f.run!.p10).toBeLessThanOrEqual(f.run!.median);
    }
    expect(o.facts[0]!.real!.median).toBeCloseTo(0.1086, 4);
    // the chain-only baseline: prices trend smoothly and together
    expect(o.facts[5]!.run!.median).toBeGreaterThan(0.9);
    expect(o.facts[0]!.inside).toBe(false);

    // the run against itself as "real": a long-format copy of its own prices
    const rows = readFileSync(join(run, 'subnets.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const real = join(dir, 'self.csv');
    writeFileSync(real, 'date,block,netuid,spot_price_tao_per_alpha\n' + rows.map((c) => `x,${c[1]},${c[2]},${c[3]}`).join('\n') + '\n');
    const s = JSON.parse(runCli(['facts', run, '--json', '--real', real]).stdout) as Out;
    expect(s.real).toMatchObject({ path: real, default: false, subnets: 4, days: 33 });
    for (const f of s.facts) expect(f.real).toEqual(f.run);
  });

  it('a run shorter than 31 days: says there are too few returns (exit 0)', () => {
    const short = join(dir, 'short');
    expect(runCli(['run', 'scenarios/baseline.yaml', '--epochs', '100', '--neurons', 'off', '--progress', 'false', '--out', short]).code).toBe(0);
    const r = runCli(['facts', short]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/daily vol +\| n\/a +\| 0\.109/);
    expect(r.stdout).toContain('run: too few returns: 6 days sampled, at most 5 daily returns per subnet; a subnet needs ≥ 30 (a run of at least 31 days)');
    const j = JSON.parse(runCli(['facts', short, '--json']).stdout) as Out;
    expect(j.run.subnets).toBe(0);
    expect(j.run.note).toMatch(/too few returns/);
    expect(j.facts.every((f) => f.run === null && f.inside === null)).toBe(true);
  });

  it('bad input: exit 2 naming the file and what was expected', () => {
    const missing = runCli(['facts', join(dir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${join(dir, 'nope')}: no such folder: expected a result folder written by taosim run`);

    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const notResult = runCli(['facts', empty]);
    expect(notResult.code).toBe(2);
    expect(notResult.stderr).toMatch(/not a complete taosim result folder/);

    const broken = join(dir, 'broken');
    cpSync(run, broken, { recursive: true });
    writeFileSync(join(broken, 'subnets.csv'), 'epoch,block,netuid,price\n0,360,1,0.3\n');
    const cols = runCli(['facts', broken]);
    expect(cols.code).toBe(2);
    expect(cols.stderr).toContain(`${join(broken, 'subnets.csv')}: expected the columns block, netuid, spot_price; missing spot_price`);

    const badCell = join(dir, 'bad.csv');
    writeFileSync(badCell, 'date,block,netuid,spot_price_tao_per_alpha\nx,7199,1,0.5\nx,14399,1,abc\n');
    const cell = runCli(['facts', run, '--real', badCell]);
    expect(cell.code).toBe(2);
    expect(cell.stderr).toContain(`${badCell}: row 3, spot_price_tao_per_alpha: expected a number ≥ 0, got "abc"`);

    const wide = join(dir, 'wide.csv');
    writeFileSync(wide, 'time_utc,block,sn1\nx,1,0.5\n');
    const w = runCli(['facts', run, '--real', wide]);
    expect(w.code).toBe(2);
    expect(w.stderr).toContain(`${wide}: expected the columns block, netuid, spot_price_tao_per_alpha; missing netuid, spot_price_tao_per_alpha`);

    const none = runCli(['facts', run, '--real', join(dir, 'absent.csv')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`${join(dir, 'absent.csv')}: no such file`);
  });
});
