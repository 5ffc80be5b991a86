/**
 * What `run` does before its first epoch, and so what `validate` and `sweep` check too: read the
 * scenario and its snapshot, check the one against the other, build the world (the limits run
 * applies: uids, stakes), and refuse settings not simulated. A file that validates, runs.
 */
import { InputError } from '../core/errors.js';
import { loadScenario, type LoadOptions } from '../scenario/load.js';
import { checkAgainstSnapshot, readSnapshot } from '../scenario/snapshot.js';
import type { ResolvedScenario } from '../scenario/types.js';
import { checkSupported } from '../sim/engine.js';
import { buildWorld, type World } from '../sim/world.js';

export function prepare(file: string, opts: LoadOptions = {}): { sc: ResolvedScenario; world: World } {
  const sc = loadScenario(file, opts);
  const snapshot = sc.initial.kind === 'snapshot' ? readSnapshot(sc.initial.path) : undefined;
  if (snapshot !== undefined) checkAgainstSnapshot(sc, snapshot, file);
  let world: World;
  try {
    world = buildWorld(sc, snapshot, opts.strategies);
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
  return { sc, world };
}
