/**
 * A researcher's snapshot needs only the chain state (#14 §5): pools, outstanding alpha, moving
 * price, tempo, registration block, flags, and the block it is at. The observed and descriptive
 * columns may be absent; a missing state column is refused naming the file and the column.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSnapshot } from '../../src/scenario/snapshot.js';
import { runCli } from '../helpers/cli.js';
import { STATE_ONLY, cutSnapshot, shippedColumns } from '../helpers/snapshot.js';

const dir = mkdtempSync(join(tmpdir(), 'taosim-snapshot-state-'));
const SUBNETS = 6;
const full = cutSnapshot(join(dir, 'full.csv'), shippedColumns(), SUBNETS);
const state = cutSnapshot(join(dir, 'state.csv'), STATE_ONLY, SUBNETS);

/** A scenario on `snapshot` whose population the file need not carry. */
function scenario(name: string, snapshot: string, population = '  population: { validators: 3, miners: 5, validator_stake: { kind: equal, total: "1000" } }\n'): string {
  const f = join(dir, `${name}.yaml`);
  const defaults = population === '' ? '' : `subnet_defaults:\n${population}`;
  writeFileSync(f, `name: ${name}\nrun: { epochs: 3, blocks_per_epoch: 120 }\n${defaults}initial:\n  from_snapshot: ${snapshot}\n`);
  return f;
}

describe('a snapshot with only the state columns', () => {
  it('is read as the same state as the full file, without the observations', () => {
    expect(readFileSync(state, 'utf8').split('\r\n', 1)[0]).toBe(STATE_ONLY.join(','));
    const a = readSnapshot(full);
    const b = readSnapshot(state);
    expect(b.subnets).toHaveLength(SUBNETS);
    expect(b.subnets.map((s) => ({ ...s, participantCount: 0, validatorCount: 0, totalStake: 0n, observedTaoIn: 0n, observedExcessTao: 0n })))
      .toEqual(a.subnets.map((s) => ({ ...s, participantCount: 0, validatorCount: 0, totalStake: 0n, observedTaoIn: 0n, observedExcessTao: 0n })));
    expect(b.subnets.every((s) => s.observedTaoIn === undefined && s.participantCount === undefined)).toBe(true);
    expect(a.subnets.every((s) => s.observedTaoIn !== undefined && s.participantCount !== undefined)).toBe(true);
    expect({ ...b, file: '', subnets: [] }).toEqual({ ...a, file: '', subnets: [] });
  });

  it('runs under --check, to the same tables as the full file', () => {
    const outA = join(dir, 'out-full');
    const outB = join(dir, 'out-state');
    const ra = runCli(['run', scenario('full', 'full.csv'), '--check', '--out', outA, '--neurons', 'off']);
    const rb = runCli(['run', scenario('state', 'state.csv'), '--check', '--out', outB, '--neurons', 'off']);
    expect(rb.stderr).not.toMatch(/error|violation/i);
    expect([ra.code, rb.code]).toEqual([0, 0]);
    const subnets = readFileSync(join(outB, 'subnets.csv'), 'utf8');
    expect(subnets.trim().split('\n')).toHaveLength(1 + 3 * SUBNETS);
    for (const t of ['network.csv', 'subnets.csv', 'events.csv']) expect(readFileSync(join(outB, t), 'utf8'), t).toBe(readFileSync(join(outA, t), 'utf8'));
  });

  it('without the population columns the scenario must give the counts, and is told which key', () => {
    const none = runCli(['validate', scenario('no-counts', 'state.csv', '')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`initial.uids_per_subnet: required: the snapshot ${state} has no participant_count column`);
    const uidsOnly = join(dir, 'uids-only.yaml');
    writeFileSync(uidsOnly, `name: uids-only\nrun: { epochs: 1 }\ninitial:\n  from_snapshot: state.csv\n  uids_per_subnet: 16\n`);
    const r = runCli(['validate', uidsOnly]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`subnet_defaults.population: give validators and miners: the snapshot ${state} has no validator_count column`);
    // with the counts in the file, the same scenario needs nothing more
    expect(runCli(['validate', scenario('counts', 'full.csv', '')]).code).toBe(0);
  });

  it('refuses a file missing any state column, or the block, with exit 2 naming the file and the column', () => {
    for (const c of STATE_ONLY.filter((x) => x !== 'bulk_call_block')) {
      const f = cutSnapshot(join(dir, `no-${c}.csv`), STATE_ONLY.filter((x) => x !== c), SUBNETS);
      const r = runCli(['validate', scenario(`no-${c}`, `no-${c}.csv`)]);
      expect(r.code, c).toBe(2);
      expect(r.stderr, c).toContain(`taosim: ${f}: header: missing column "${c}"`);
      expect(r.stderr, c).not.toMatch(/\n\s+at /);
    }
    const f = cutSnapshot(join(dir, 'no-block.csv'), STATE_ONLY.filter((x) => x !== 'bulk_call_block'), SUBNETS);
    const r = runCli(['shares', f, '--gate-bar', '0.0082325', '--block-emission', '0.5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${f}: header: missing column "chain_block" or "bulk_call_block"`);
    expect(r.stdout).toBe('');
  });
});
