/** `taosim plot`, another name for `taosim report`: charts of a finished run; a folder that is not a result is refused. */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'taosim-plot-'));

describe('taosim plot', () => {
  it('draws every chart of a run, one line per subnet', () => {
    const out = join(dir, 'r');
    expect(runCli(['run', 'scenarios/baseline.yaml', '--epochs', '6', '--neurons', 'off', '--out', out]).code).toBe(0);
    const r = runCli(['plot', out, '--top', '3']);
    expect(r.code).toBe(0);
    const files = readdirSync(join(out, 'charts')).filter((f) => f.endsWith('.svg')).sort();
    expect(files).toEqual(['miners.svg', 'moving_price.svg', 'network_tao.svg', 'share.svg', 'spot_price.svg', 'tao_emission.svg', 'tao_reserve.svg']);
    expect(readdirSync(join(out, 'charts')).filter((f) => f.endsWith('.png')).sort()).toEqual(files.map((f) => f.replace(/svg$/, 'png')));
    expect(readdirSync(out)).toContain('report.html');
    const share = readFileSync(join(out, 'charts', 'share.svg'), 'utf8');
    expect(share.startsWith('<svg')).toBe(true);
    expect(share).toContain('top 3 subnets by final share');
    expect(share).toContain('SN1');
    expect(share).not.toContain('SN4'); // the smallest share is left out with --top 3
  });
  it('refuses a folder that is not a result (exit 2)', () => {
    const r = runCli(['plot', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a complete taosim result folder/);
  });
});
