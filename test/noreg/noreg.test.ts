/**
 * No-regression hashes: the sha256 of every table the shipped scenarios write. A change to the
 * engine that moves one byte of them fails here; a change that means to (a real check now refuses
 * a timeline action, say) updates `hashes.json` with `npx vitest run test/noreg -u` and names the
 * scenario, the table and the reason in its commit.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** Each shipped scenario (a mainnet slice for the year), and the block-exact whale. */
const CASES: Record<string, readonly string[]> = {
  baseline: ['scenarios/baseline.yaml'],
  'examples/childkeys': ['scenarios/examples/childkeys.yaml'],
  'examples/halving': ['scenarios/examples/halving.yaml'],
  'examples/minimal': ['scenarios/examples/minimal.yaml'],
  'examples/owner-dump': ['scenarios/examples/owner-dump.yaml'],
  'examples/whale': ['scenarios/examples/whale.yaml'],
  'examples/whale block-exact': ['scenarios/examples/whale.yaml', '--epochs', '8', '--block-step', '1'],
  'mainnet-2026-08 12 epochs': ['scenarios/mainnet-2026-08.yaml', '--epochs', '12'],
};

const dir = mkdtempSync(join(tmpdir(), 'taosim-noreg-'));
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('no-regression hashes of the shipped scenarios', () => {
  it.each(Object.keys(CASES))('%s', async (name) => {
    const out = join(dir, name.replace(/[^a-z0-9]+/gi, '-'));
    const r = runCli(['run', ...CASES[name]!, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const hashes = Object.fromEntries(
      readdirSync(out)
        .filter((f) => f.endsWith('.csv'))
        .sort()
        .map((f) => [f, sha256(join(out, f))]),
    );
    expect(Object.keys(hashes).length).toBeGreaterThanOrEqual(3);
    await expect(JSON.stringify(hashes, null, 2) + '\n').toMatchFileSnapshot(`hashes/${name.replace(/[^a-z0-9]+/gi, '-')}.json`);
  });
});
