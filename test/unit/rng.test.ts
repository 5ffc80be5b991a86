/** Seeded streams: reproducible, independent by name, and standard normals that look normal. */
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { bulkUniforms, stream } from '../../src/core/rng.js';

describe('rng streams', () => {
  it('the same seed and name give the same numbers; another name or seed, others', () => {
    const a = stream(1, 'x');
    const b = stream(1, 'x');
    const xs = Array.from({ length: 50 }, () => a.normal());
    expect(Array.from({ length: 50 }, () => b.normal())).toEqual(xs);
    expect(stream(1, 'y').next()).not.toBe(stream(1, 'x').next());
    expect(stream(2, 'x').next()).not.toBe(stream(1, 'x').next());
  });
  it('normal() has mean ≈ 0 and variance ≈ 1; int(n) stays in [0, n)', () => {
    const s = stream(7, 'normal');
    const xs = Array.from({ length: 20000 }, () => s.normal());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    expect(Array.from({ length: 1000 }, () => s.int(7)).every((k) => k >= 0 && k < 7 && Number.isInteger(k))).toBe(true);
  });
});

describe('bulk normals (WebAssembly ziggurat)', () => {
  it('its Alea is seedrandom\'s, to the bit, from any seed', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 300 }), (seed, count) => {
        const js = seedrandom.alea(seed);
        expect(Array.from(bulkUniforms(seed, count))).toEqual(Array.from({ length: count }, () => js()));
      }),
      { numRuns: 200 },
    );
  });
  it('a stream carries its state across calls and back to its JavaScript draws', () => {
    const a = stream(3, 'z');
    const b = stream(3, 'z');
    const whole = Array.from(a.normals(700));
    const parts = [...Array.from(b.normals(300)), ...Array.from(b.normals(400))];
    expect(parts).toEqual(whole);
    expect(b.next()).toBe(a.next());
    expect(Array.from(stream(3, 'z').normals(50))).not.toEqual(Array.from(stream(4, 'z').normals(50)));
  });
  it('are standard normal: moments and the CDF at fixed points, tails included', () => {
    const n = 400_000;
    const xs = stream(11, 'zig').normals(n).slice();
    let mean = 0;
    for (const x of xs) mean += x / n;
    let variance = 0;
    for (const x of xs) variance += (x - mean) ** 2 / n;
    expect(Math.abs(mean)).toBeLessThan(0.006);
    expect(Math.abs(variance - 1)).toBeLessThan(0.01);
    // Φ(x) from standard tables (to their last digit); within five standard errors of each proportion
    const phi: [number, number][] = [[-3.5, 0.000233], [-3, 0.0013499], [-2, 0.0227501], [-1, 0.1586553], [-0.5, 0.3085375], [0, 0.5], [0.5, 0.6914625], [1, 0.8413447], [2, 0.9772499], [3, 0.9986501], [3.5, 0.999767]];
    for (const [x, p] of phi) {
      let below = 0;
      for (const v of xs) if (v < x) below++;
      expect(Math.abs(below / n - p), `Φ(${x})`).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n) + 5e-7);
    }
  });
});
