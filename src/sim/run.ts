/**
 * The epoch loop (the user's clock; blocks are the chain's). Each simulated epoch:
 *   1 timeline events of this epoch, in file order
 *   2 agents observe and act (built-in population: validators set weights every weight period)
 *   3 blocks_per_epoch blocks of the chain (engine.ts), invariants after each block if asked
 *   4 a record for the reporters
 * A generator, so the caller streams output and shows progress without holding the run.
 */
import { type BuiltinSubnet, weightRows, weightRowUids } from '../agents/population.js';
import type { ResolvedScenario } from '../scenario/types.js';
import { applyEvent, type SimEvent } from './actions.js';
import { stepBlocks } from './engine.js';
import type { EpochRunner } from './epochPool.js';
import { checkInvariants } from './invariants.js';
import { ZERO_FLOWS } from './meters.js';
import type { World } from './world.js';

export interface RunOptions {
  /** Check every invariant after every block. */
  readonly check: boolean;
  /** Epochs to run (default: the scenario's). */
  readonly epochs?: number;
  /** Blocks per coinbase step (default: the scenario's `block_step`). */
  readonly blockStep?: number;
  /** Where the epochs run (default: on the calling thread). Never changes a result. */
  readonly runner?: EpochRunner;
}

export interface EpochRecord {
  readonly epoch: number;
  readonly block: number;
  /** TAO minted in the epoch's last block. */
  readonly blockEmission: bigint;
  readonly events: readonly SimEvent[];
}

interface Roles {
  readonly minerUids: readonly number[];
  readonly quality: readonly number[];
  readonly validatorUids: readonly number[];
}
const rolesOf = new WeakMap<BuiltinSubnet, Roles>();

/** The miners (uids, qualities) and validators of a subnet's population (immutable, so kept by identity). */
function roles(p: BuiltinSubnet): Roles {
  let r = rolesOf.get(p);
  if (r === undefined) {
    const minerUids: number[] = [];
    const quality: number[] = [];
    const validatorUids: number[] = [];
    p.roles.forEach((role, uid) => {
      if (role === 'miner') {
        minerUids.push(uid);
        quality.push(p.quality[uid]!);
      } else if (role === 'validator') validatorUids.push(uid);
    });
    rolesOf.set(p, (r = { minerUids, quality, validatorUids }));
  }
  return r;
}

function setWeights(w: World, epoch: number): SimEvent[] {
  const events: SimEvent[] = [];
  for (const s of w.subnets) {
    const pop = w.population.get(s.netuid)!;
    const period = Math.max(1, pop.spec.weight_period_epochs);
    if (epoch % period !== 0) continue;
    const rng = w.rng(`weights/${s.netuid}/${epoch}`);
    const { minerUids, quality, validatorUids } = roles(pop);
    const obs = { minerUids, quality, ownerUid: 0, ownerFraction: pop.ownerFraction, noise: pop.spec.validator_noise };
    const uids = weightRowUids(obs); // shared by every row set here; stored rows are never mutated
    if (uids.length === 0) continue;
    // one noise draw per validator × miner, in validator order, in one call
    const rows = weightRows(obs, rng, validatorUids.length);
    validatorUids.forEach((uid, v) => {
      const m = s.metagraph;
      const values = rows[v]!;
      // set_weights needs a validator permit for anything but a self-weight (weights.rs:1157)
      if (!m.permits[uid]) {
        events.push({ block: w.block, kind: 'set_weights', netuid: s.netuid, coldkey: m.coldkeys[uid]!, hotkey: m.hotkeys[uid]!, amount: 0n, unit: '', result: 'NeuronNoValidatorPermit', amountOut: 0n, detail: `uid ${uid}` });
        return;
      }
      // SIM-DIVERGENCE: weights are set directly (commit-reveal off), without the rate limit.
      // The row is already max-upscaled (weightRows), so it is stored as the chain would store it.
      s.weights[uid] = { j: uids, v: values };
      m.lastUpdate[uid] = w.block + 1; // the extrinsic lands in the next block, after its coinbase
    });
  }
  return events;
}

export function* run(w: World, sc: ResolvedScenario, opts: RunOptions): Generator<EpochRecord> {
  const epochs = opts.epochs ?? sc.run.epochs;
  let next = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const m of w.meters.values()) m.flows = ZERO_FLOWS();
    const events: SimEvent[] = [];
    while (next < sc.events.length && sc.events[next]!.at_epoch === epoch) events.push(applyEvent(w, sc.events[next++]!));
    events.push(...setWeights(w, epoch));
    let e = 0n;
    const step = opts.blockStep ?? sc.run.block_step;
    for (let done = 0; done < sc.run.blocks_per_epoch; ) {
      const k = Math.min(step, sc.run.blocks_per_epoch - done);
      e = stepBlocks(w, k, opts.runner);
      done += k;
      if (opts.check) checkInvariants(w);
    }
    yield { epoch, block: w.block, blockEmission: e, events };
  }
}
