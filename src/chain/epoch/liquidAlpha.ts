/**
 * Liquid alpha: per-(validator, miner) bond EMA rate of Yuma3.
 * Mirrors subtensor pallets/subtensor/src/epoch/run_epoch.rs `alpha_sigmoid` (1505) and
 * `compute_liquid_alpha_values_sparse` (1435); shared/spec/yuma.md §3.3.1–3.3.2.
 *
 *   buy  = clamp(w − c, 0, 1),  sell = clamp(b − w, 0, 1),  d = buy if w ≥ b else sell
 *   σ    = 1 / (1 + exp_safe((steepness / −100) · (d − 0.5)))
 *   α_ij = clamp(α_low + σ·(α_high − α_low), α_low, α_high)
 *
 * The chain looks w and b up with a forward-only merge walk that assumes rows sorted by
 * column: an entry is seen only if its column exceeds every column before it in the row.
 */
import { I32F32, satAdd, satDiv as satDivBig } from '../../core/fixed.js';
import { expSafe } from '../../math/exp.js';
import { fromF64, fromInt, mul, ONE, satDiv } from '../../math/q32.js';
import type { SparseRow } from '../../math/sparse.js';

const HALF = fromF64(0.5);
const clamp = (v: number, lo: number, hi: number): number => Math.max(Math.min(v, hi), lo);

export class AlphaSigmoid {
  private readonly k: number;
  private readonly sigmoidCache = new Map<number, number>();

  constructor(
    private readonly alphaLow: number,
    private readonly alphaHigh: number,
    steepness: number,
  ) {
    this.k = satDiv(fromInt(steepness), fromInt(-100));
  }

  private sigmoid(x: number): number {
    let s = this.sigmoidCache.get(x);
    if (s === undefined) {
      const one = BigInt(ONE);
      s = Number(satDivBig(I32F32, one, satAdd(I32F32, one, expSafe(BigInt(x)))));
      this.sigmoidCache.set(x, s);
    }
    return s;
  }

  /** α for consensus c, weight w, bond b (all raw I32F32). */
  alpha(c: number, w: number, b: number): number {
    const buy = clamp(w - c, 0, ONE);
    const sell = clamp(b - w, 0, ONE);
    const d = w >= b ? buy : sell;
    const sig = this.sigmoid(mul(this.k, d - HALF));
    return clamp(this.alphaLow + mul(sig, this.alphaHigh - this.alphaLow), this.alphaLow, this.alphaHigh);
  }
}

/** Entries the chain's forward-only walk can see: column → value. */
export function visibleEntries(row: SparseRow | undefined): Map<number, number> {
  const seen = new Map<number, number>();
  if (!row) return seen;
  let max = -1;
  for (let t = 0; t < row.j.length; t++) {
    const c = row.j[t]!;
    if (c > max) {
      seen.set(c, row.v[t]!);
      max = c;
    }
  }
  return seen;
}
