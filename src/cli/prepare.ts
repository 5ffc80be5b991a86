/**
 * What `run` does before its first epoch, and so what `validate` and `sweep` check too: read the
 * scenario and its snapshot, check the one against the other, build the world (the limits run
 * applies: uids, stakes), and refuse settings not simulated. A file that validates, runs.
 */
import { loadScenario, type LoadOptions } from '../scenario/load.js';
import { checkAgainstSnapshot, readSnapshot } from '../scenario/snapshot.js';
import type { ResolvedScenario } from '../scenario/types.js';
import { checkSupported } from '../sim/engine.js';
import { buildWorld, type World } from '../sim/world.js';

export function prepare(file: string, opts: LoadOptions = {}): { sc: ResolvedScenario; world: World } {
  const sc = loadScenario(file, opts);
  const snapshot = sc.initial.kind === 'snapshot' ? readSnapshot(sc.initial.path) : undefined;
  if (snapshot !== undefined) checkAgainstSnapshot(sc, snapshot, file);
  const world = buildWorld(sc, snapshot);
  checkSupported(world);
  return { sc, world };
}
