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

/** The miners' seen quality, one row at a time (a typed array allocated per row measured ~1.7 µs). */
let seenScratch = new Float64Array(0);

/**
 * The weight rows of `validators` validators, values for `weightRowUids(obs)`: each miner's
 * quality seen through N(0, σ) noise (`z`: one standard normal per validator × miner, row after
 * row; floored at 0), scaled to u16 with the largest at 65535; plus the owner's uid at
 * `ownerFraction` of the row. Each row is already in stored form: its maximum is 65535 (or every
 * value is 0), so the chain's max-upscale leaves it unchanged. The rows are views on one array.
 */
export function weightRows(obs: WeightObservation, z: ArrayLike<number>, validators: number): Uint16Array[] {
  const m = obs.minerUids.length;
  const owner = obs.ownerFraction > 0 ? 1 : 0;
  const len = m + owner;
  if (seenScratch.length < len) seenScratch = new Float64Array(len);
  const raw = seenScratch;
  const quality = Float64Array.from(obs.quality);
  const { noise } = obs;
  const minerShare = obs.ownerFraction >= 1 ? 0 : 1;
  const all = new Uint16Array(validators * len);
  const rows: Uint16Array[] = [];
  for (let v = 0; v < validators; v++) {
    let total = 0;
    let max = 0;
    const base = v * m;
    for (let k = 0; k < m; k++) {
      const x = quality[k]! + noise * z[base + k]!;
      const seen = x > 0 ? x : 0;
      const r = minerShare * seen;
      raw[k + owner] = r;
      total += seen;
      max = r > max ? r : max;
    }
    if (owner) {
      raw[0] = total > 0 && obs.ownerFraction < 1 ? (total * obs.ownerFraction) / (1 - obs.ownerFraction) : 1;
      max = raw[0]! > max ? raw[0]! : max;
    }
    const values = all.subarray(v * len, (v + 1) * len);
    if (max > 0) {
      const scale = 65535 / max;
      // round half up; `| 0` (the values are below 65536) instead of Math.round, measured 5 ns an entry
      for (let k = 0; k < len; k++) values[k] = (raw[k]! * scale + 0.5) | 0;
    }
    rows.push(values);
  }
  return rows;
}
