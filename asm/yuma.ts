/**
 * The Yuma epoch's per-weight kernels, in AssemblyScript (compiled to WebAssembly by
 * scripts/build-wasm.mjs). src/math/yumaKernels.ts lays out the memory, copies in, calls these and
 * copies out; src/chain/epoch/yuma.ts says which chain function each kernel stands for.
 *
 * Why WebAssembly: these loops run once per weight entry, ~10 passes per epoch, and V8's code for
 * them measured 5–15 ns per entry (bounds checks, data-dependent branches it cannot turn into
 * selects) against ~1 ns for the same loop compiled ahead of time.
 *
 * Numbers: every I32F32 value is its raw integer value·2^32 held in an f64, as in the TypeScript
 * side (src/math/q32.ts); all are non-negative and at most n·2^32 here, far below 2^53, so they
 * are exact. A matrix is CSR: ptr (i32, rows + 1), j (i32), v (f64).
 */

const ONE: f64 = 4294967296.0;
const INV_ONE: f64 = 1.0 / 4294967296.0;
/** How close to an integer a reciprocal quotient may come before the exact division decides. */
const NEAR: f64 = 1.0 / 262144.0;

// ---- exact I32F32 arithmetic on non-negative raw values -------------------------------------------

/**
 * ⌊a·b / 2^32⌋ for integers 0 ≤ a < 2^33, 0 ≤ b ≤ 2^32 (the fixed-point floor multiply), in
 * 64-bit integers without a branch: a = ah·2^32 + al with ah ∈ {0, 1}, so the product is
 * ah·b + ⌊al·b / 2^32⌋ and al·b < 2^64.
 */
@inline function mulFx(a: i64, b: i64): i64 {
  return ((0 - (a >> 32)) & b) + <i64>((<u64>(a & 0xffffffff) * <u64>b) >> 32);
}

/**
 * trunc(a·2^32 / b) for integers 0 ≤ a ≤ b < 2^48, b > 0, given inv = 2^32/b; or, when the
 * reciprocal cannot decide, −1−a (negative, and a is recoverable): a·inv lies within 2^-20 of the
 * quotient (≤ 2^32), so its floor is exact unless it lands within 2^-18 of an integer. Callers
 * redo the negatives with divLong after the loop, which keeps their inner loops free of branches
 * (a branch or a call in those loops measured several times slower).
 */
@inline function divFx(a: f64, inv: f64): f64 {
  const y = a * inv;
  const f = Math.floor(y);
  const frac = y - f;
  return select(f, -1.0 - a, (frac > NEAR) & (frac < 1.0 - NEAR));
}

/** ⌊a·2^32 / b⌋ by long division, 16 bits a step (every shifted remainder stays below 2^64), b < 2^48. */
function divLong(a: f64, b: f64): f64 {
  const bi = <u64>b;
  const ai = <u64>a;
  let q = ai / bi;
  let r = ai % bi;
  r <<= 16;
  q = (q << 16) | (r / bi);
  r = (r % bi) << 16;
  q = (q << 16) | (r / bi);
  return <f64>q;
}

/*
 * Integer-valued doubles in [0, 2^52) ↔ i64 by the 2^52 trick (add 2^52, read the bits): exact, and
 * cheaper than V8's checked float/int conversions. Comparisons that pick a value by data go through
 * i64 `select` (a conditional move); V8 turns an f64 select or min into a branch, which on real
 * weights mispredicts about half the time (measured 3× slower).
 */
const TWO52: f64 = 4503599627370496.0;
const TWO52_BITS: i64 = 0x4330000000000000;
@inline function toI64(x: f64): i64 {
  return reinterpret<i64>(x + TWO52) - TWO52_BITS;
}
@inline function toF64(x: i64): f64 {
  return reinterpret<f64>(x + TWO52_BITS) - TWO52;
}

@inline function f64At(base: usize, k: i32): f64 {
  return load<f64>(base + (<usize>k << 3));
}
@inline function setF64(base: usize, k: i32, x: f64): void {
  store<f64>(base + (<usize>k << 3), x);
}
@inline function i32At(base: usize, k: i32): i32 {
  return load<i32>(base + (<usize>k << 2));
}
@inline function setI32(base: usize, k: i32, x: i32): void {
  store<i32>(base + (<usize>k << 2), x);
}

// ---- weights: masks and row normalisation ---------------------------------------------------------

/**
 * Masks stored u16 weight rows (rows without `rowOk`, targets ≥ n, self-weights but the owner's,
 * weights set no later than the target's registration, commits older than it) and row-normalises
 * the rest: trunc(w·2^32 / Σw). Returns the entry count.
 */
export function maskNormalize(
  n: i32, inPtr: usize, inJ: usize, inV: usize, rowOk: usize, lastUpdate: usize, regOf: usize,
  lastReg: f64, owner: i32, useCommit: i32, commit: usize, wPtr: usize, wJ: usize, wV: usize,
): i32 {
  let k: i32 = 0;
  setI32(wPtr, 0, 0);
  for (let i: i32 = 0; i < n; i++) {
    const start = k;
    if (load<u8>(rowOk + <usize>i) != 0) {
      const lu = f64At(lastUpdate, i);
      const cb = useCommit != 0 ? f64At(commit, i) : 0.0;
      const self = i == owner ? -1 : i;
      const end = i32At(inPtr, i + 1);
      let sum: f64 = 0;
      if (lu > lastReg && useCommit == 0) {
        // set after every registration: only the range and self-weight masks can drop an entry
        for (let t = i32At(inPtr, i); t < end; t++) {
          const c = i32At(inJ, t);
          if (<u32>c >= <u32>n || c == self) continue;
          const w = <f64>load<u16>(inV + (<usize>t << 1));
          setI32(wJ, k, c);
          setF64(wV, k, w);
          k++;
          sum += w;
        }
      } else {
        for (let t = i32At(inPtr, i); t < end; t++) {
          const c = i32At(inJ, t);
          if (<u32>c >= <u32>n || c == self) continue;
          const regJ = f64At(regOf, c);
          if (lu <= regJ || (useCommit != 0 && cb < regJ)) continue;
          const w = <f64>load<u16>(inV + (<usize>t << 1));
          setI32(wJ, k, c);
          setF64(wV, k, w);
          k++;
          sum += w;
        }
      }
      if (sum > 0) {
        const inv = ONE / sum;
        let undecided = false;
        for (let q = start; q < k; q++) {
          const y = divFx(f64At(wV, q), inv);
          setF64(wV, q, y);
          undecided |= y < 0;
        }
        if (undecided) {
          for (let q = start; q < k; q++) {
            const y = f64At(wV, q);
            if (y < 0) setF64(wV, q, divLong(-1.0 - y, sum));
          }
        }
      }
    }
    setI32(wPtr, i + 1, k);
  }
  return k;
}

// ---- consensus: stake-weighted median per column ---------------------------------------------------

/**
 * Weighted median of every column (weighted_median_col_sparse): rows `rowIdx[0 … m)` (−1: no row) with stakes
 * `useStake`, a missing entry votes 0. Each column is bucketed once between its least and greatest
 * score (monotone, so the answer lies in the first bucket whose cumulative stake exceeds the
 * minority) and only that bucket is searched exactly.
 * Scratch: cols (f64, n·m), touched (u8, n), mass (f64, buckets + 1), bucketOf (i32, m),
 * candScore and candStake (f64, m).
 */
export function medianCols(
  n: i32, m: i32, rowIdx: usize, useStake: usize, minority: f64, wPtr: usize, wJ: usize, wV: usize,
  out: usize, cols: usize, touched: usize, mass: usize, bucketOf: usize, candScore: usize, candStake: usize,
): void {
  memory.fill(cols, 0, <usize>n * <usize>m << 3);
  memory.fill(touched, 0, <usize>n);
  for (let k: i32 = 0; k < m; k++) {
    const i = i32At(rowIdx, k);
    if (i < 0) continue; // a row past the matrix: votes 0
    const end = i32At(wPtr, i + 1);
    for (let t = i32At(wPtr, i); t < end; t++) {
      const c = i32At(wJ, t);
      const x = f64At(wV, t);
      if (x != 0) {
        setF64(cols, c * m + k, x);
        store<u8>(touched + <usize>c, 1);
      }
    }
  }
  const buckets: i32 = m < 16 ? 16 : m;
  for (let c: i32 = 0; c < n; c++) {
    if (load<u8>(touched + <usize>c) == 0) {
      setF64(out, c, 0);
      continue;
    }
    const from = c * m;
    let min = f64At(cols, from);
    let max = min;
    for (let t = 1; t < m; t++) {
      const x = f64At(cols, from + t);
      min = select(x, min, x < min);
      max = select(x, max, x > max);
    }
    if (min == max) {
      setF64(out, c, min);
      continue;
    }
    const scale = <f64>buckets / (max - min);
    memory.fill(mass, 0, <usize>(buckets + 1) << 3);
    for (let k: i32 = 0; k < m; k++) {
      const b = <i32>toI64(Math.floor((f64At(cols, from + k) - min) * scale)); // in [0, buckets]
      setI32(bucketOf, k, b);
      setF64(mass, b, f64At(mass, b) + f64At(useStake, k));
    }
    let below: f64 = 0;
    let b: i32 = 0;
    for (; b <= buckets; b++) {
      const mb = f64At(mass, b);
      if (below + mb > minority) break;
      below += mb;
    }
    if (b > buckets) {
      setF64(out, c, max);
      continue;
    }
    let q: i32 = 0;
    for (let k: i32 = 0; k < m; k++) {
      if (i32At(bucketOf, k) == b) {
        setF64(candScore, q, f64At(cols, from + k));
        setF64(candStake, q, f64At(useStake, k));
        q++;
      }
    }
    setF64(out, c, medianSelect(candScore, candStake, q, minority - below));
  }
}

/**
 * The smallest score whose cumulative stake (over scores ≤ it) exceeds `minority`, the largest
 * score if none does: an in-place three-way weighted selection.
 */
function medianSelect(score: usize, stake: usize, m: i32, minority: f64): f64 {
  if (m == 0) return 0;
  let max = f64At(score, 0);
  for (let t: i32 = 1; t < m; t++) max = Math.max(max, f64At(score, t));
  let lo: i32 = 0;
  let hi: i32 = m;
  let below: f64 = 0;
  while (lo < hi) {
    const pivot = f64At(score, (lo + hi) >> 1);
    let lt = lo;
    let i = lo;
    let gt = hi;
    let sLess: f64 = 0;
    let sEq: f64 = 0;
    while (i < gt) {
      const x = f64At(score, i);
      if (x < pivot) {
        sLess += f64At(stake, i);
        swap(score, stake, lt++, i++);
      } else if (x > pivot) {
        swap(score, stake, i, --gt);
      } else {
        sEq += f64At(stake, i);
        i++;
      }
    }
    if (below + sLess > minority) {
      if (lt == lo) return pivot;
      hi = lt;
    } else if (below + sLess + sEq > minority) return pivot;
    else {
      below += sLess + sEq;
      lo = gt;
    }
  }
  return max;
}

@inline function swap(a: usize, b: usize, i: i32, j: i32): void {
  const x = f64At(a, i);
  setF64(a, i, f64At(a, j));
  setF64(a, j, x);
  const y = f64At(b, i);
  setF64(b, i, f64At(b, j));
  setF64(b, j, y);
}

// ---- clipping, validator trust, rank ---------------------------------------------------------------

/**
 * col_clip_sparse, row_sum_sparse and matmul_sparse in one pass: Wc_ij = min(W_ij, c_j) (an entry
 * above c_j ≤ 0 is removed; rows × n), trust_i = Σ_j Wc_ij, rank_j = Σ_i ⌊x_i·Wc_ij⌋. Returns the entry count.
 */
export function clipTrustRank(
  rows: i32, n: i32, wPtr: usize, wJ: usize, wV: usize, consensus: usize, x: usize,
  cPtr: usize, cJ: usize, cV: usize, trust: usize, rank: usize,
): i32 {
  memory.fill(rank, 0, <usize>n << 3);
  let q: i32 = 0;
  setI32(cPtr, 0, 0);
  for (let i: i32 = 0; i < rows; i++) {
    const s = toI64(f64At(x, i));
    let t: i64 = 0;
    const end = i32At(wPtr, i + 1);
    for (let k = i32At(wPtr, i); k < end; k++) {
      const col = i32At(wJ, k);
      const th = toI64(f64At(consensus, col));
      const w0 = toI64(f64At(wV, k));
      if (th <= 0 && th < w0) continue;
      const w = select<i64>(th, w0, th < w0);
      setI32(cJ, q, col);
      setF64(cV, q, toF64(w));
      q++;
      t += w;
      setF64(rank, col, f64At(rank, col) + toF64(mulFx(s, w)));
    }
    setF64(trust, i, toF64(t));
    setI32(cPtr, i + 1, q);
  }
  return q;
}

// ---- Yuma3 bonds: EMA against the stored bonds, and the dividends' per-bond sums -------------------

/**
 * mat_ema_sparse with the old bonds read from storage: row i of the result is, over columns in
 * ascending order, ⌊α·next_ij⌋ + decay[u_ij] where positive (decay[u] = ⌊(1−α)·u/65535⌋ in I32F32,
 * stored entries towards a column with keep = 0 forgotten). Also sums each column of the result.
 * Scratch: acc (f64, n), seen (u8, n), cols (i32, n). Returns the entry count.
 */
export function emaStored(
  n: i32, nPtr: usize, nJ: usize, nV: usize, bPtr: usize, bJ: usize, bV: usize, alpha: f64,
  decay: usize, keep: usize, ePtr: usize, eJ: usize, eV: usize, colSum: usize,
  acc: usize, seen: usize, cols: usize,
): i32 {
  const a = <i64>alpha;
  memory.fill(colSum, 0, <usize>n << 3);
  memory.fill(acc, 0, <usize>n << 3);
  memory.fill(seen, 0, <usize>n);
  let q: i32 = 0;
  setI32(ePtr, 0, 0);
  for (let i: i32 = 0; i < n; i++) {
    const n0 = i32At(nPtr, i);
    const n1 = i32At(nPtr, i + 1);
    const b0 = i32At(bPtr, i);
    const b1 = i32At(bPtr, i + 1);
    const entries = n1 - n0 + b1 - b0;
    if (entries == 0) {
      setI32(ePtr, i + 1, q);
      continue;
    }
    // a row touching more than n/8 columns is emitted over every column, a sparser one over the
    // columns it touched, sorted
    const dense = entries * 8 > n;
    let count: i32 = 0;
    for (let k = n0; k < n1; k++) {
      const c = i32At(nJ, k);
      setF64(acc, c, f64At(acc, c) + toF64(mulFx(a, toI64(f64At(nV, k)))));
      if (!dense && load<u8>(seen + <usize>c) == 0) {
        store<u8>(seen + <usize>c, 1);
        setI32(cols, count++, c);
      }
    }
    for (let k = b0; k < b1; k++) {
      const c = i32At(bJ, k);
      if (<u32>c >= <u32>n || load<u8>(keep + <usize>c) == 0) continue;
      setF64(acc, c, f64At(acc, c) + f64At(decay, <i32>load<u16>(bV + (<usize>k << 1))));
      if (!dense && load<u8>(seen + <usize>c) == 0) {
        store<u8>(seen + <usize>c, 1);
        setI32(cols, count++, c);
      }
    }
    if (dense) {
      for (let c: i32 = 0; c < n; c++) setI32(cols, c, c);
      count = n;
    } else insertionSort(cols, count);
    for (let t: i32 = 0; t < count; t++) {
      const c = i32At(cols, t);
      const v = f64At(acc, c);
      if (v > 0) {
        setI32(eJ, q, c);
        setF64(eV, q, v);
        q++;
        setF64(colSum, c, f64At(colSum, c) + v);
      }
      setF64(acc, c, 0);
      store<u8>(seen + <usize>c, 0);
    }
    setI32(ePtr, i + 1, q);
  }
  return q;
}

function insertionSort(a: usize, count: i32): void {
  for (let t: i32 = 1; t < count; t++) {
    const x = i32At(a, t);
    let s = t - 1;
    while (s >= 0 && i32At(a, s) > x) {
      setI32(a, s + 1, i32At(a, s));
      s--;
    }
    setI32(a, s + 1, x);
  }
}

/**
 * inplace_col_normalize_sparse then mat_vec_mul_sparse then row_sum_sparse, in one pass over a
 * matrix of positive entries with column sums `colSum`: out_i = Σ_j ⌊trunc(m_ij·2^32/colSum_j)·x_j⌋
 * (every entry is at most its column's sum).
 */
export function colNormMatVecRowSum(n: i32, mPtr: usize, mJ: usize, mV: usize, colSum: usize, x: usize, out: usize, inv: usize): void {
  for (let c: i32 = 0; c < n; c++) {
    const s = f64At(colSum, c);
    setF64(inv, c, s > 0 ? ONE / s : 0);
  }
  for (let i: i32 = 0; i < n; i++) {
    let acc: i64 = 0;
    let undecided = false;
    const start = i32At(mPtr, i);
    const end = i32At(mPtr, i + 1);
    for (let k = start; k < end; k++) {
      const c = i32At(mJ, k);
      const q = divFx(f64At(mV, k), f64At(inv, c));
      undecided |= q < 0;
      acc += mulFx(toI64(q), toI64(f64At(x, c))); // ⌊y·0⌋ = 0 whatever y is; an undecided q's garbage is redone below
    }
    if (undecided) {
      acc = 0;
      for (let k = start; k < end; k++) {
        const c = i32At(mJ, k);
        const e = f64At(mV, k);
        let q = divFx(e, f64At(inv, c));
        if (q < 0) q = divLong(e, f64At(colSum, c));
        acc += mulFx(toI64(q), toI64(f64At(x, c)));
      }
    }
    setF64(out, i, toF64(acc));
  }
}

/** fixed_proportion_to_u16 of values in [0, 2^37): min(65535, ⌊x·65535 / 2^32⌋). */
export function toU16(len: i32, v: usize, out: usize): void {
  for (let k: i32 = 0; k < len; k++) {
    const u = toI64(Math.floor(f64At(v, k) * 65535.0 * INV_ONE));
    store<u16>(out + (<usize>k << 1), <u16>select<i64>(u, 65535, u < 65535));
  }
}

/** decay[u] = ⌊(1−α)·trunc(u·2^32/65535)⌋ for every u16 u. */
export function decayTable(alpha: f64, out: usize): void {
  const oma = ONE - alpha;
  for (let u: i32 = 0; u < 65536; u++) setF64(out, u, <f64>mulFx(<i64>oma, <i64>Math.floor((<f64>u * ONE) / 65535.0)));
}
