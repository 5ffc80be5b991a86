/** `taosim run` end to end: outputs, determinism across processes, refused files, --check. */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/shared.js';

const dir = mkdtempSync(join(tmpdir(), 'taosim-run-'));
const files = ['events.csv', 'network.csv', 'neurons.csv', 'subnets.csv'];
const read = (d: string, f: string) => readFileSync(join(d, f), 'utf8');

describe('taosim run', () => {
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  // the second run spreads the epochs over worker threads: results must not depend on it
  const r1 = runCli(['run', 'scenarios/baseline.yaml', '--epochs', '12', '--out', a, '--check', '--threads', '1']);
  const r2 = runCli(['run', 'scenarios/baseline.yaml', '--epochs', '12', '--out', b, '--check', '--threads', '3']);

  it('writes every table and meta.json', () => {
    expect(r1.stderr).toMatch(/12 epochs/);
    expect(r1.code).toBe(0);
    expect(readdirSync(a).sort()).toEqual([...files, 'meta.json'].sort());
    const meta = JSON.parse(read(a, 'meta.json'));
    expect(meta).toMatchObject({ seed: 1, epochs: 12, status: 'complete', taosim_version: '0.1.0', scenario: 'baseline' });
    expect(meta.scenario_hash).toMatch(/^[0-9a-f]{64}$/);
    const subnets = Papa.parse<Record<string, string>>(read(a, 'subnets.csv'), { header: true, skipEmptyLines: true }).data;
    expect(subnets).toHaveLength(12 * 4);
    expect(meta.rows['subnets.csv']).toBe(48);
    // emission flows every epoch and the shares of one epoch add up to (almost) 1
    const last = subnets.filter((r) => r.epoch === '11');
    const shareSum = last.reduce((s, r) => s + Number(r.share), 0);
    expect(shareSum).toBeGreaterThan(0.999999);
    expect(shareSum).toBeLessThanOrEqual(1.000000001);
    expect(last.every((r) => Number(r.tao_emission_tao) > 0)).toBe(true);
  });

  it('gives byte-identical tables across processes and thread counts for the same scenario and seed', () => {
    expect(r2.code).toBe(0);
    for (const f of files) expect(read(b, f), f).toBe(read(a, f));
    const strip = (d: string) => ({ ...JSON.parse(read(d, 'meta.json')), wall_time_seconds: 0, scenario_file: '' });
    expect(strip(b)).toEqual(strip(a));
  });

  it('another seed gives another economy, recorded in meta.json', () => {
    const c = join(dir, 'c');
    const r = runCli(['run', 'scenarios/baseline.yaml', '--epochs', '12', '--out', c, '--seed', '2', '--neurons', 'off']);
    expect(r.code).toBe(0);
    expect(JSON.parse(read(c, 'meta.json')).seed).toBe(2);
    expect(existsSync(join(c, 'neurons.csv'))).toBe(false);
    expect(read(c, 'subnets.csv')).not.toBe(read(a, 'subnets.csv'));
  });

  it('a timeline stake moves the price and is logged', () => {
    const d = join(dir, 'd');
    const r = runCli(['run', 'scenarios/examples/whale.yaml', '--epochs', '105', '--out', d, '--check']);
    expect(r.code).toBe(0);
    const events = Papa.parse<Record<string, string>>(read(d, 'events.csv'), { header: true, skipEmptyLines: true }).data;
    const st = events.find((e) => e.kind === 'stake' && e.coldkey === 'whale')!;
    expect(st.result).toBe('ok');
    expect(Number(st.amount_out)).toBeGreaterThan(0);
  });

  it('childkey payouts computed on worker threads (from a ledger snapshot) write the same bytes', () => {
    const [e1, e2] = [join(dir, 'e1'), join(dir, 'e2')];
    const one = runCli(['run', 'scenarios/examples/childkeys.yaml', '--epochs', '10', '--out', e1, '--check', '--threads', '1']);
    const two = runCli(['run', 'scenarios/examples/childkeys.yaml', '--epochs', '10', '--out', e2, '--check', '--threads', '2']);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    for (const f of files) expect(read(e2, f), f).toBe(read(e1, f));
  });

  const invalid = readdirSync(join(REPO_ROOT, 'scenarios', 'invalid')).sort();
  for (const f of invalid) {
    it(`refuses scenarios/invalid/${f}: exit 2, the file named, nothing written`, () => {
      const out = join(dir, `bad-${f}`);
      const r = runCli(['run', join('scenarios', 'invalid', f), '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(f);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(dir).some((x) => x.startsWith(`bad-${f}.`))).toBe(false);
    });
  }

  it('refuses bad flags with exit 2', () => {
    expect(runCli(['run', 'scenarios/baseline.yaml', '--epochs', '-3']).code).toBe(2);
    expect(runCli(['run', 'scenarios/baseline.yaml', '--block-step', '0']).code).toBe(2);
    const t = runCli(['run', 'scenarios/baseline.yaml', '--threads', '0']);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/--threads/);
    expect(runCli(['run']).code).toBe(2);
  });
});
