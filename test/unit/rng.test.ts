/** Seeded streams: reproducible, independent by name, and standard normals that look normal. */
import { describe, expect, it } from 'vitest';
import { stream } from '../../src/core/rng.js';

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
