/**
 * A world built from a mainnet snapshot takes each subnet's neuron counts from the snapshot:
 * its validator_count (capped by MaxAllowedValidators and the uids) and miners on the rest.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { readSnapshot } from '../../src/scenario/snapshot.js';
import { buildWorld } from '../../src/sim/world.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'snapshot_b8791253_flat.csv');

function worldFromSnapshot(extra: string): { w: ReturnType<typeof buildWorld>; snap: ReturnType<typeof readSnapshot> } {
  const dir = mkdtempSync(join(tmpdir(), 'taosim-world-'));
  copyFileSync(FIXTURE, join(dir, 'snap.csv'));
  writeFileSync(join(dir, 's.yaml'), `name: s\nrun: {epochs: 1}\ninitial:\n  from_snapshot: snap.csv\n${extra}`);
  const sc = loadScenario(join(dir, 's.yaml'));
  if (sc.initial.kind !== 'snapshot') throw new Error('snapshot expected');
  const snap = readSnapshot(sc.initial.path);
  return { w: buildWorld(sc, snap), snap };
}

const count = (roles: readonly string[], role: string): number => roles.filter((r) => r === role).length;

describe('population from a snapshot', () => {
  it('uses the snapshot validator counts and fills uids_per_subnet with miners', () => {
    const { w, snap } = worldFromSnapshot('  uids_per_subnet: 24\n');
    expect(w.subnets).toHaveLength(snap.subnets.length);
    let capped = 0;
    for (const s of w.subnets) {
      const row = snap.subnets.find((r) => r.netuid === s.netuid)!;
      const v = Math.min(row.validatorCount!, s.params.max_allowed_validators, 23);
      if (v < row.validatorCount!) capped += 1;
      expect(count(w.population.get(s.netuid)!.roles, 'validator'), `netuid ${s.netuid}`).toBe(v);
      expect(count(w.population.get(s.netuid)!.roles, 'miner'), `netuid ${s.netuid}`).toBe(23 - v);
      expect(count(w.population.get(s.netuid)!.roles, 'owner')).toBe(1);
    }
    // the snapshot has subnets with more than 23 validators: the cap is exercised
    expect(capped).toBeGreaterThan(0);
  });

  it('without uids_per_subnet, fills the snapshot participant count', () => {
    const { w, snap } = worldFromSnapshot('');
    for (const s of w.subnets) {
      const row = snap.subnets.find((r) => r.netuid === s.netuid)!;
      const uids = Math.min(row.participantCount!, s.params.max_allowed_uids);
      expect(s.metagraph.n, `netuid ${s.netuid}`).toBe(Math.max(uids, 1));
      expect(count(w.population.get(s.netuid)!.roles, 'validator')).toBe(Math.min(row.validatorCount!, s.params.max_allowed_validators, Math.max(0, uids - 1)));
    }
  });
});
