/**
 * The built-in population as a policy: every `weight_period_epochs` each subnet's validators set
 * weights on the miners by a noisy view of their quality, and on the owner's uid at the
 * population's owner fraction (population.ts `weightRows`, one WebAssembly call per subnet).
 */
import type { Stream } from '../core/rng.js';
import type { Action } from './actions.js';
import type { Observation } from './observation.js';
import { type BuiltinSubnet, weightRows, weightRowUids } from './population.js';

interface Roles {
  readonly minerUids: readonly number[];
  readonly quality: readonly number[];
  readonly validatorUids: readonly number[];
}
const NONE: ReadonlySet<string> = new Set();
const rolesOf = new WeakMap<BuiltinSubnet, Roles>();

/** The miners (uids, qualities) and validators of a subnet's population (immutable, so kept by identity). */
export function roles(p: BuiltinSubnet): Roles {
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

/**
 * The validators' `set_weights` of this step: one batch per subnet, validators in uid order,
 * leaving out the (netuid, hotkey) pairs in `agentRun` (`netuid|hotkey`: a validator agent's). Their
 * rows are drawn all the same, so the others' weights do not depend on which validators are agents.
 */
export function builtinValidatorActions(obs: Observation, rng: (name: string) => Stream, agentRun: ReadonlySet<string> = NONE): Action[] {
  const actions: Action[] = [];
  for (const s of obs.subnets) {
    const pop = s.population;
    const period = Math.max(1, pop.spec.weight_period_epochs);
    if (obs.epoch % period !== 0) continue;
    const { minerUids, quality, validatorUids } = roles(pop);
    const view = { minerUids, quality, ownerUid: 0, ownerFraction: pop.ownerFraction, noise: pop.spec.validator_noise };
    const uids = weightRowUids(view); // shared by every row set here; stored rows are never mutated
    if (uids.length === 0) continue;
    // one noise draw per validator × miner, in validator order, in one call; each row is already
    // max-upscaled, so the chain stores it as given
    const rows = weightRows(view, rng(`weights/${s.netuid}/${obs.epoch}`), validatorUids.length);
    const batch = validatorUids.map((uid, v) => ({ hotkey: s.hotkeys[uid]!, values: rows[v]! })).filter((r) => agentRun.size === 0 || !agentRun.has(`${s.netuid}|${r.hotkey}`));
    if (batch.length > 0) actions.push({ kind: 'set_weights_batch', netuid: s.netuid, uids, rows: batch, quiet: true });
  }
  return actions;
}
