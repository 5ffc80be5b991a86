/**
 * No-regression hashes: the sha256 of every table the shipped scenarios write. A change to the
 * engine that moves one byte of them fails here; a change that means to (a real check now refuses
 * a timeline action, say) updates `hashes.json` with `npx vitest run test/noreg -u` and names the
 * scenario, the table and the reason in its commit.
 */
import { createHash } from 'node:crypto';
import Papa from 'papaparse';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** Each shipped scenario (a mainnet slice for the year, the calibrated one with a sample of its agents), and the block-exact whale. */
const CASES: Record<string, readonly string[]> = {
  baseline: ['scenarios/baseline.yaml'],
  'examples/childkeys': ['scenarios/examples/childkeys.yaml'],
  'examples/halving': ['scenarios/examples/halving.yaml'],
  'examples/minimal': ['scenarios/examples/minimal.yaml'],
  'examples/owner-dump': ['scenarios/examples/owner-dump.yaml'],
  'examples/whale': ['scenarios/examples/whale.yaml'],
  'examples/whale block-exact': ['scenarios/examples/whale.yaml', '--epochs', '8', '--block-step', '1'],
  'examples/weight-copying': ['scenarios/examples/weight-copying.yaml'],
  'examples/miner-profitability 400 epochs': ['scenarios/examples/miner-profitability.yaml', '--epochs', '400'],
  'examples/emission-rules 200 epochs': ['scenarios/examples/emission-rules.yaml', '--epochs', '200'],
  'examples/subnet-pruning 45 epochs': ['scenarios/examples/subnet-pruning.yaml', '--epochs', '45', '--neurons', 'last'],
  'examples/agents': ['scenarios/examples/agents.yaml'],
  'mainnet-2026-08-chain 12 epochs': ['scenarios/mainnet-2026-08-chain.yaml', '--epochs', '12'],
  'mainnet-2026-08 12 epochs': ['scenarios/mainnet-2026-08.yaml', '--epochs', '12', '--agents', 'sample:20'],
};

/** The kinds of events.csv rows that come from a scenario's timeline. */
const SCRIPTED = new Set(['stake', 'unstake', 'set_param', 'set_share_rule', 'burned_register', 'register_network', 'start_call']);

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
    // every scripted event of a shipped scenario does what the file says: none is refused unless
    // the file says so on a line `# expects: <kind> <error>`
    const file = readFileSync(CASES[name]![0]!, 'utf8');
    const expected = [...file.matchAll(/^# expects: (\S+) (\S+)/gm)].map((m) => `${m[1]} ${m[2]}`);
    const events = Papa.parse<Record<string, string>>(readFileSync(join(out, 'events.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    // (agents of fresh coldkeys, `agent-…`, are refused as the chain refuses anyone: a registration past its rate limit, say)
    const refused = events.filter((e) => SCRIPTED.has(e.kind!) && e.result !== 'ok' && !e.coldkey!.startsWith('agent-')).map((e) => `${e.kind} ${e.result}`);
    expect(refused.filter((r) => !expected.includes(r))).toEqual([]);
    await expect(JSON.stringify(hashes, null, 2) + '\n').toMatchFileSnapshot(`hashes/${name.replace(/[^a-z0-9]+/gi, '-')}.json`);
  });
});
