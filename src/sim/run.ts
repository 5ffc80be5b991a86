/**
 * The epoch loop (the user's clock; blocks are the chain's). Each simulated epoch:
 *   1 decide: the policies read one observation (agents/observation.ts) and return actions —
 *     the timeline's events of this epoch (agents/timeline.ts), the built-in validators'
 *     set_weights (agents/builtin.ts)
 *   2 apply: the queue in that order, each action through chain/ (./actions.ts), refusals as events
 *   3 blocks_per_epoch blocks of the chain (engine.ts), invariants after each block if asked
 *   4 a record for the reporters
 * A generator, so the caller streams output and shows progress without holding the run.
 */
import { builtinValidatorActions } from '../agents/builtin.js';
import type { Observation } from '../agents/observation.js';
import { timelineActions } from '../agents/timeline.js';
import type { ResolvedEvent, ResolvedScenario } from '../scenario/types.js';
import { applyAction } from './actions.js';
import type { SimEvent } from './events.js';
import { stepBlocks } from './engine.js';
import type { EpochRunner } from './epochPool.js';
import { checkInvariants } from './invariants.js';
import { agentsAccount, agentsAct } from './agents.js';
import { advanceTrail, newTrail, observe } from './observe.js';
import type { Stream } from '../core/rng.js';
import { taoRao } from '../core/units.js';
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
  /** USD per TAO at the end of the epoch. */
  readonly taoUsd: number;
}

/**
 * decide → queue → apply at the step boundary: the timeline's events of the epoch (file order),
 * then the built-in validators (ascending netuid, uid order), each action through the chain; then
 * the agents (agents.ts), all deciding on the same observation, applied in a seeded order.
 */
function act(w: World, obs: Observation, events: readonly ResolvedEvent[], order: Stream | undefined, agentRun: ReadonlySet<string>): SimEvent[] {
  const queue = [...timelineActions(obs, events), ...builtinValidatorActions(obs, w.rng, agentRun)];
  const out: SimEvent[] = [];
  for (const a of queue) out.push(...applyAction(w, a));
  if (order !== undefined) out.push(...agentsAct(w, w.agents, obs, (a) => applyAction(w, a), order));
  return out;
}

export function* run(w: World, sc: ResolvedScenario, opts: RunOptions): Generator<EpochRecord> {
  const epochs = opts.epochs ?? sc.run.epochs;
  const step = opts.blockStep ?? sc.run.block_step;
  const agents = w.agents.length > 0;
  const trail = agents ? newTrail(w, sc.market.tao_usd, sc.run.blocks_per_epoch, sc.run.block_time_seconds) : undefined;
  const order = agents ? w.rng('agents/order') : undefined;
  // the built-in validators' weights that validator agents set instead
  const agentRun = new Set(w.agents.flatMap((a) => (a.validatorHotkey === undefined ? [] : a.subnets.map((n) => `${n}|${a.validatorHotkey}`))));
  const m0 = sc.market.tao_usd;
  const taoUsd = m0.kind === 'constant' ? m0.value : m0.start;
  let next = 0;
  let e = taoRao(0n);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const obs = observe(w, epoch, { trail, blocksPerStep: sc.run.blocks_per_epoch, lastEmission: e, taoUsd });
    for (const m of w.meters.values()) m.flows = ZERO_FLOWS();
    const due: ResolvedEvent[] = [];
    while (next < sc.events.length && sc.events[next]!.at_epoch === epoch) due.push(sc.events[next++]!);
    const events = act(w, obs, due, order, agentRun);
    for (let done = 0; done < sc.run.blocks_per_epoch; ) {
      const k = Math.min(step, sc.run.blocks_per_epoch - done);
      e = taoRao(stepBlocks(w, k, opts.runner));
      done += k;
      if (opts.check) checkInvariants(w);
    }
    if (trail !== undefined) {
      agentsAccount(w, w.agents);
      advanceTrail(w, trail);
    }
    yield { epoch, block: w.block, blockEmission: e, events, taoUsd: trail?.taoUsd ?? taoUsd };
  }
}
