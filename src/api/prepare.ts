/**
 * What a run does before its first epoch, and so what `validate` and `sweep` check too: the
 * scenario checked against its snapshot, the world built (the limits run applies: uids, stakes),
 * settings not simulated refused. A scenario that prepares, runs.
 */
import type { StrategyRegistry } from '../agents/registry.js';
import { InputError } from '../core/errors.js';
import { checkAgainstSnapshot, readSnapshot } from '../scenario/snapshot.js';
import type { ResolvedScenario } from '../scenario/types.js';
import { checkSupported } from '../sim/engine.js';
import { buildWorld, type World } from '../sim/world.js';

/** The world a resolved scenario starts from, checked as `run` checks it. Throws InputError. */
export function prepareWorld(sc: ResolvedScenario, file: string, strategies?: StrategyRegistry): World {
  const snapshot = sc.initial.kind === 'snapshot' ? readSnapshot(sc.initial.path) : undefined;
  if (snapshot !== undefined) checkAgainstSnapshot(sc, snapshot, file);
  let world: World;
  try {
    world = buildWorld(sc, snapshot, strategies);
  } catch (e) {
    // what only the built world can tell (uids, stakes, budgets) is still the file's fault
    if (e instanceof InputError && e.file === undefined) throw new InputError(e.path, e.problem, file);
    throw e;
  }
  checkSupported(world);
  // a set_param that would leave fewer uids than a subnet holds, now that its population is known
  for (const e of sc.events) {
    if (e.kind !== 'set_param' || e.scope !== 'subnet' || e.key !== 'max_allowed_uids') continue;
    const n = world.subnets.find((s) => s.netuid === e.netuid)?.metagraph.n ?? 0;
    if ((e.value as number) < n)
      throw new InputError(`events[${e.index}].set_param.value`, `subnet ${e.netuid} holds ${n} uids: max_allowed_uids ${String(e.value)} is below it`, file);
  }
  return world;
}
