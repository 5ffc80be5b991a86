/**
 * The thread pool's failure paths: a job that fails on a worker comes back as an error for that
 * job (and the worker serves on), and a failing job stops the run instead of hanging it.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../src/chain/staking/ledger.js';
import { alphaRao } from '../../src/core/units.js';
import { type EpochRunner, serveEpochJobs } from '../../src/sim/epochPool.js';
import type { SubnetEpochJob } from '../../src/chain/coinbase/subnetEpoch.js';
import { REPO_ROOT } from '../helpers/shared.js';

// Workers load the compiled worker module, so the pool under test is the built one (global setup).
const built = (await import(pathToFileURL(join(REPO_ROOT, 'dist', 'src', 'sim', 'epochPool.js')).href)) as { ThreadedRunner: new (threads: number) => EpochRunner };

describe('epoch thread pool', () => {
  it('a worker answers a job it cannot read with an error naming the job, then goes on to the next message', () => {
    const { port1, port2 } = new MessageChannel();
    const ctl = new Int32Array(new SharedArrayBuffer(8));
    const claims = new Int32Array(new SharedArrayBuffer(4 * (1 << 16)));
    const empty = { nums: new Float64Array(0), bigs: new BigUint64Array(0), strings: [], j: new Int32Array(0), v: new Uint16Array(0) };
    for (const m of [{ kind: 'batch', base: 0, end: 1 }, { kind: 'job', q: 0, packed: empty }, { kind: 'stop' }]) {
      port1.postMessage(m);
      Atomics.add(ctl, 0, 1);
    }
    serveEpochJobs(port2, ctl, claims); // returns on 'stop'
    const reply = receiveMessageOnPort(port1)?.message as { q: number; error: string };
    expect(reply.q).toBe(0);
    expect(reply.error).toMatch(/packed message long enough/);
    expect(Atomics.load(ctl, 1)).toBe(1);
    port1.close();
  });

  it('a job that fails stops the step with an error rather than a hang', () => {
    const ledger = new Ledger();
    ledger.createHotkey('h0', 'c0');
    ledger.createHotkey('h1', 'c1');
    const job: SubnetEpochJob = {
      epoch: {
        input: {
          n: -1, // no subnet has that many uids: Yuma cannot size its vectors
          currentBlock: 100,
          lastMechanismStepBlock: 0,
          alphaStake: [1n, 1n],
          taoStake: [0n, 0n],
          lastUpdate: [99, 99],
          blockAtRegistration: [0, 0],
          weights: [{ j: [1], v: [65535] }, { j: [], v: [] }],
          bonds: [{ j: [], v: [] }, { j: [], v: [] }],
          validatorPermits: [true, false],
          raoEmission: 1000n,
        },
        params: {
          kappa: 32_767,
          bondsPenalty: 65_535,
          bondsMovingAverage: 900_000n,
          yuma3: true,
          liquidAlpha: false,
          alphaLow: 45_875,
          alphaHigh: 58_982,
          alphaSigmoidSteepness: 1000,
          maxAllowedValidators: 64,
          stakeThreshold: 0n,
          ownerUid: null,
          taoWeight: 0n,
          tempo: 360,
          activityCutoffBlocks: 5000,
        },
      },
      payout: {
        hotkeys: ['h0', 'h1'],
        owners: ['c0', 'c1'],
        uidsByName: [0, 1],
        pending: { server: alphaRao(500n), validator: alphaRao(500n), root: alphaRao(0n), ownerCut: alphaRao(0n) },
        params: { netuid: 1, taoWeight: 0n, ckBurn: 0n, subnetOwner: undefined, subnetOwnerHotkey: undefined, recycleOrBurn: 'Burn', autoStakeDestination: new Map() },
        reads: ledger,
      },
    };
    const runner = new built.ThreadedRunner(2);
    try {
      const batch = runner.start([job, job, job]);
      // give the worker time to claim the jobs, so that its error reply is what comes back
      // (were it slow to start, this thread computes them itself and fails the same way)
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
      expect(() => batch.take(0)).toThrow(/^epoch worker failed: RangeError: Invalid array length|^Invalid array length/);
    } finally {
      runner.close();
    }
  });
});
