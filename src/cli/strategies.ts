/**
 * `--strategies <module>`: the user's strategies, loaded only because a flag names the module
 * (never because a scenario says so). The module exports `strategies`, a list of strategy
 * objects (or a default export of one); each is checked for the interface before it is used.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AGENT_CLASSES } from '../agents/classes.js';
import type { Strategy } from '../agents/strategy.js';
import { InputError } from '../core/errors.js';

function checked(x: unknown, at: string, file: string): Strategy {
  const s = x as Partial<Strategy> | null;
  const problem =
    s === null || typeof s !== 'object'
      ? 'is not an object'
      : typeof s.name !== 'string' || s.name === ''
        ? 'has no name'
        : !AGENT_CLASSES.includes(s.class as never)
          ? `class must be one of ${AGENT_CLASSES.join(', ')} (got ${JSON.stringify(s.class)})`
          : typeof s.decide !== 'function' || typeof s.init !== 'function'
            ? 'needs init() and decide() functions'
            : s.params === null || typeof s.params !== 'object'
              ? 'needs params (an object of parameter specs; {} for none)'
              : undefined;
  if (problem !== undefined) throw new InputError(at, `the strategy ${problem}`, file);
  return s as Strategy;
}

export async function loadStrategies(module: string | undefined): Promise<Strategy[]> {
  if (module === undefined) return [];
  const file = resolve(module);
  let m: Record<string, unknown>;
  try {
    m = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    throw new InputError('--strategies', `cannot load the module: ${(e as Error).message}`, module);
  }
  const list = m.strategies ?? (m.default === undefined ? undefined : [m.default]);
  if (!Array.isArray(list)) throw new InputError('--strategies', 'expected the module to export `strategies` (a list of strategies) or a default strategy', module);
  return list.map((s, i) => checked(s, `strategies[${i}]`, module));
}
