/**
 * The optional `sweep:` section of a scenario file (what `taosim sweep` runs when the command line
 * does not say): `set` (lists whose product is the grid), `zip` (lists paired element by element)
 * and `seeds` (a count N, a range "a..b", or a list). `taosim run` ignores the section; it is not
 * part of the scenario hash. Keys are dotted scenario key paths, as `--set` takes them.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { InputError } from '../core/errors.js';
import { parseScenarioText } from './load.js';
import { formatPath } from './schema.js';

export interface SweepSection {
  readonly set: ReadonlyArray<readonly [string, readonly unknown[]]>;
  readonly zip: ReadonlyArray<readonly [string, readonly unknown[]]>;
  readonly seeds?: readonly number[];
}

const MAX_SEED = 2 ** 32 - 1;
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const lists = z.record(z.string().regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, 'a dotted scenario key path'), z.array(scalar).min(1));
const seedInt = z.number().int().min(0).max(MAX_SEED);
const section = z.strictObject({
  set: lists.optional(),
  zip: lists.optional(),
  seeds: z.union([z.number().int().min(1).max(1_000_000), z.string(), z.array(seedInt).min(1)]).optional(),
});

/** `a..b` (inclusive, a ≤ b) → [a, …, b]; anything else undefined. */
export function seedRange(text: string): number[] | undefined {
  const m = /^(\d+)\.\.(\d+)$/.exec(text.trim());
  if (m === null) return undefined;
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (!(a <= b && b <= MAX_SEED && b - a < 1_000_000)) return undefined;
  return Array.from({ length: b - a + 1 }, (_, k) => a + k);
}

/** The file's `sweep:` section, or undefined when it has none. `baseSeed` turns a count into seeds. */
export function readSweepSection(file: string, baseSeed: number): SweepSection | undefined {
  const doc = parseScenarioText(readFileSync(file, 'utf8'), file) as Record<string, unknown> | null;
  if (doc === null || typeof doc !== 'object' || !('sweep' in doc)) return undefined;
  const r = section.safeParse(doc.sweep);
  if (!r.success) {
    const iss = r.error.issues[0]!;
    throw new InputError(formatPath(['sweep', ...iss.path]), iss.message, file);
  }
  const s = r.data;
  let seeds: number[] | undefined;
  if (typeof s.seeds === 'number') seeds = Array.from({ length: s.seeds }, (_, k) => baseSeed + k);
  else if (typeof s.seeds === 'string') {
    seeds = seedRange(s.seeds);
    if (seeds === undefined) throw new InputError('sweep.seeds', `expected a count, a range "a..b" (a ≤ b) or a list of seeds (got "${s.seeds}")`, file);
  } else if (s.seeds !== undefined) seeds = [...s.seeds];
  return { set: Object.entries(s.set ?? {}), zip: Object.entries(s.zip ?? {}), ...(seeds ? { seeds } : {}) };
}
