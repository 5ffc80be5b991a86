/**
 * Vector and sparse-matrix kernels of the Yuma epoch, over I32F32 raw numbers (./q32.ts).
 * Mirrors subtensor pallets/subtensor/src/epoch/math.rs (HEAD 14bc6f9f9; line numbers from
 * shared/spec/yuma.md appendix). A sparse row keeps the chain's entry order, explicit zeros
 * included: the order and the zeros change results (yuma.md §1.7, §3.3.2, §3.3.4).
 *
 * Rows built here are typed arrays, filled by index in plain loops: the epoch makes ~10 passes
 * over every weight, and this keeps them free of per-entry allocation.
 */
import { mul, safeDiv } from './q32.js';

export interface SparseRow {
  readonly j: ArrayLike<number>;
  readonly v: ArrayLike<number>;
}
export type SparseMatrix = SparseRow[];

const EMPTY_J = new Int32Array(0);
const EMPTY_V = new Float64Array(0);
export const emptyRow = (): SparseRow => ({ j: EMPTY_J, v: EMPTY_V });

/** A row under construction: capacity `cap`, finished at its filled length. */
class RowBuilder {
  readonly j: Int32Array;
  readonly v: Float64Array;
  k = 0;
  constructor(cap: number) {
    this.j = new Int32Array(cap);
    this.v = new Float64Array(cap);
  }
  push(c: number, x: number): void {
    this.j[this.k] = c;
    this.v[this.k++] = x;
  }
  done(): SparseRow {
    return this.k === 0 ? emptyRow() : { j: this.j.subarray(0, this.k), v: this.v.subarray(0, this.k) };
  }
}

const sum = (x: ArrayLike<number>): number => {
  let s = 0;
  for (let t = 0; t < x.length; t++) s += x[t]!;
  return s;
};

/** inplace_normalize (math.rs:254): x_i / Σx, truncating; Σx = 0 → unchanged. */
export function normalize(x: readonly number[]): number[] {
  const s = sum(x);
  if (s === 0) return x.slice();
  const out = new Array<number>(x.length);
  for (let i = 0; i < x.length; i++) out[i] = safeDiv(x[i]!, s);
  return out;
}

/**
 * is_topk_nonzero (math.rs:227): start from x_i ≠ 0; if n < k return that; else stable-sort
 * ascending and clear the first n − k (ties: the lower index loses).
 */
export function isTopkNonzero(x: readonly number[], k: number): boolean[] {
  const res = x.map((v) => v !== 0);
  const n = x.length;
  if (n < k) return res;
  const idx = x.map((_, i) => i).sort((a, b) => x[a]! - x[b]! || a - b);
  for (let t = 0; t < n - k; t++) res[idx[t]!] = false;
  return res;
}

/**
 * weighted_median (math.rs:975): deterministic quickselect whose pivot is the middle element
 * of the current index list; returns the smallest score whose cumulative stake exceeds
 * `minority`.
 */
export function weightedMedian(
  stake: readonly number[],
  score: readonly number[],
  partition: readonly number[],
  minority: number,
  lo0: number,
  hi0: number,
): number {
  let cur = partition as number[];
  let lo = lo0;
  let hi = hi0;
  const limit = partition.length;
  for (let it = 0; ; it++) {
    const n = cur.length;
    if (n === 0) return 0;
    if (n === 1) return score[cur[0]!]!;
    const pivot = score[cur[n >> 1]!]!;
    let loStake = 0;
    let hiStake = 0;
    const lower: number[] = [];
    const upper: number[] = [];
    for (const idx of cur) {
      const s = score[idx]!;
      if (s === pivot) continue;
      if (s < pivot) {
        loStake += stake[idx]!;
        lower.push(idx);
      } else {
        hiStake += stake[idx]!;
        upper.push(idx);
      }
    }
    if (minority < lo + loStake && lower.length > 0) {
      cur = lower;
      hi = lo + loStake;
    } else if (hi - hiStake <= minority && upper.length > 0) {
      cur = upper;
      lo = hi - hiStake;
    } else return pivot;
    if (it + 1 > limit) return 0;
  }
}

/**
 * The weighted median in closed form: the smallest score whose cumulative stake (over scores
 * ≤ it) exceeds `minority`; the largest score if none does; 0 for no rows. Equal to the chain's
 * quickselect (`weightedMedian`) because every partial sum is an exact fixed-point addition
 * (yuma.md §2.1), so any order of summation gives the same answer; a property test checks the
 * two agree. Found by an in-place three-way weighted selection over scratch arrays (O(m)).
 */
export function weightedMedianSelect(score: Float64Array, stake: Float64Array, m: number, minority: number): number {
  if (m === 0) return 0;
  let max = score[0]!;
  for (let t = 1; t < m; t++) if (score[t]! > max) max = score[t]!;
  let lo = 0;
  let hi = m;
  let below = 0; // stake of scores known to be smaller than every score in [lo, hi)
  while (lo < hi) {
    const pivot = score[(lo + hi) >> 1]!;
    // Dutch-flag partition of [lo, hi): < pivot | = pivot | > pivot
    let lt = lo;
    let i = lo;
    let gt = hi;
    let sLess = 0;
    let sEq = 0;
    while (i < gt) {
      const x = score[i]!;
      if (x < pivot) {
        sLess += stake[i]!;
        swap(score, stake, lt++, i++);
      } else if (x > pivot) {
        swap(score, stake, i, --gt);
      } else {
        sEq += stake[i]!;
        i++;
      }
    }
    if (below + sLess > minority) {
      if (lt === lo) return pivot; // nothing smaller: the pivot is the range's least score
      hi = lt;
    } else if (below + sLess + sEq > minority) return pivot;
    else {
      below += sLess + sEq;
      lo = gt;
    }
  }
  return max;
}

function swap(a: Float64Array, b: Float64Array, i: number, j: number): void {
  const x = a[i]!;
  a[i] = a[j]!;
  a[j] = x;
  const y = b[i]!;
  b[i] = b[j]!;
  b[j] = y;
}

/**
 * weighted_median_col_sparse (math.rs:1121): rows with stake > 0 only, their stake
 * renormalised; a row without an entry in column j votes 0 for j.
 */
export function weightedMedianColSparse(
  stake: readonly number[],
  score: SparseMatrix,
  columns: number,
  majority: number,
): number[] {
  const rows: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < stake.length; i++) {
    if (stake[i]! > 0) {
      rows.push(i);
      raw.push(stake[i]!);
    }
  }
  const useStake = normalize(raw);
  const minority = sum(useStake) - majority;
  const m = rows.length;
  // column-major scores: cols[c·m + k] = W[rows[k]][c]; a column nobody weights has median 0
  const cols = new Float64Array(columns * m);
  const touched = new Uint8Array(columns);
  for (let k = 0; k < m; k++) {
    const r = score[rows[k]!];
    if (!r) continue;
    for (let t = 0; t < r.j.length; t++) {
      const c = r.j[t]!;
      const x = r.v[t]!;
      if (c < columns && x !== 0) {
        cols[c * m + k] = x;
        touched[c] = 1;
      }
    }
  }
  const stakes = Float64Array.from(useStake);
  const scratch = new Float64Array(m);
  const out = new Array<number>(columns).fill(0);
  for (let c = 0; c < columns; c++) {
    if (!touched[c]) continue;
    scratch.set(stakes);
    out[c] = weightedMedianSelect(cols.subarray(c * m, (c + 1) * m), scratch, m, minority);
  }
  return out;
}

/** row_sum_sparse (math.rs:347). */
export function rowSum(m: SparseMatrix): number[] {
  const out = new Array<number>(m.length);
  for (let i = 0; i < m.length; i++) out[i] = sum(m[i]!.v);
  return out;
}

function colSums(m: SparseMatrix, n: number, max: boolean): Float64Array {
  const cs = new Float64Array(n);
  for (const r of m) {
    for (let t = 0; t < r.j.length; t++) {
      const c = r.j[t]!;
      if (c >= n) continue;
      const x = r.v[t]!;
      if (max) {
        if (cs[c]! < x) cs[c] = x;
      } else cs[c] = cs[c]! + x;
    }
  }
  return cs;
}

function divideByCol(m: SparseMatrix, n: number, d: Float64Array): SparseMatrix {
  return m.map((r) => {
    const len = r.j.length;
    if (len === 0) return emptyRow();
    const v = new Float64Array(len);
    for (let t = 0; t < len; t++) {
      const c = r.j[t]!;
      const x = r.v[t]!;
      v[t] = c < n && d[c] !== 0 ? safeDiv(x, d[c]!) : x;
    }
    return { j: r.j, v };
  });
}

/** inplace_col_normalize_sparse (math.rs:355): each entry / its column sum (0-sum columns kept). */
export const colNormalize = (m: SparseMatrix, n: number): SparseMatrix => divideByCol(m, n, colSums(m, n, false));

/** inplace_col_max_upscale_sparse (math.rs:420): each entry / its column max. */
export const colMaxUpscale = (m: SparseMatrix, n: number): SparseMatrix => divideByCol(m, n, colSums(m, n, true));

/** col_clip_sparse (math.rs:921): min(w, c_j); an entry above c_j ≤ 0 is removed. */
export function colClip(m: SparseMatrix, c: readonly number[]): SparseMatrix {
  return m.map((r) => {
    const b = new RowBuilder(r.j.length);
    for (let t = 0; t < r.j.length; t++) {
      const col = r.j[t]!;
      const th = c[col] ?? 0;
      const x = r.v[t]!;
      if (th < x) {
        if (th > 0) b.push(col, th);
      } else b.push(col, x);
    }
    return b.done();
  });
}

/** matmul_sparse (math.rs:861): R_j = Σ_i ⌊x_i · m_ij⌋. */
export function matmul(m: SparseMatrix, x: readonly number[], n: number): number[] {
  const res = new Array<number>(n).fill(0);
  for (let i = 0; i < m.length; i++) {
    const r = m[i]!;
    const s = x[i] ?? 0;
    for (let t = 0; t < r.j.length; t++) {
      const c = r.j[t]!;
      if (c < n) res[c] = res[c]! + mul(s, r.v[t]!);
    }
  }
  return res;
}

/** matmul_transpose_sparse (math.rs:883): D_i = Σ_j ⌊x_j · m_ij⌋. */
export function matmulTranspose(m: SparseMatrix, x: readonly number[]): number[] {
  const out = new Array<number>(m.length);
  for (let i = 0; i < m.length; i++) {
    const r = m[i]!;
    let acc = 0;
    for (let t = 0; t < r.j.length; t++) acc += mul(x[r.j[t]!] ?? 0, r.v[t]!);
    out[i] = acc;
  }
  return out;
}

/** row_hadamard_sparse (math.rs:767): m_ij · x_i. */
export const rowHadamard = (m: SparseMatrix, x: readonly number[]): SparseMatrix =>
  m.map((r, i) => {
    const v = new Float64Array(r.v.length);
    for (let t = 0; t < v.length; t++) v[t] = mul(r.v[t]!, x[i]!);
    return { j: r.j, v };
  });

/**
 * mat_vec_mul_sparse then row_sum_sparse (math.rs:1332, 347): t_i = Σ_j ⌊m_ij · x_j⌋ over
 * j < |x| (the chain drops zero products before summing, which leaves the sum unchanged).
 */
export function matVecMulRowSum(m: SparseMatrix, x: readonly number[]): number[] {
  const out = new Array<number>(m.length);
  for (let i = 0; i < m.length; i++) {
    const r = m[i]!;
    let acc = 0;
    for (let t = 0; t < r.j.length; t++) {
      const c = r.j[t]!;
      if (c < x.length) acc += mul(r.v[t]!, x[c]!);
    }
    out[i] = acc;
  }
  return out;
}

/** The positive entries of a dense row, in column order. */
function positive(acc: Float64Array): SparseRow {
  let k = 0;
  for (let c = 0; c < acc.length; c++) if (acc[c]! > 0) k++;
  if (k === 0) return emptyRow();
  const j = new Int32Array(k);
  const v = new Float64Array(k);
  k = 0;
  for (let c = 0; c < acc.length; c++) {
    if (acc[c]! > 0) {
      j[k] = c;
      v[k++] = acc[c]!;
    }
  }
  return { j, v };
}

const copyRow = (r: SparseRow): SparseRow => ({ j: Int32Array.from(r.j), v: Float64Array.from(r.v) });

/**
 * interpolate_sparse (math.rs:1247): m1 + ratio·(m2 − m1). ratio 0 → m1, ratio 1 → m2 (as is);
 * otherwise rows are densified and entries ≤ 0 dropped.
 */
export function interpolate(m1: SparseMatrix, m2: SparseMatrix, n: number, ratio: number): SparseMatrix {
  if (ratio === 0) return m1.map(copyRow);
  if (ratio === 4294967296) return m2.map(copyRow);
  return m1.map((r1, i) => {
    const r2 = m2[i]!;
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    for (let t = 0; t < r1.j.length; t++) if (r1.j[t]! < n) a[r1.j[t]!] = r1.v[t]!;
    for (let t = 0; t < r2.j.length; t++) if (r2.j[t]! < n) b[r2.j[t]!] = r2.v[t]!;
    for (let c = 0; c < n; c++) a[c] = a[c]! + mul(ratio, b[c]! - a[c]!);
    return positive(a);
  });
}

/**
 * mat_ema_sparse (math.rs:1406): α·new + (1−α)·old, each product floored separately, row
 * densified over n columns, entries ≤ 0 dropped.
 */
export function matEma(next: SparseMatrix, old: SparseMatrix, alpha: number): SparseMatrix {
  const n = next.length;
  const oma = 4294967296 - alpha;
  const acc = new Float64Array(n);
  return next.map((nr, i) => {
    const or = old[i];
    if (nr.j.length === 0 && (!or || or.j.length === 0)) return emptyRow();
    acc.fill(0);
    for (let t = 0; t < nr.j.length; t++) {
      const c = nr.j[t]!;
      if (c < n) acc[c] = acc[c]! + mul(alpha, nr.v[t]!);
    }
    if (or) {
      for (let t = 0; t < or.j.length; t++) {
        const c = or.j[t]!;
        if (c < n) acc[c] = acc[c]! + mul(oma, or.v[t]!);
      }
    }
    return positive(acc);
  });
}

/**
 * mat_ema_alpha_sparse (math.rs:1464): b' = min(1, (1−α_ij)·b_ij + max(0, α_ij·w_ij)), emitted
 * only for columns present in the new row and only if > 0 — an old bond whose column is absent
 * from the new row is dropped, not decayed (yuma.md §3.3.4). `alpha(i, j)` gives α_ij.
 */
export function matEmaAlpha(
  next: SparseMatrix,
  old: SparseMatrix,
  alpha: (i: number, j: number) => number,
  n: number,
): SparseMatrix {
  const decayed = new Float64Array(n);
  return next.map((nr, i) => {
    const or = old[i];
    decayed.fill(0);
    if (or) {
      for (let t = 0; t < or.j.length; t++) {
        const c = or.j[t]!;
        if (c < n) decayed[c] = mul(4294967296 - alpha(i, c), or.v[t]!);
      }
    }
    const b = new RowBuilder(nr.j.length);
    for (let t = 0; t < nr.j.length; t++) {
      const c = nr.j[t]!;
      if (c >= n) continue;
      const inc = Math.max(mul(alpha(i, c), nr.v[t]!), 0);
      const val = Math.min(decayed[c]! + inc, 4294967296);
      if (val > 0) b.push(c, val);
    }
    return b.done();
  });
}
