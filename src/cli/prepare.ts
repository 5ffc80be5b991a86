/**
 * What `run` does before its first epoch, and so what `validate` and `sweep` check too: read the
 * scenario and its snapshot, check the one against the other, build the world (the limits run
 * applies: uids, stakes), and refuse settings not simulated. A file that validates, runs.
 * The checks are the library's (api/prepare.ts).
 */
import { prepareWorld } from '../api/prepare.js';
import { loadScenario, type LoadOptions } from '../scenario/load.js';
import type { ResolvedScenario } from '../scenario/types.js';
import type { World } from '../sim/world.js';

export function prepare(file: string, opts: LoadOptions = {}): { sc: ResolvedScenario; world: World } {
  const sc = loadScenario(file, opts);
  return { sc, world: prepareWorld(sc, file, opts.strategies) };
}
