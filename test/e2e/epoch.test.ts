/** `taosim epoch` end to end: the real binary on good and broken files. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/shared.js';

const FIXTURE = 'test/fixtures/yuma-vectors.json';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const vectors: any[] = JSON.parse((await import('node:fs')).readFileSync(FIXTURE, 'utf8'));
const epochVectors = vectors.filter((v) => v.kind === 'epoch');
const dir = mkdtempSync(join(tmpdir(), 'taosim-epoch-'));
const write = (name: string, data: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof data === 'string' ? data : JSON.stringify(data));
  return p;
};
const clone = <T>(x: T): T => structuredClone(x);

describe('taosim epoch', () => {
  it('replays a single vector and prints {name, steps} equal to the expected steps', () => {
    const v = epochVectors.find((x) => x.name === 'epoch_test_bonds_original_yuma');
    const r = runCli(['epoch', write('one.json', v)]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.name).toBe(v.name);
    out.steps.forEach((s: Record<string, unknown>, k: number) => {
      for (const key of Object.keys(v.expected.steps[k])) expect(s[key]).toEqual(v.expected.steps[k][key]);
    });
  });
  it('an array in gives an array out, and the same input gives the same bytes', () => {
    const a = runCli(['epoch', write('all.json', epochVectors)]);
    const b = runCli(['epoch', write('all.json', epochVectors)]);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout)).toHaveLength(epochVectors.length);
    expect(a.stdout).toBe(b.stdout);
  });
  it('--format csv writes one row per (step, uid)', () => {
    const v = epochVectors.find((x) => x.name === 'epoch_test_10_graph');
    const r = runCli(['epoch', write('csv.json', v), '--format', 'csv']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^vector,step,label,uid,stake,/);
    expect(lines).toHaveLength(1 + v.inputs.steps.length * v.inputs.params.n);
    expect(lines[1]!.split(',')[14]).toBe(String(v.expected.steps[0].combined_emission[0]));
  });

  const base = epochVectors.find((x) => x.name === 'epoch_logs_test_validators_weight_two_distinct_servers');
  const broken: [string, unknown, RegExp][] = [
    ['not JSON', '{"name": ', /not valid JSON/],
    ['uid out of range', (() => { const v = clone(base); v.inputs.steps[0].actions[0].uids[1] = 7; return v; })(), /inputs\.steps\[0\]\.actions\[0\]\.uids\[1\]: 7 is not a uid of this subnet \(n = 5\)/],
    ['missing key', (() => { const v = clone(base); delete v.inputs.params.kappa; return v; })(), /inputs\.params\.kappa/],
    ['wrong length', (() => { const v = clone(base); v.inputs.initial_state.alpha_stake.pop(); return v; })(), /inputs\.initial_state\.alpha_stake: has 4 entries, expected n = 5/],
    ['u16 out of range', (() => { const v = clone(base); v.inputs.steps[0].actions[0].values[0] = 70000; return v; })(), /inputs\.steps\[0\]\.actions\[0\]\.values\[0\]/],
    ['negative stake', (() => { const v = clone(base); v.inputs.initial_state.alpha_stake[0] = -5; return v; })(), /inputs\.initial_state\.alpha_stake\[0\]/],
    ['unknown key', (() => { const v = clone(base); v.inputs.params.kapa = 1; return v; })(), /kapa/],
    ['unknown action', (() => { const v = clone(base); v.inputs.steps[0].actions[0].type = 'set_wieghts'; return v; })(), /inputs\.steps\[0\]\.actions\[0\]\.type/],
  ];
  for (const [what, data, message] of broken) {
    it(`refuses a file with ${what}: exit 2, the path named, no stack trace`, () => {
      const f = write(`${what.replace(/ /g, '_')}.json`, data);
      const r = runCli(['epoch', f]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain(f);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }
  it('a missing file is bad input (exit 2), and --help describes the command', () => {
    expect(runCli(['epoch', join(dir, 'nope.json')]).code).toBe(2);
    const h = runCli(['epoch', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/--format/);
  });
});

describe('taosim epoch --fields, and output that streams', () => {
  const v = epochVectors.find((x) => x.name === 'epoch_test_10_graph');
  it('keeps exactly the chosen fields of each step (json: those keys; csv: vector, step, uid and those columns)', () => {
    const r = runCli(['epoch', write('f.json', v), '--fields', 'incentive,label,bonds_stored_u16']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['name', 'steps']);
    expect(out.steps).toHaveLength(v.expected.steps.length);
    out.steps.forEach((s: Record<string, unknown>, k: number) => {
      expect(Object.keys(s)).toEqual(['label', 'incentive', 'bonds_stored_u16']);
      expect(s.incentive).toEqual(v.expected.steps[k].incentive);
    });
    const c = runCli(['epoch', write('f.json', v), '--format', 'csv', '--fields', 'dividends_u16']);
    expect(c.code, c.stderr).toBe(0);
    const lines = c.stdout.trim().split('\n');
    expect(lines[0]).toBe('vector,step,uid,dividends_u16');
    expect(lines[1]).toBe(`${v.name},0,0,${v.expected.steps[0].dividends_u16[0]}`);
  });
  it('without --fields the output is JSON.stringify(…, null, 1) of everything, as before', () => {
    const r = runCli(['epoch', write('all.json', epochVectors)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(JSON.stringify(JSON.parse(r.stdout), null, 1) + '\n');
    expect(Object.keys(JSON.parse(r.stdout)[0].steps[0])).toHaveLength(20);
  });
  it('refuses an unknown field with exit 2, listing the valid ones, before writing anything', () => {
    const r = runCli(['epoch', write('f.json', v), '--fields', 'incentive,ema_bond']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--fields: "ema_bond" is not a field of the json output (valid: label, stake, active_stake,');
    expect(r.stderr).toContain('ema_bonds');
    const c = runCli(['epoch', write('f.json', v), '--format', 'csv', '--fields', 'weights_normalized']);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('"weights_normalized" is not a field of the csv output (valid: label, stake,');
    for (const bad of [['--fields', 'incentive,,label'], ['--fields']]) {
      const e = runCli(['epoch', write('f.json', v), ...bad]);
      expect(e.code, bad.join(' ')).toBe(2);
      expect(e.stdout).toBe('');
    }
  });
  it('1,000 epochs of a 64 × 256 metagraph fit in a 48 MB heap: each step is written, not kept', () => {
    const n = 256, validators = 64;
    const big = {
      name: 'big',
      inputs: {
        params: { n, tempo: 360, kappa: 32767, bonds_penalty: 65535, bonds_moving_average: 900000, yuma3: true, liquid_alpha: false, max_allowed_validators: validators },
        initial_state: {
          alpha_stake: Array.from({ length: n }, (_, i) => (i < validators ? 1e12 + i * 1000 : 0)),
          block_at_registration: Array(n).fill(0),
          last_update: Array(n).fill(100),
          validator_permits: Array.from({ length: n }, (_, i) => i < validators),
          weights: Array.from({ length: n }, (_, i) => (i < validators ? Array.from({ length: n - validators }, (_, j) => [validators + j, (i * 7919 + j * 104729) % 65536]) : [])),
        },
        steps: Array.from({ length: 1000 }, (_, k) => ({ epoch_block: 200 + k, rao_emission: 1e9 })),
      },
    };
    // collecting the 1,000 steps' outputs before writing needs several hundred MB
    const r = spawnSync(process.execPath, ['--max-old-space-size=48', join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js'), 'epoch', write('big.json', big), '--fields', 'label,dividends'], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    expect(r.status, r.stderr.slice(-500)).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.steps).toHaveLength(1000);
    expect(out.steps[999].dividends.slice(0, validators).some((d: number) => d > 0)).toBe(true);
  });
});

describe('taosim epoch, as its help and the README say', () => {
  it('reads stdin for "-", and replays the epoch vectors of the shipped fixture, skipping the math ones', () => {
    const all = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'yuma-vectors.json'), 'utf8')) as { kind: string }[];
    const one = all.find((v) => v.kind === 'epoch')!;
    const viaStdin = runCli(['epoch', '-'], { input: JSON.stringify(one) });
    expect(viaStdin.code, viaStdin.stderr).toBe(0);
    expect(JSON.parse(viaStdin.stdout).name).toBe((one as unknown as { name: string }).name);
    const fixture = runCli(['epoch', 'test/fixtures/yuma-vectors.json']);
    expect(fixture.code, fixture.stderr).toBe(0);
    expect(JSON.parse(fixture.stdout)).toHaveLength(all.filter((v) => v.kind === 'epoch').length);
    expect(fixture.stderr).toMatch(/8 vectors of another kind \(not "epoch"\) skipped/);
  });
});
