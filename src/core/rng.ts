/**
 * Seeded random streams. One run seed is split into named, independent streams (per agent class,
 * per subnet) so that adding a consumer to one stream never shifts the numbers another sees.
 */
import seedrandom from 'seedrandom';

export interface Stream {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Integer in [0, n). */
  int(n: number): number;
}

export function stream(seed: number | string, name: string): Stream {
  const prng = seedrandom.alea(`${seed}/${name}`);
  const next = (): number => prng();
  return {
    next,
    normal() {
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    int: (n: number) => Math.floor(next() * n),
  };
}
