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

/**
 * A validator's weight row: each miner's quality seen through N(0, σ) noise (floored at 0),
 * scaled to u16 with the largest at 65535; plus the owner's uid at `ownerFraction` of the row.
 */
export function weightRow(obs: WeightObservation, rng: Stream): { uids: number[]; values: number[] } {
  const m = obs.minerUids.length;
  const withOwner = obs.ownerFraction > 0 ? 1 : 0;
  const uids = new Array<number>(m + withOwner);
  const raw = new Array<number>(m + withOwner);
  let total = 0;
  for (let k = 0; k < m; k++) {
    const seen = Math.max(0, obs.quality[k]! + obs.noise * rng.normal());
    uids[k + withOwner] = obs.minerUids[k]!;
    raw[k + withOwner] = obs.ownerFraction >= 1 ? 0 : seen;
    total += seen;
  }
  if (withOwner) {
    uids[0] = obs.ownerUid;
    raw[0] = total > 0 && obs.ownerFraction < 1 ? (total * obs.ownerFraction) / (1 - obs.ownerFraction) : 1;
  }
  let max = 0;
  for (const x of raw) if (x > max) max = x;
  const values = new Array<number>(raw.length);
  for (let k = 0; k < raw.length; k++) values[k] = max > 0 ? Math.round((raw[k]! / max) * 65535) : 0;
  return { uids, values };
}
