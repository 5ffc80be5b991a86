/** The built-in validators' weight rows are already in the form the chain stores. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { weightRow, weightRowUids } from '../../../src/agents/population.js';
import { stream } from '../../../src/core/rng.js';
import { vecU16MaxUpscaleToU16 } from '../../../src/math/upscale.js';

describe('weightRow', () => {
  it('is a fixed point of the chain max-upscale, with the owner uid first', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 40 }),
        fc.constantFrom(0, 0.2, 0.99, 1),
        fc.constantFrom(0, 0.05, 2),
        fc.nat(),
        (quality, ownerFraction, noise, seed) => {
          const obs = { minerUids: quality.map((_, k) => k + 1), quality, ownerUid: 0, ownerFraction, noise };
          const values = weightRow(obs, stream(seed, 'w'));
          const uids = weightRowUids(obs);
          expect(values.length).toBe(uids.length);
          if (ownerFraction > 0) expect(uids[0]).toBe(0);
          expect(vecU16MaxUpscaleToU16(Array.from(values))).toEqual(Array.from(values));
        },
      ),
      { numRuns: 500 },
    );
  });
});
