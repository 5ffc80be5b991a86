/**
 * The built-in population (until the agents issue): validators with a stake distribution, who
 * weight miners by a noisy view of the miners' fixed quality, and static nominators. Policies are
 * observation → actions; they never touch the world.
 *
 * Validators also put a fixed fraction of their weight on the subnet owner's uid 0: that is how
 * owners withhold miner emission on mainnet (MinerBurned), and it keeps a snapshot's MinerBurned
 * roughly where the snapshot had it.
 */
import type { Stream } from '../core/rng.js';
import type { Population } from '../scenario/types.js';
import { instantiate, reserve, WASM_ARENA_BASE } from '../core/wasm.js';
import { WEIGHTS_WASM } from './weights.wasm.gen.js';

export type Role = 'owner' | 'validator' | 'miner';

/** The k-th built-in validator's keys: one hotkey registered on every subnet that has a k-th validator. */
export const validatorHotkey = (k: number): string => `validator-${k}`;
export const validatorColdkey = (k: number): string => `validator-ck-${k}`;

/** The built-in population of one subnet, by uid: who each neuron is (not chain storage). */
export interface BuiltinSubnet {
  readonly spec: Population;
  /** Weight fraction validators give the owner's uid 0 (keeps MinerBurned near the start value). */
  readonly ownerFraction: number;
  readonly roles: readonly Role[];
  /** Miners' true quality in [0, 1]; 0 for the others. */
  readonly quality: readonly number[];
}

export type StakeShape =
  | { readonly kind: 'equal' }
  | { readonly kind: 'pareto'; readonly shape: number }
  | { readonly kind: 'lognormal'; readonly sigma: number };

export type QualityShape =
  | { readonly kind: 'uniform'; readonly low: number; readonly high: number }
  | { readonly kind: 'beta'; readonly a: number; readonly b: number }
  | { readonly kind: 'constant'; readonly value: number };

/** Relative stake weights of `count` validators (float64: behaviour, turned into rao by allocate). */
export function stakeWeights(shape: StakeShape, count: number, rng: Stream): number[] {
  return Array.from({ length: count }, () => {
    switch (shape.kind) {
      case 'equal':
        return 1;
      case 'pareto':
        return Math.pow(1 - rng.next(), -1 / shape.shape);
      case 'lognormal':
        return Math.exp(shape.sigma * rng.normal());
    }
  });
}

function gammaSample(a: number, rng: Stream): number {
  // Marsaglia–Tsang; for a < 1 boost with U^(1/a)
  if (a < 1) return gammaSample(a + 1, rng) * Math.pow(rng.next(), 1 / a);
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    const v = Math.pow(1 + c * x, 3);
    if (v <= 0) continue;
    if (Math.log(1 - rng.next()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

export function minerQualities(shape: QualityShape, count: number, rng: Stream): number[] {
  return Array.from({ length: count }, () => {
    switch (shape.kind) {
      case 'constant':
        return shape.value;
      case 'uniform':
        return shape.low + (shape.high - shape.low) * rng.next();
      case 'beta': {
        const x = gammaSample(shape.a, rng);
        return x / (x + gammaSample(shape.b, rng));
      }
    }
  });
}

/** What a validator sees when it sets weights. */
export interface WeightObservation {
  /** Uids of the miners and their true quality. */
  readonly minerUids: readonly number[];
  readonly quality: readonly number[];
  /** Uid of the owner's hotkey (0) and the fraction of weight it gets. */
  readonly ownerUid: number;
  readonly ownerFraction: number;
  readonly noise: number;
}

/** The uids of a weight row, in row order: the owner's first (if it gets weight), then the miners. */
export function weightRowUids(obs: WeightObservation): Int32Array {
  const owner = obs.ownerFraction > 0 ? 1 : 0;
  const uids = new Int32Array(obs.minerUids.length + owner);
  if (owner) uids[0] = obs.ownerUid;
  uids.set(obs.minerUids, owner);
  return uids;
}

interface WeightKernel {
  weightRows(validators: number, m: number, owner: number, ownerFraction: number, noise: number, quality: number, raw: number, out: number, state: number): void;
}
let kernel: ReturnType<typeof instantiate<WeightKernel>> | undefined;

/**
 * The weight rows of `validators` validators, values for `weightRowUids(obs)`: each miner's
 * quality seen through N(0, σ) noise (one standard normal from `rng` per validator × miner, row
 * after row; floored at 0), scaled to u16 with the largest at 65535; plus the owner's uid at
 * `ownerFraction` of the row. Each row is already in stored form: its maximum is 65535 (or every
 * value is 0), so the chain's max-upscale leaves it unchanged. Computed in WebAssembly
 * (asm/weights.ts: the formulas), which continues `rng`; the rows are views on one array.
 */
export function weightRows(obs: WeightObservation, rng: Stream, validators: number): Uint16Array[] {
  const x = (kernel ??= instantiate<WeightKernel>(WEIGHTS_WASM, 'weights'));
  const m = obs.minerUids.length;
  const owner = obs.ownerFraction > 0 ? 1 : 0;
  const len = m + owner;
  const state = WASM_ARENA_BASE;
  const quality = state + 32;
  const raw = quality + 8 * m;
  const out = raw + 8 * len;
  reserve(x.memory, out + 2 * validators * len);
  const f64 = new Float64Array(x.memory.buffer);
  f64.set(obs.quality, quality / 8);
  rng.saveState(f64.subarray(state / 8, state / 8 + 4));
  x.weightRows(validators, m, owner, obs.ownerFraction, obs.noise, quality, raw, out, state);
  rng.loadState(f64.subarray(state / 8, state / 8 + 4));
  const all = new Uint16Array(x.memory.buffer, out, validators * len).slice();
  return Array.from({ length: validators }, (_, v) => all.subarray(v * len, (v + 1) * len));
}
