/** The built-in validators' weight rows are already in the form the chain stores. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { weightRows, weightRowUids } from '../../../src/agents/population.js';
import { stream } from '../../../src/core/rng.js';
import { vecU16MaxUpscaleToU16 } from '../../../src/math/upscale.js';

describe('weightRows', () => {
  it('is a fixed point of the chain max-upscale, with the owner uid first', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 40 }),
        fc.constantFrom(0, 0.2, 0.99, 1),
        fc.constantFrom(0, 0.05, 2),
        fc.nat(),
        fc.integer({ min: 1, max: 4 }),
        (quality, ownerFraction, noise, seed, validators) => {
          const obs = { minerUids: quality.map((_, k) => k + 1), quality, ownerUid: 0, ownerFraction, noise };
          const z = stream(seed, 'w').normals(validators * quality.length).slice();
          const rows = weightRows(obs, z, validators);
          const uids = weightRowUids(obs);
          if (ownerFraction > 0) expect(uids[0]).toBe(0);
          expect(rows.length).toBe(validators);
          rows.forEach((values, v) => {
            expect(values.length).toBe(uids.length);
            expect(vecU16MaxUpscaleToU16(Array.from(values))).toEqual(Array.from(values));
            // row v saw its own noise: rebuilding it alone gives the same values
            expect(Array.from(weightRows(obs, z.subarray(v * quality.length), 1)[0]!)).toEqual(Array.from(values));
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
