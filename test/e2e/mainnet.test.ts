/**
 * The calibrated mainnet scenario (every population active) under --check: every invariant after
 * every step, for the first days; and each population acts through the chain.
 */
import Papa from 'papaparse';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('scenarios/mainnet-2026-08.yaml', () => {
  it('runs under --check with all its populations, and they all act', { timeout: 300_000 }, () => {
    const out = join(mkdtempSync(join(tmpdir(), 'taosim-mainnet-')), 'run');
    const r = runCli(['run', 'scenarios/mainnet-2026-08.yaml', '--epochs', '30', '--check', '--neurons', 'off', '--progress', 'false', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const events = Papa.parse<Record<string, string>>(readFileSync(join(out, 'events.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    const agents = Papa.parse<Record<string, string>>(readFileSync(join(out, 'agents.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    const classOf = new Map(agents.map((a) => [a.agent!, a.class!]));
    expect(new Set(classOf.values())).toEqual(new Set(['miner', 'owner', 'validator', 'staker']));
    const ok = events.filter((e) => e.result === 'ok');
    // miners and speculators sell, speculators and chasers buy, validators take part in weights
    expect(ok.filter((e) => e.kind === 'unstake' && e.coldkey!.startsWith('agent-miners')).length).toBeGreaterThan(100);
    expect(ok.filter((e) => e.kind === 'stake' && e.coldkey!.startsWith('agent-speculators')).length).toBeGreaterThan(300);
    expect(ok.filter((e) => e.kind === 'unstake' && e.coldkey!.startsWith('agent-speculators')).length).toBeGreaterThan(0);
    expect(ok.filter((e) => e.coldkey!.startsWith('agent-chasers')).length).toBeGreaterThan(0);
    expect(ok.filter((e) => e.kind === 'unstake' && e.coldkey!.startsWith('validator-ck-')).length).toBeGreaterThan(0);
    // nothing an agent sends is refused as badly formed or not its own
    expect(events.filter((e) => e.result === 'BadOrigin')).toEqual([]);
  });
});
