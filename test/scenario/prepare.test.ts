/**
 * What validate checks is what run checks (#13 class 4): the snapshot a scenario names is read and
 * the scenario checked against it, and the world is built, so a file that validates, runs.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepare } from '../../src/cli/prepare.js';
import { TOTAL_SUPPLY } from '../../src/chain/coinbase/constants.js';
import { stepBlocks } from '../../src/sim/engine.js';
import { checkInvariants } from '../../src/sim/invariants.js';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/shared.js';

const dir = mkdtempSync(join(tmpdir(), 'taosim-prepare-'));
copyFileSync(join(REPO_ROOT, 'test', 'fixtures', 'snapshot_b8791253_flat.csv'), join(dir, 'snap.csv'));
let made = 0;
const snapScenario = (extra: string) => {
  const f = join(dir, `s${made++}.yaml`);
  writeFileSync(f, `name: s\nrun: { epochs: 2, block_step: 360 }\ninitial:\n  from_snapshot: snap.csv\n  uids_per_subnet: 4\n${extra}`);
  return f;
};

describe('validate reads the snapshot', () => {
  it('refuses an override and an event on a netuid the snapshot lacks, as run does', () => {
    const over = snapScenario('  overrides:\n    "999": { params: { kappa: 1 } }\n');
    const event = snapScenario('events:\n  - at_epoch: 1\n    stake: { netuid: 999, amount: "10" }\n');
    expect(() => prepare(over)).toThrow(/initial\.overrides\.999: no subnet with this netuid in the snapshot/);
    expect(() => prepare(event)).toThrow(/events\[0\]\.stake\.netuid: no subnet with this netuid in the snapshot \(got 999/);
    for (const f of [over, event]) {
      const v = runCli(['validate', f]);
      expect(v.code).toBe(2);
      expect(v.stderr).toContain('no subnet with this netuid in the snapshot');
    }
    expect(runCli(['validate', snapScenario('')]).code).toBe(0);
    const uids = snapScenario('events:\n  - at_epoch: 1\n    set_param: { netuid: 3, key: max_allowed_uids, value: 2 }\n');
    expect(() => prepare(uids)).toThrow(/events\[0\]\.set_param\.value: subnet 3 holds 4 uids: max_allowed_uids 2 is below it/);
  });
});

describe('the 21M cap', () => {
  it('a fixed block emission stops minting at the cap, and the invariant bounds the issuance', () => {
    const f = join(dir, 'cap.yaml');
    writeFileSync(f, 'name: cap\nrun: { epochs: 1 }\nnetwork: { block_emission: "5000", total_issuance: "20997000" }\ninitial:\n  root_tao: "1000000"\n  subnets:\n    - { netuid: 1, tao_in: "100000", alpha_in: "100000", alpha_out: "10" }\n');
    const { world } = prepare(f);
    const minted: bigint[] = [];
    for (let b = 0; b < 5; b++) {
      minted.push(stepBlocks(world, 1));
      checkInvariants(world);
      expect(world.issuance).toBeLessThanOrEqual(TOTAL_SUPPLY);
    }
    // 3,000 TAO of room: the first block mints those, not 5,000; later ones only what recycling gave back
    expect(minted[0]).toBe(3_000_000_000_000n);
    expect(minted.every((e) => e < 5_000_000_000_000n)).toBe(true);
    world.issuance = (TOTAL_SUPPLY + 1n) as typeof world.issuance;
    expect(() => checkInvariants(world)).toThrow(/issuance within the 21M TAO cap/);
  });
});
