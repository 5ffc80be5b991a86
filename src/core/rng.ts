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
  return new AleaStream(seedrandom.alea(`${seed}/${name}`));
}

/**
 * One class for every stream, so that the calls in hot loops (a validator's weight row draws one
 * normal per miner) see one method and can be inlined, whichever stream they draw from.
 */
class AleaStream implements Stream {
  /** Box–Muller makes two normals at a time: the second waits here. */
  private spare: number | undefined = undefined;
  constructor(private readonly prng: () => number) {}
  next(): number {
    return this.prng();
  }
  normal(): number {
    const z = this.spare;
    if (z !== undefined) {
      this.spare = undefined;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - this.prng()));
    const t = 2 * Math.PI * this.prng();
    this.spare = r * Math.sin(t);
    return r * Math.cos(t);
  }
  int(n: number): number {
    return Math.floor(this.prng() * n);
  }
}
