/**
 * Vector and sparse-matrix kernels of the Yuma epoch, over I32F32 raw numbers (./q32.ts).
 * Mirrors subtensor pallets/subtensor/src/epoch/math.rs (HEAD 14bc6f9f9; line numbers from
 * shared/spec/yuma.md appendix). A sparse row keeps the chain's entry order, explicit zeros
 * included: the order and the zeros change results (yuma.md §1.7, §3.3.2, §3.3.4).
 *
 * Storage (the chain's `Vec<Vec<(u16, I32F32)>>`) is a list of rows (`SparseMatrix`); inside the
 * epoch every matrix is one compressed-sparse-row block (`Csr`: three typed arrays), so the
 * passes over every weight allocate nothing per entry or per row. The passes every epoch makes
 * (masking, consensus, clipping, Yuma3's constant-α bonds) run as WebAssembly (./yumaKernels.ts);
 * these are the rest: the original model's bonds, liquid alpha, bond penalties other than 0 and 1.
 */
import { mul, safeDiv } from './q32.js';

/*
 * Scratch arrays for a builder with a loose capacity, grown on demand and reused by every call:
 * the intermediates would otherwise allocate (and make the collector sweep) a few hundred
 * kilobytes per epoch. At most one such builder is open at a time, and its entries are copied out.
 */
let scratchV = new Float64Array(0);
let scratchJ = new Int32Array(0);
function scratchF64(n: number): Float64Array {
  if (scratchV.length < n) scratchV = new Float64Array(Math.max(n, 2 * scratchV.length));
  return scratchV;
}
function scratchI32(n: number): Int32Array {
  if (scratchJ.length < n) scratchJ = new Int32Array(Math.max(n, 2 * scratchJ.length));
  return scratchJ;
}

export interface SparseRow {
  readonly j: ArrayLike<number>;
  readonly v: ArrayLike<number>;
}
export type SparseMatrix = SparseRow[];

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

/** The t-th smallest (0-based) of distinct values, by quickselect; reorders `a`. */
function kthSmallest(a: Float64Array, t: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const tmp = a[i]!;
        a[i++] = a[j]!;
        a[j--] = tmp;
      }
    }
    if (t <= j) hi = j;
    else if (t >= i) lo = i;
    else return a[t]!;
  }
  return a[t]!;
}

/**
 * is_topk_nonzero (math.rs:227): start from x_i ≠ 0; if n < k return that; else stable-sort
 * ascending and clear the first n − k (ties: the lower index loses).
 */
export function isTopkNonzero(x: readonly number[], k: number): boolean[] {
  const res = x.map((v) => v !== 0);
  const n = x.length;
  if (n < k) return res;
  // Keys v·2^16 + i (exact for integers 0 ≤ v < 2^37, n ≤ 2^16) order by value then index, as the
  // stable sort does.
  if (n <= 65536 && x.every((v) => v >= 0 && v < 2 ** 37 && Number.isInteger(v))) {
    // The keys are distinct, so the n − k smallest are a set: select its largest, no full sort.
    const drop = n - k;
    if (drop <= 0) return res;
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = x[i]! * 65536 + i;
    const cut = kthSmallest(keys, drop - 1);
    for (let i = 0; i < n; i++) if (x[i]! * 65536 + i <= cut) res[i] = false;
    return res;
  }
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

/** Compressed sparse rows: row i holds entries ptr[i] … ptr[i+1]−1 of (j, v), in row order. */
export interface Csr {
  readonly rows: number;
  readonly ptr: Int32Array;
  readonly j: Int32Array;
  readonly v: Float64Array;
}

/** Rows → CSR, keeping entry order. `map` converts each stored value (e.g. u16 → I32F32). */
export function toCsr(m: SparseMatrix, rows: number, map?: (x: number) => number): Csr {
  let nnz = 0;
  for (let i = 0; i < rows; i++) nnz += m[i]?.j.length ?? 0;
  const ptr = new Int32Array(rows + 1);
  const j = new Int32Array(nnz);
  const v = new Float64Array(nnz);
  let k = 0;
  for (let i = 0; i < rows; i++) {
    const r = m[i];
    if (r) {
      for (let t = 0; t < r.j.length; t++) {
        j[k] = r.j[t]!;
        v[k++] = map ? map(r.v[t]!) : r.v[t]!;
      }
    }
    ptr[i + 1] = k;
  }
  return { rows, ptr, j, v };
}

/** CSR → rows (views on the CSR's arrays, no copy). */
export function fromCsr(m: Csr): SparseMatrix {
  const out: SparseMatrix = new Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = { j: m.j.subarray(m.ptr[i]!, m.ptr[i + 1]!), v: m.v.subarray(m.ptr[i]!, m.ptr[i + 1]!) };
  return out;
}

/**
 * A CSR under construction, rows appended in order. With `scratch` (for a loose capacity) the
 * entries go into scratch arrays (at most one such builder is open at a time) and `done()`
 * copies them out at their exact size; otherwise they go into fresh arrays of the capacity.
 */
export class CsrBuilder {
  readonly ptr: Int32Array;
  readonly j: Int32Array;
  readonly v: Float64Array;
  k = 0;
  row = 0;
  constructor(readonly rows: number, cap: number, private readonly scratch = false) {
    this.ptr = new Int32Array(rows + 1);
    this.j = scratch ? scratchI32(cap) : new Int32Array(cap);
    this.v = scratch ? scratchF64(cap) : new Float64Array(cap);
  }
  push(c: number, x: number): void {
    this.j[this.k] = c;
    this.v[this.k++] = x;
  }
  endRow(): void {
    this.ptr[++this.row] = this.k;
  }
  done(): Csr {
    const { rows, ptr, j, v, k } = this;
    if (this.scratch) return { rows, ptr, j: j.slice(0, k), v: v.slice(0, k) };
    return { rows, ptr, j: k === j.length ? j : j.subarray(0, k), v: k === v.length ? v : v.subarray(0, k) };
  }
}

function colReduce(m: Csr, n: number, max: boolean): Float64Array {
  const cs = new Float64Array(n);
  for (let k = 0; k < m.j.length; k++) {
    const c = m.j[k]!;
    if (c >= n) continue;
    const x = m.v[k]!;
    if (max) {
      if (cs[c]! < x) cs[c] = x;
    } else cs[c] = cs[c]! + x;
  }
  return cs;
}

function divideByCol(m: Csr, n: number, d: Float64Array): Csr {
  const v = new Float64Array(m.v.length);
  for (let k = 0; k < v.length; k++) {
    const c = m.j[k]!;
    const x = m.v[k]!;
    v[k] = c < n && d[c] !== 0 ? safeDiv(x, d[c]!) : x;
  }
  return { rows: m.rows, ptr: m.ptr, j: m.j, v };
}

/** inplace_col_normalize_sparse (math.rs:355): each entry / its column sum (0-sum columns kept). */
export const colNormalize = (m: Csr, n: number): Csr => divideByCol(m, n, colReduce(m, n, false));

/** inplace_col_max_upscale_sparse (math.rs:420): each entry / its column max. */
export const colMaxUpscale = (m: Csr, n: number): Csr => divideByCol(m, n, colReduce(m, n, true));

/**
 * inplace_col_normalize_sparse, mat_vec_mul_sparse and row_sum_sparse in one pass, for Yuma3's
 * dividends under liquid alpha (the constant-α path runs in ./yumaKernels.ts): t_i = Σ_j
 * ⌊(m_ij / colsum_j) · x_j⌋ with the chain's truncating division (an entry of a zero-sum column is
 * kept as is). Equal to building the normalised matrix first.
 */
export function colNormalizeMatVecRowSum(m: Csr, n: number, x: readonly number[]): number[] {
  const cs = colReduce(m, n, false);
  const out = new Array<number>(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let acc = 0;
    for (let k = m.ptr[i]!; k < m.ptr[i + 1]!; k++) {
      const c = m.j[k]!;
      if (c >= x.length) continue;
      const xc = x[c]!;
      if (xc === 0) continue; // ⌊y·0⌋ = 0 whatever y is
      const e = m.v[k]!;
      acc += mul(c < n && cs[c] !== 0 ? safeDiv(e, cs[c]!) : e, xc);
    }
    out[i] = acc;
  }
  return out;
}

/** matmul_transpose_sparse (math.rs:883): D_i = Σ_j ⌊x_j · m_ij⌋. */
export function matmulTranspose(m: Csr, x: readonly number[]): number[] {
  const out = new Array<number>(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let acc = 0;
    for (let k = m.ptr[i]!; k < m.ptr[i + 1]!; k++) acc += mul(x[m.j[k]!] ?? 0, m.v[k]!);
    out[i] = acc;
  }
  return out;
}

/** row_hadamard_sparse (math.rs:767): m_ij · x_i. */
export function rowHadamard(m: Csr, x: readonly number[]): Csr {
  const v = new Float64Array(m.v.length);
  for (let i = 0; i < m.rows; i++) for (let k = m.ptr[i]!; k < m.ptr[i + 1]!; k++) v[k] = mul(m.v[k]!, x[i]!);
  return { rows: m.rows, ptr: m.ptr, j: m.j, v };
}

/**
 * interpolate_sparse (math.rs:1247): m1 + ratio·(m2 − m1). ratio 0 → m1, ratio 1 → m2 (as is);
 * otherwise rows are densified and entries ≤ 0 dropped (only columns present in m1 or m2 can be
 * positive, so only those are visited).
 */
export function interpolate(m1: Csr, m2: Csr, n: number, ratio: number): Csr {
  if (ratio === 0) return m1;
  if (ratio === 4294967296) return m2;
  const out = new CsrBuilder(m1.rows, m1.j.length + m2.j.length, true);
  const a = new RowAccumulator(n);
  const b = new Float64Array(n);
  for (let i = 0; i < m1.rows; i++) {
    // interpolation visits the touched columns, so this row always tracks them
    a.begin(0);
    for (let k = m1.ptr[i]!; k < m1.ptr[i + 1]!; k++) if (m1.j[k]! < n) a.set(m1.j[k]!, m1.v[k]!);
    if (i < m2.rows) {
      for (let k = m2.ptr[i]!; k < m2.ptr[i + 1]!; k++) {
        const c = m2.j[k]!;
        if (c >= n) continue;
        a.touch(c);
        b[c] = m2.v[k]!;
      }
    }
    for (let t = 0; t < a.count; t++) {
      const c = a.cols[t]!;
      a.acc[c] = a.acc[c]! + mul(ratio, b[c]! - a.acc[c]!);
      b[c] = 0;
    }
    a.emitPositive(out);
  }
  return out.done();
}

/**
 * mat_ema_sparse (math.rs:1406): α·new + (1−α)·old, each product floored separately, row
 * densified over n columns, entries ≤ 0 dropped.
 */
export function matEma(next: Csr, old: Csr, alpha: number): Csr {
  const n = next.rows;
  const oma = 4294967296 - alpha;
  const out = new CsrBuilder(n, next.j.length + old.j.length, true);
  const row = new RowAccumulator(n);
  for (let i = 0; i < n; i++) {
    row.begin(next.ptr[i + 1]! - next.ptr[i]! + (i < old.rows ? old.ptr[i + 1]! - old.ptr[i]! : 0));
    row.addScaled(next, i, alpha);
    if (i < old.rows) row.addScaled(old, i, oma);
    row.emitPositive(out);
  }
  return out.done();
}

let columnList = new Int32Array(0);
/** 0 … n−1 (a view on one shared, read-only list). */
function columnsUpTo(n: number): Int32Array {
  if (columnList.length < n) columnList = Int32Array.from({ length: Math.max(n, 2 * columnList.length) }, (_, c) => c);
  return columnList.subarray(0, n);
}

/**
 * One densified row: values accumulate per column and `emitPositive` appends the positive ones
 * in column order, then clears the row. A row expected to touch more than n/8 columns is
 * emitted by scanning every column; a sparser one remembers the columns it touched and sorts them.
 */
class RowAccumulator {
  readonly acc: Float64Array;
  readonly seen: Uint8Array;
  readonly cols: Int32Array;
  /** 0 … n−1: the columns a dense row visits. */
  private readonly every: Int32Array;
  count = 0;
  private dense = false;
  constructor(readonly n: number) {
    this.acc = new Float64Array(n);
    this.seen = new Uint8Array(n);
    this.cols = new Int32Array(n);
    this.every = columnsUpTo(n);
  }
  /** Start a row that will receive about `entries` additions. */
  begin(entries: number): void {
    this.dense = entries * 8 > this.n;
  }
  touch(c: number): void {
    if (!this.dense && this.seen[c] === 0) {
      this.seen[c] = 1;
      this.cols[this.count++] = c;
    }
  }
  set(c: number, x: number): void {
    this.acc[c] = x;
    this.touch(c);
  }
  add(c: number, x: number): void {
    this.acc[c] = this.acc[c]! + x;
    this.touch(c);
  }
  /** acc[c] += ⌊f · m_ic⌋ over row i of m. */
  addScaled(m: Csr, i: number, f: number): void {
    const { ptr, j, v } = m;
    const n = this.n;
    const end = ptr[i + 1]!;
    for (let k = ptr[i]!; k < end; k++) {
      const c = j[k]!;
      if (c < n) this.add(c, mul(f, v[k]!));
    }
  }
  emitPositive(out: CsrBuilder): void {
    const { acc, seen } = this;
    // a dense row visits every column (cheaper than sorting the touched ones)
    const visit = this.dense ? this.every : this.cols.subarray(0, this.count).sort();
    const oj = out.j;
    const ov = out.v;
    let q = out.k;
    for (let t = 0; t < visit.length; t++) {
      const c = visit[t]!;
      const x = acc[c]!;
      if (x > 0) {
        oj[q] = c;
        ov[q++] = x;
      }
      acc[c] = 0;
      seen[c] = 0;
    }
    out.k = q;
    this.count = 0;
    out.endRow();
  }
}

/**
 * mat_ema_alpha_sparse (math.rs:1464): b' = min(1, (1−α_ij)·b_ij + max(0, α_ij·w_ij)), emitted
 * only for columns present in the new row and only if > 0 — an old bond whose column is absent
 * from the new row is dropped, not decayed (yuma.md §3.3.4). `alpha(i, j)` gives α_ij.
 */
export function matEmaAlpha(next: Csr, old: Csr, alpha: (i: number, j: number) => number, n: number): Csr {
  const decayed = new Float64Array(n);
  const b = new CsrBuilder(next.rows, next.j.length);
  for (let i = 0; i < next.rows; i++) {
    if (i < old.rows) {
      for (let k = old.ptr[i]!; k < old.ptr[i + 1]!; k++) {
        const c = old.j[k]!;
        if (c < n) decayed[c] = mul(4294967296 - alpha(i, c), old.v[k]!);
      }
    }
    for (let k = next.ptr[i]!; k < next.ptr[i + 1]!; k++) {
      const c = next.j[k]!;
      if (c >= n) continue;
      const inc = Math.max(mul(alpha(i, c), next.v[k]!), 0);
      const val = Math.min(decayed[c]! + inc, 4294967296);
      if (val > 0) b.push(c, val);
    }
    if (i < old.rows) for (let k = old.ptr[i]!; k < old.ptr[i + 1]!; k++) if (old.j[k]! < n) decayed[old.j[k]!] = 0;
    b.endRow();
  }
  return b.done();
}
