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
  let spare: number | undefined; // Box–Muller makes two normals at a time
  return {
    next,
    normal() {
      if (spare !== undefined) {
        const z = spare;
        spare = undefined;
        return z;
      }
      const r = Math.sqrt(-2 * Math.log(1 - next()));
      const t = 2 * Math.PI * next();
      spare = r * Math.sin(t);
      return r * Math.cos(t);
    },
    int: (n: number) => Math.floor(next() * n),
  };
}
