/** `taosim sweep` and `run --set`: grids × replicates, identical bytes to single runs, refusals. */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'taosim-sweep-'));

describe('taosim sweep', () => {
  const out = join(dir, 'sw');
  const r = runCli(['sweep', 'scenarios/baseline.yaml', '--seeds', '2', '--set', 'network.tao_weight=0.1,0.18', '--epochs', '4', '--jobs', '2', '--out', out]);

  it('runs the grid × seeds and indexes it', () => {
    expect(r.code).toBe(0);
    const index = Papa.parse<Record<string, string>>(readFileSync(join(out, 'sweep.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(index.map((x) => [x.seed, x['network.tao_weight'], x.status])).toEqual([
      ['1', '0.1', 'complete'],
      ['2', '0.1', 'complete'],
      ['1', '0.18', 'complete'],
      ['2', '0.18', 'complete'],
    ]);
    expect(index[0]!.scenario_hash).not.toBe(index[2]!.scenario_hash);
  });

  it('each run is byte-identical to the same single run', () => {
    const single = join(dir, 'single');
    expect(runCli(['run', 'scenarios/baseline.yaml', '--seed', '2', '--set', 'network.tao_weight=0.18', '--epochs', '4', '--neurons', 'off', '--out', single]).code).toBe(0);
    for (const f of ['network.csv', 'subnets.csv', 'events.csv'])
      expect(readFileSync(join(out, 'runs', 'run-0003', f), 'utf8')).toBe(readFileSync(join(single, f), 'utf8'));
    expect(JSON.parse(readFileSync(join(single, 'meta.json'), 'utf8')).overrides).toEqual(['network.tao_weight=0.18']);
  });

  it('refuses a bad value or key before running anything (exit 2, the key named)', () => {
    const bad = join(dir, 'bad');
    const a = runCli(['sweep', 'scenarios/baseline.yaml', '--set', 'network.tao_weight=0.1,2', '--out', bad]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/network\.tao_weight: expected TaoWeight as a ratio/);
    expect(existsSync(bad)).toBe(false);
    const b = runCli(['run', 'scenarios/baseline.yaml', '--set', 'network.tao_wieght=0.1', '--out', bad]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/network\.tao_wieght: unknown key/);
    expect(runCli(['run', 'scenarios/baseline.yaml', '--set', 'novalue', '--out', bad]).code).toBe(2);
  });
});
