/**
 * Seeded random streams. One run seed is split into named, independent streams (per agent class,
 * per subnet) so that adding a consumer to one stream never shifts the numbers another sees.
 */
import seedrandom from 'seedrandom';
import { NORMALS_WASM } from './normals.wasm.gen.js';
import { instantiate, reserve, WASM_ARENA_BASE } from './wasm.js';

export interface Stream {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** `count` standard normals at once (improved ziggurat, asm/normals.ts): a different method from `normal`, for bulk draws. */
  normals(count: number): Float64Array;
  /** Writes the generator's state (s0, s1, s2, c) to `to`, for a WebAssembly kernel that continues the stream (asm/ziggurat.ts). */
  saveState(to: Float64Array): void;
  /** Goes on from a state a kernel handed back. */
  loadState(from: Float64Array): void;
}

type Alea = ReturnType<typeof seedrandom.alea> & { state(): AleaState };
interface AleaState {
  s0: number;
  s1: number;
  s2: number;
  c: number;
}

export function stream(seed: number | string, name: string): Stream {
  return new AleaStream(seedrandom.alea(`${seed}/${name}`, { state: true }) as Alea);
}

interface NormalsExports {
  normals(count: number, out: number, state: number): void;
  uniforms(count: number, out: number, state: number): void;
}
let kernels: ReturnType<typeof instantiate<NormalsExports>> | undefined;
const STATE_AT = WASM_ARENA_BASE;
const OUT_AT = WASM_ARENA_BASE + 64;

/**
 * Runs a bulk kernel from an Alea state: the kernel continues the generator exactly (same
 * uniforms as seedrandom), and the state comes back for the stream to go on from.
 */
function bulk(kind: 'normals' | 'uniforms', count: number, from: AleaState): { out: Float64Array; state: AleaState } {
  const x = (kernels ??= instantiate<NormalsExports>(NORMALS_WASM, 'normals'));
  reserve(x.memory, OUT_AT + 8 * count);
  const st = new Float64Array(x.memory.buffer, STATE_AT, 4);
  st[0] = from.s0;
  st[1] = from.s1;
  st[2] = from.s2;
  st[3] = from.c;
  x[kind](count, OUT_AT, STATE_AT);
  return { out: new Float64Array(x.memory.buffer, OUT_AT, count), state: { s0: st[0]!, s1: st[1]!, s2: st[2]!, c: st[3]! } };
}

/** `count` uniforms drawn in WebAssembly from a stream's state: the test that the port is exact. */
export function bulkUniforms(seed: string, count: number): Float64Array {
  return bulk('uniforms', count, (seedrandom.alea(seed, { state: true }) as Alea).state()).out.slice();
}

/**
 * One class for every stream, so that calls in loops see one method and can be inlined,
 * whichever stream they draw from.
 */
class AleaStream implements Stream {
  /** Box–Muller makes two normals at a time: the second waits here. */
  private spare: number | undefined = undefined;
  constructor(private prng: Alea) {}
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
  normals(count: number): Float64Array {
    const { out, state } = bulk('normals', count, this.prng.state());
    this.prng = seedrandom.alea('', { state }) as Alea;
    return out.slice(); // a copy: kernel memory is reused, and reads of its views measured 2× slower
  }
  saveState(to: Float64Array): void {
    const { s0, s1, s2, c } = this.prng.state();
    to[0] = s0;
    to[1] = s1;
    to[2] = s2;
    to[3] = c;
  }
  loadState(from: Float64Array): void {
    this.prng = seedrandom.alea('', { state: { s0: from[0]!, s1: from[1]!, s2: from[2]!, c: from[3]! } }) as Alea;
  }
}
