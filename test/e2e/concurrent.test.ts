/** Two runs on one result folder: one result and one clear refusal, nothing left behind. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/shared.js';

const runAsync = (args: string[]) =>
  new Promise<{ code: number; stderr: string }>((done) => {
    const p = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js'), ...args], { cwd: REPO_ROOT });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += String(d)));
    p.on('close', (code) => done({ code: code ?? -1, stderr }));
  });

describe('two concurrent runs on one folder', () => {
  it('end with one complete result and one refusal naming the other process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taosim-conc-'));
    const out = join(dir, 'same');
    const args = ['run', 'scenarios/baseline.yaml', '--epochs', '150', '--neurons', 'off', '--out', out];
    const [a, b] = await Promise.all([runAsync(args), runAsync(args)]);
    const codes = [a.code, b.code].sort();
    expect(codes).toEqual([0, 2]);
    const refused = a.code === 2 ? a : b;
    expect(refused.stderr).toMatch(/another taosim process \(pid \d+\) is writing this result/);
    expect(refused.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(readdirSync(dir)).toEqual(['same']);
    expect(JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')).status).toBe('complete');
  });
});
