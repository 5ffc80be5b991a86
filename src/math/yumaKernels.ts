/**
 * The Yuma epoch's per-weight passes, run as WebAssembly (asm/yuma.ts, AssemblyScript): this
 * module instantiates the kernels once per thread, lays one epoch's matrices out in their memory,
 * copies inputs in and results out. Values are I32F32 raw numbers as everywhere (./q32.ts),
 * exact to the chain's fixed point (the Yuma golden vectors, the differential tests against the
 * Python oracle and a bigint test of every kernel run through here).
 *
 * An `EpochKernels` holds one epoch: `maskNormalize` makes it, then the other calls follow in the
 * order of the epoch, each reading what the previous left in memory. The next epoch reuses the
 * memory, so every result handed out is a copy.
 */
import { InvariantViolation } from '../core/errors.js';
import { normalize, type Csr, type SparseMatrix } from './sparse.js';
import { YUMA_KERNELS_WASM } from './yumaKernels.wasm.gen.js';
import { instantiate, reserve, WASM_ARENA_BASE } from '../core/wasm.js';

interface Exports {
  maskNormalize(
    n: number, inPtr: number, inJ: number, inV: number, rowOk: number, lastUpdate: number, regOf: number,
    lastReg: number, owner: number, useCommit: number, commit: number, wPtr: number, wJ: number, wV: number,
  ): number;
  medianCols(
    n: number, m: number, rowIdx: number, useStake: number, minority: number, wPtr: number, wJ: number, wV: number,
    out: number, cols: number, touched: number, mass: number, bucketOf: number, candScore: number, candStake: number,
  ): void;
  clipTrustRank(
    rows: number, n: number, wPtr: number, wJ: number, wV: number, consensus: number, x: number,
    cPtr: number, cJ: number, cV: number, trust: number, rank: number,
  ): number;
  emaStored(
    n: number, nPtr: number, nJ: number, nV: number, bPtr: number, bJ: number, bV: number, alpha: number,
    decay: number, keep: number, ePtr: number, eJ: number, eV: number, colSum: number,
    acc: number, seen: number, cols: number,
  ): number;
  colNormMatVecRowSum(n: number, mPtr: number, mJ: number, mV: number, colSum: number, x: number, out: number, inv: number): void;
  toU16(len: number, v: number, out: number): void;
  decayTable(alpha: number, out: number): void;
}

/** Decay tables (65536 f64 each) for this many α values stay resident. */
const DECAY_SLOTS = 8;
const DECAY_BYTES = 65536 * 8;

type Kernels = ReturnType<typeof instantiate<Exports>>;
let instance: Kernels | undefined;
const exportsOf = (): Kernels => (instance ??= instantiate<Exports>(YUMA_KERNELS_WASM, 'Yuma'));

/** A matrix laid out in kernel memory (byte offsets). */
interface CsrAt {
  ptr: number;
  j: number;
  v: number;
  nnz: number;
}

/** Bump allocation of byte offsets, 8-aligned. */
class Layout {
  end: number;
  constructor(start: number) {
    this.end = start;
  }
  take(bytes: number): number {
    const at = this.end;
    this.end += (bytes + 7) & ~7;
    return at;
  }
}

/**
 * Typed views on the whole kernel memory, made again only when it grows: a view per array and
 * call measured a visible share of the epoch. Offsets are 8-aligned, so `at >> 3` indexes f64.
 */
interface Views {
  readonly buffer: ArrayBuffer;
  readonly f64: Float64Array;
  readonly i32: Int32Array;
  readonly u16: Uint16Array;
  readonly u8: Uint8Array;
}
let cachedViews: Views | undefined;
function viewsOf(x: Kernels): Views {
  const buffer = x.memory.buffer;
  if (cachedViews?.buffer !== buffer) {
    cachedViews = { buffer, f64: new Float64Array(buffer), i32: new Int32Array(buffer), u16: new Uint16Array(buffer), u8: new Uint8Array(buffer) };
  }
  return cachedViews;
}
/** n doubles at byte offset `at`, as a plain array. */
function readF64(v: Views, at: number, n: number): number[] {
  const out = new Array<number>(n);
  const base = at >> 3;
  for (let i = 0; i < n; i++) out[i] = v.f64[base + i]!;
  return out;
}

const isU16 = (u: number): boolean => u >= 0 && u <= 65535 && Math.floor(u) === u;

/** Copies stored u16 rows into (ptr, j, v: u16) at the given offsets. */
function copyRowsIn(views: Views, rows: SparseMatrix, n: number, at: CsrAt, what: string): void {
  const { i32, u16 } = views;
  const ptr = at.ptr >> 2;
  const j = at.j >> 2;
  const v = at.v >> 1;
  let k = 0;
  i32[ptr] = 0;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (r !== undefined && r.j.length > 0) {
      if (!(r.v instanceof Uint16Array)) {
        for (let t = 0; t < r.v.length; t++) {
          if (!isU16(r.v[t]!)) throw new InvariantViolation(`stored ${what} are u16`, { row: String(i), value: String(r.v[t]) });
        }
      }
      i32.set(r.j, j + k);
      u16.set(r.v, v + k);
      k += r.j.length;
    }
    i32[ptr + i + 1] = k;
  }
}

const rowsLength = (rows: SparseMatrix, n: number): number => {
  let nnz = 0;
  for (let i = 0; i < n; i++) nnz += rows[i]?.j.length ?? 0;
  return nnz;
};

/** One epoch's matrices in kernel memory. */
export class EpochKernels {
  private readonly x: Kernels;
  /** Rows and columns of the weights (equal in an epoch; tests use other shapes). */
  private readonly rows: number;
  private readonly n: number;
  private readonly layout: Layout;
  private readonly weights: CsrAt;
  private readonly clipped: CsrAt;
  private ema: CsrAt | undefined;
  private colSum = 0;
  private emaU16 = 0;

  private constructor(x: Kernels, rows: number, n: number, nnzW: number) {
    this.x = x;
    this.rows = rows;
    this.n = n;
    this.layout = new Layout(WASM_ARENA_BASE + DECAY_SLOTS * DECAY_BYTES);
    const L = this.layout;
    const matrix = (nnz: number): CsrAt => ({ ptr: L.take(4 * (rows + 1)), j: L.take(4 * nnz), v: L.take(8 * nnz), nnz });
    this.weights = matrix(nnzW);
    this.clipped = matrix(nnzW);
  }

  /** Normalised weights already in hand (rows × columns), e.g. from a test vector. */
  static fromWeights(w: Csr, columns: number): EpochKernels {
    for (const c of w.j) if (!(c >= 0 && c < columns)) throw new InvariantViolation('weight column out of range', { column: String(c), columns: String(columns) });
    const e = new EpochKernels(exportsOf(), w.rows, columns, w.j.length);
    const v = e.reserve(e.layout.end);
    const at = e.weights;
    v.i32.set(w.ptr.subarray(0, w.rows + 1), at.ptr >> 2);
    v.i32.set(w.j, at.j >> 2);
    v.f64.set(w.v, at.v >> 3);
    return e;
  }

  private f64(count: number): number {
    return this.layout.take(8 * count);
  }

  /** Grows the memory to `end` if need be; the views to use from here on. */
  private reserve(end: number): Views {
    reserve(this.x.memory, end);
    return viewsOf(this.x);
  }

  /**
   * Masks and row-normalises the stored weights (see yuma.ts): `rowOk[i]` says row i counts
   * (it has a permit), `registered` is BlockAtRegistration per uid, `commit` the commit-reveal
   * cut-off per uid if on.
   */
  static maskNormalize(
    n: number,
    rows: SparseMatrix,
    rowOk: readonly boolean[],
    lastUpdate: readonly number[],
    registered: readonly number[],
    owner: number | null,
    commit: readonly number[] | undefined,
  ): EpochKernels {
    const x = exportsOf();
    const nnzIn = rowsLength(rows, n);
    const e = new EpochKernels(x, n, n, nnzIn);
    const L = e.layout;
    const input: CsrAt = { ptr: L.take(4 * (n + 1)), j: L.take(4 * nnzIn), v: L.take(2 * nnzIn), nnz: nnzIn };
    const ok = L.take(n);
    const lu = e.f64(n);
    const reg = e.f64(n);
    const cb = e.f64(n);
    const v = e.reserve(L.end);
    copyRowsIn(v, rows, n, input, 'weights');
    for (let i = 0; i < n; i++) v.u8[ok + i] = rowOk[i] ? 1 : 0;
    for (let i = 0; i < n; i++) v.f64[(lu >> 3) + i] = lastUpdate[i]!;
    // the latest registration: a row set after it needs no per-entry registration check
    let lastReg = 0;
    for (let c = 0; c < n; c++) {
      const r = registered[c] ?? 0;
      v.f64[(reg >> 3) + c] = r;
      if (r > lastReg) lastReg = r;
    }
    if (commit !== undefined) for (let i = 0; i < n; i++) v.f64[(cb >> 3) + i] = commit[i] ?? 0;
    const w = e.weights;
    w.nnz = x.maskNormalize(n, input.ptr, input.j, input.v, ok, lu, reg, lastReg, owner ?? -1, commit === undefined ? 0 : 1, cb, w.ptr, w.j, w.v);
    return e;
  }

  /**
   * weighted_median_col_sparse (math.rs:1121): the stake-weighted median of every column at
   * `majority`, over the rows with positive stake (their stake renormalised); a row without an
   * entry in a column votes 0 for it.
   */
  consensus(stake: readonly number[], majority: number): number[] {
    const rowIdx: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < stake.length; i++) {
      if (stake[i]! > 0) {
        rowIdx.push(i < this.rows ? i : -1); // a row past the matrix votes 0 everywhere
        raw.push(stake[i]!);
      }
    }
    const n = this.n;
    const m = rowIdx.length;
    if (m === 0) return new Array<number>(n).fill(0);
    const useStake = normalize(raw);
    let total = 0;
    for (const s of useStake) total += s;
    const L = this.layout;
    const mark = L.end;
    const rows = L.take(4 * m);
    const stakes = this.f64(m);
    const out = this.f64(n);
    const cols = this.f64(n * m);
    const touched = L.take(n);
    const mass = this.f64(Math.max(m, 16) + 1);
    const bucketOf = L.take(4 * m);
    const candScore = this.f64(m);
    const candStake = this.f64(m);
    const v = this.reserve(L.end);
    v.i32.set(rowIdx, rows >> 2);
    v.f64.set(useStake, stakes >> 3);
    const w = this.weights;
    this.x.medianCols(n, m, rows, stakes, total - majority, w.ptr, w.j, w.v, out, cols, touched, mass, bucketOf, candScore, candStake);
    const result = readF64(v, out, n);
    L.end = mark; // scratch only
    return result;
  }

  /** Clips the weights at `consensus`: validator trust and rank R_j = Σ_i ⌊x_i·Wc_ij⌋. */
  clipTrustRank(consensus: readonly number[], x: readonly number[]): { trust: number[]; rank: number[] } {
    const { n, rows } = this;
    const c = this.f64(n);
    const xs = this.f64(rows);
    const trust = this.f64(rows);
    const rank = this.f64(n);
    const v = this.reserve(this.layout.end);
    v.f64.set(consensus, c >> 3);
    v.f64.set(x, xs >> 3);
    const w = this.weights;
    const k = this.clipped;
    k.nnz = this.x.clipTrustRank(rows, n, w.ptr, w.j, w.v, c, xs, k.ptr, k.j, k.v, trust, rank);
    return { trust: readF64(v, trust, rows), rank: readF64(v, rank, n) };
  }

  /**
   * Yuma3's bond EMA with constant α against the stored u16 bonds (see sparse.ts matEmaStored):
   * `next` is the clipped weights, the weights, or (for other bond penalties) a matrix from JS.
   */
  emaStored(next: 'clipped' | 'weights' | Csr, bonds: SparseMatrix, alpha: number, keep: Uint8Array): void {
    const n = this.n;
    const L = this.layout;
    let src: CsrAt;
    let copyNext: Csr | undefined;
    if (next === 'clipped') src = this.clipped;
    else if (next === 'weights') src = this.weights;
    else {
      copyNext = next;
      src = { ptr: L.take(4 * (n + 1)), j: L.take(4 * next.j.length), v: this.f64(next.j.length), nnz: next.j.length };
    }
    const nnzB = rowsLength(bonds, n);
    const bond: CsrAt = { ptr: L.take(4 * (n + 1)), j: L.take(4 * nnzB), v: L.take(2 * nnzB), nnz: nnzB };
    const keepAt = L.take(n);
    const cap = src.nnz + nnzB;
    const ema: CsrAt = { ptr: L.take(4 * (n + 1)), j: L.take(4 * cap), v: this.f64(cap), nnz: 0 };
    const colSum = this.f64(n);
    const acc = this.f64(n);
    const seen = L.take(n);
    const cols = L.take(4 * n);
    this.emaU16 = L.take(2 * cap);
    const v = this.reserve(L.end);
    if (copyNext !== undefined) {
      v.i32.set(copyNext.ptr.subarray(0, n + 1), src.ptr >> 2);
      v.i32.set(copyNext.j, src.j >> 2);
      v.f64.set(copyNext.v, src.v >> 3);
    }
    copyRowsIn(v, bonds, n, bond, 'bonds');
    v.u8.set(keep, keepAt);
    const decay = decaySlot(this.x, alpha);
    ema.nnz = this.x.emaStored(n, src.ptr, src.j, src.v, bond.ptr, bond.j, bond.v, alpha, decay, keepAt, ema.ptr, ema.j, ema.v, colSum, acc, seen, cols);
    this.ema = ema;
    this.colSum = colSum;
  }

  /** Yuma3's per-bond dividend sums t_i = Σ_j ⌊colnorm(B')_ij · x_j⌋ over the EMA bonds. */
  perBond(x: readonly number[]): number[] {
    const n = this.n;
    const e = this.emaOrThrow();
    const xs = this.f64(n);
    const out = this.f64(n);
    const inv = this.f64(n);
    const v = this.reserve(this.layout.end);
    v.f64.set(x, xs >> 3);
    this.x.colNormMatVecRowSum(n, e.ptr, e.j, e.v, this.colSum, xs, out, inv);
    return readF64(v, out, n);
  }

  private emaOrThrow(): CsrAt {
    if (this.ema === undefined) throw new InvariantViolation('Yuma kernels: perBond before emaStored', {});
    return this.ema;
  }

  private csrOut(at: CsrAt): Csr {
    const { i32, f64 } = viewsOf(this.x);
    const rows = this.rows;
    return {
      rows,
      ptr: i32.slice(at.ptr >> 2, (at.ptr >> 2) + rows + 1),
      j: i32.slice(at.j >> 2, (at.j >> 2) + at.nnz),
      v: f64.slice(at.v >> 3, (at.v >> 3) + at.nnz),
    };
  }

  /** The masked, row-normalised weights (a copy). */
  weightsCsr(): Csr {
    return this.csrOut(this.weights);
  }
  /** The clipped weights (a copy). */
  clippedCsr(): Csr {
    return this.csrOut(this.clipped);
  }
  /** The EMA bonds (a copy). */
  emaCsr(): Csr {
    return this.csrOut(this.emaOrThrow());
  }
  /** The EMA bonds as stored: u16 values (fixed_proportion_to_u16) with their rows and columns (copies). */
  emaStorage(): { ptr: Int32Array; j: Int32Array; u16: Uint16Array } {
    const e = this.emaOrThrow();
    this.x.toU16(e.nnz, e.v, this.emaU16);
    const { i32, u16 } = viewsOf(this.x);
    return {
      ptr: i32.slice(e.ptr >> 2, (e.ptr >> 2) + this.rows + 1),
      j: i32.slice(e.j >> 2, (e.j >> 2) + e.nnz),
      u16: u16.slice(this.emaU16 >> 1, (this.emaU16 >> 1) + e.nnz),
    };
  }
}

/** The decay table's offset for α, computing it if no slot holds it. */
const decayAlphas: number[] = [];
let nextSlot = 0;
function decaySlot(x: Kernels, alpha: number): number {
  let s = decayAlphas.indexOf(alpha);
  if (s < 0) {
    s = nextSlot;
    nextSlot = (nextSlot + 1) % DECAY_SLOTS;
    decayAlphas[s] = alpha;
    x.decayTable(alpha, WASM_ARENA_BASE + s * DECAY_BYTES);
  }
  return WASM_ARENA_BASE + s * DECAY_BYTES;
}
