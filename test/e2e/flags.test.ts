/**
 * Flags are checked before any work: a bad one exits 2 naming the flag, and nothing is written
 * (the out folder never appears). Each case is one that once ran the whole command first (#13).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'taosim-flags-'));
const M = 'scenarios/examples/minimal.yaml';
const SNAP = 'scenarios/data/metagraphed_snapshot_b8791253_2026-08-07_flat.csv';

const CASES: [string, string[], RegExp][] = [
  ['a choice not offered', ['run', M, '--neurons', 'maybe'], /neurons.*Choices/s],
  ['an unknown flag', ['run', M, '--bogus'], /Unknown argument: bogus/],
  ['--seed without a value', ['run', M, '--seed'], /Not enough arguments following: seed/],
  ['--seed empty', ['run', M, '--seed', ''], /--seed: needs a value/],
  ['--seed not a number', ['run', M, '--seed', 'x1'], /--seed: expected a whole number/],
  ['--epochs 0', ['run', M, '--epochs', '0'], /--epochs: expected a whole number from 1 to 100,000,000/],
  ['--epochs past the file limit', ['run', M, '--epochs', '1e9'], /--epochs: expected a whole number from 1 to 100,000,000 \(got "1e9"\)/],
  ['--block-step 0', ['run', M, '--block-step', '0'], /--block-step: expected a whole number/],
  ['--threads 0', ['run', M, '--threads', '0'], /--threads: expected a whole number from 1 to 256/],
  ['--out twice', ['run', M, '--out', 'a', '--out', 'b'], /--out: given \d times; give it once/],
  ['a sweep flag', ['sweep', M, '--bogus'], /Unknown argument: bogus/],
  ['--seed-list with an empty item', ['sweep', M, '--seed-list', '1,,2'], /--seed-list: an empty item in "1,,2"/],
  ['sweep --epochs -1', ['sweep', M, '--epochs', '-1'], /--epochs|Not enough arguments/],
  ['a repeated --block-emission', ['shares', SNAP, '--block-emission', '1', '--block-emission', '2'], /--block-emission: given 2 times/],
  ['shares --rule nope', ['shares', SNAP, '--rule', 'nope'], /rule.*Choices/s],
  ['run without a scenario', ['run'], /Not enough non-option arguments/],
];

describe('bad flags', () => {
  it.each(CASES)('%s: exit 2, the flag named, nothing written', (_, args, message) => {
    const out = join(dir, args.join('_').replace(/[^A-Za-z0-9]+/g, '-').slice(0, 80));
    const r = runCli(args[0] === 'shares' || args.length === 1 ? args : [...args, '--out', out]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });
});

describe('a shorter run than the file', () => {
  it('says which of its events will not happen', () => {
    const r = runCli(['run', 'scenarios/examples/minimal.yaml', '--epochs', '4', '--neurons', 'off', '--out', join(dir, 'short')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('--epochs 4: 1 event of the scenario at epoch 4 or later will not happen');
  });
});
