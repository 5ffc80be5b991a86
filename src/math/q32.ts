/**
 * I32F32 (Q32.32) arithmetic on plain numbers, exact to the bit of substrate_fixed v0.6.0
 * (shared/spec/yuma.md §5.2): a value is held as its raw integer `raw = value·2^32` in a double.
 *
 *   mul(a, b) = ⌊a·b / 2^32⌋          floor (arithmetic shift)
 *   div(a, b) = trunc(a·2^32 / b)      toward zero; safeDiv → 0 on b = 0 or overflow
 *
 * Why doubles and not bigint: the epoch does ~10 multiplies/divides per weight entry, and bigint
 * arithmetic allocates. Doubles hold every raw value the epoch produces exactly (fractions ≤ n,
 * i.e. < 2^53 raw; u16 integers, i.e. multiples of 2^32), and the error-free transforms below
 * (Dekker two-product, exact remainder) give the exact floor/trunc; the rare cases outside the
 * certified range go through bigint. Property tests compare every operation with bigint.
 */

export const ONE = 4294967296; // 2^32
const INV_ONE = 1 / ONE;
const TWO53 = 9007199254740992;
const TWO52 = 4503599627370496;
const TWO33 = 8589934592;
/** How close to an integer a rounded quotient (≤ 2^33, within 2^-20) may come before its floor is recomputed exactly. */
const NEAR_INT = 2 ** -18;
const I64_MAX = 2n ** 63n - 1n;
const I64_MIN = -(2n ** 63n);
const SPLITTER = 134217729; // 2^27 + 1 (Veltkamp)

/** Error term e of a·b = p + e, where p = fl(a·b) (Dekker). Exact while nothing overflows. */
function twoProductError(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

const big = (x: number): bigint => BigInt(x);
const sat = (r: bigint): number => Number(r < I64_MIN ? I64_MIN : r > I64_MAX ? I64_MAX : r);

function mulSlow(a: number, b: number): number {
  return sat((big(a) * big(b)) >> 32n);
}

/** Saturating multiply, floor. */
export function mul(a: number, b: number): number {
  const p = a * b;
  if (p < TWO53 && p > -TWO53) return Math.floor(p * INV_ONE) + 0; // + 0: never −0
  const x = p * INV_ONE;
  if (!(x < TWO52 && x > -TWO52)) return mulSlow(a, b);
  const f = Math.floor(x);
  if (x !== f) return f;
  return twoProductError(a, b, p) < 0 ? f - 1 : f;
}

/** Checked multiply: undefined on I64 overflow (`checked_mul`). */
export function checkedMul(a: number, b: number): number | undefined {
  const p = a * b;
  if (p < TWO53 * ONE && p > -TWO53 * ONE) return mul(a, b);
  const r = (big(a) * big(b)) >> 32n;
  return r < I64_MIN || r > I64_MAX ? undefined : Number(r);
}

function divSlow(a: number, b: number): number | undefined {
  const q = (big(a) << 32n) / big(b);
  return q < I64_MIN || q > I64_MAX ? undefined : Number(q);
}

/** trunc(a·2^32 / b), undefined on zero divisor or overflow (`checked_div`). */
export function checkedDiv(a: number, b: number): number | undefined {
  if (b === 0) return undefined;
  if (a === 0) return 0;
  if (a > 0 && b > 0) {
    // The common case, a quotient below 2^33: the rounded double quotient is within 2^-20 of the
    // true one, so its floor is the true floor unless it lies within 2^-18 of an integer.
    const q0 = (a * ONE) / b;
    if (q0 < TWO33) {
      const f = Math.floor(q0);
      const frac = q0 - f; // exact
      if (frac > NEAR_INT && frac < 1 - NEAR_INT) return f;
    }
  }
  const neg = a < 0 !== b < 0;
  let n = Math.abs(a) * ONE; // exact: scaling by a power of two
  let d = Math.abs(b);
  // The quotient depends only on n/d: strip common factors 2^32 (u16 weights and bonds are
  // integers, i.e. multiples of 2^32 raw) to bring d into the certified range.
  while (d >= TWO52 && d % ONE === 0 && n % ONE === 0) {
    d *= INV_ONE;
    n *= INV_ONE;
  }
  const q0 = n / d;
  if (!(q0 < TWO52) || !(d < TWO52)) return divSlow(a, b);
  let q = Math.floor(q0);
  // exact remainder r = n − q·d (Sterbenz: n and fl(q·d) are within a factor of 2 when q ≥ 1)
  const p = q * d;
  const r = n - p - twoProductError(q, d, p);
  if (r < 0) q -= 1;
  else if (r >= d) q += 1;
  return neg ? -q + 0 : q;
}

/** `safe_div`: 0 on zero divisor or overflow. */
export const safeDiv = (a: number, b: number): number => checkedDiv(a, b) ?? 0;

/** `saturating_div`: clamps on overflow. */
export function satDiv(a: number, b: number): number {
  const q = checkedDiv(a, b);
  if (q !== undefined) return q;
  if (b === 0 && a === 0) return 0;
  return a < 0 !== b < 0 ? Number(I64_MIN) : Number(I64_MAX);
}

/** Integer → I32F32. */
export const fromInt = (v: number): number => v * ONE;
/** `saturating_to_num::<u16>()`: floor, clamped to [0, 65535]. */
export function toU16(a: number): number {
  const v = Math.floor(a * INV_ONE);
  return v < 0 ? 0 : v > 65535 ? 65535 : v;
}
const U16MAX_FX = 65535 * ONE;
/**
 * `fixed_proportion_to_u16`: ⌊x·65535⌋, saturating. For 0 ≤ raw < 2^37 the I32F32 product
 * raw·65535 is an exact integer below 2^53, so one floor of a power-of-two division is exact.
 */
export const proportionToU16 = (a: number): number =>
  a >= 0 && a < 137438953472 ? Math.min(65535, Math.floor((a * 65535) * INV_ONE)) : toU16(mul(a, U16MAX_FX));
/**
 * u16 proportion → I32F32: trunc(v·2^32 / 65535·2^32). For a u16 v the quotient's double floor
 * is exact (numerator < 2^48, error below 1/65535).
 */
export const u16ProportionToFixed = (v: number): number =>
  v >= 0 && v <= 65535 ? Math.floor((v * ONE) / 65535) : safeDiv(v * ONE, U16MAX_FX);

export const toF64 = (a: number): number => a * INV_ONE;

/** `from_num(f64)`: round to nearest, ties to even (only for constants such as 0.5). */
export function fromF64(v: number): number {
  const x = v * ONE; // exact scaling
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5 || (d === 0.5 && f % 2 !== 0)) return f + 1;
  return f + 0;
}
