/** The built-in validators' weight rows are already in the form the chain stores, drawn as documented. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { weightRows, weightRowUids, type WeightObservation } from '../../../src/agents/population.js';
import { stream } from '../../../src/core/rng.js';
import { vecU16MaxUpscaleToU16 } from '../../../src/math/upscale.js';

/** The rows as population.ts documents them, from the stream's own bulk normals (the oracle). */
function expectedRows(obs: WeightObservation, z: Float64Array, validators: number): number[][] {
  const m = obs.quality.length;
  const minerShare = obs.ownerFraction >= 1 ? 0 : 1;
  return Array.from({ length: validators }, (_, v) => {
    const seen = obs.quality.map((q, k) => Math.max(q + obs.noise * z[v * m + k]!, 0));
    const total = seen.reduce((a, b) => a + b, 0);
    const raw = seen.map((x) => minerShare * x);
    if (obs.ownerFraction > 0) raw.unshift(total > 0 && obs.ownerFraction < 1 ? (total * obs.ownerFraction) / (1 - obs.ownerFraction) : 1);
    const max = Math.max(0, ...raw);
    return raw.map((r) => {
      const y = r * (65535 / max) + 0.5;
      return max > 0 && !Number.isNaN(y) ? Math.min(65535, Math.floor(y)) : 0;
    });
  });
}

describe('weightRows', () => {
  it('is a fixed point of the chain max-upscale, with the owner uid first, drawn from the stream as documented', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 40 }),
        fc.constantFrom(0, 0.2, 0.99, 1),
        fc.constantFrom(0, 0.05, 2),
        fc.nat(),
        fc.integer({ min: 1, max: 4 }),
        (quality, ownerFraction, noise, seed, validators) => {
          const obs = { minerUids: quality.map((_, k) => k + 1), quality, ownerUid: 0, ownerFraction, noise };
          const rng = stream(seed, 'w');
          const rows = weightRows(obs, rng, validators);
          const oracle = stream(seed, 'w');
          const z = oracle.normals(validators * quality.length);
          expect(rows.map((r) => Array.from(r))).toEqual(expectedRows(obs, z, validators));
          // the stream goes on where the kernel stopped
          expect(rng.next()).toBe(oracle.next());
          const uids = weightRowUids(obs);
          if (ownerFraction > 0) expect(uids[0]).toBe(0);
          expect(rows.length).toBe(validators);
          for (const values of rows) {
            expect(values.length).toBe(uids.length);
            expect(vecU16MaxUpscaleToU16(Array.from(values))).toEqual(Array.from(values));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
