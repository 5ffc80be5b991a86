/**
 * Exact fixed-point arithmetic on bigint raw values, as substrate_fixed v0.6.0 and
 * subtensor primitives/safe-math define it (shared/spec/economics.md §0.2, yuma.md §5.2).
 *
 * A value of type UxFy / IxFy is held as its raw integer `raw = value · 2^frac`.
 *   mul:  raw = ⌊a·b / 2^frac⌋          (floor; arithmetic shift)
 *   div:  raw = trunc(a·2^frac / b)      (toward zero)
 *   safe_div: 0 on division by zero or overflow
 *   from f64 literal: round to nearest, ties to even
 *   to integer: floor, saturating at the integer type's bounds
 */

export interface FixedType {
  readonly name: string;
  readonly frac: bigint;
  readonly min: bigint;
  readonly max: bigint;
}

const fixedType = (name: string, bits: number, frac: number, signed: boolean): FixedType => ({
  name,
  frac: BigInt(frac),
  min: signed ? -(1n << BigInt(bits - 1)) : 0n,
  max: signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n,
});

export const I32F32 = fixedType('I32F32', 64, 32, true);
export const I64F64 = fixedType('I64F64', 128, 64, true);
export const U64F64 = fixedType('U64F64', 128, 64, false);
export const I96F32 = fixedType('I96F32', 128, 32, true);
export const U96F32 = fixedType('U96F32', 128, 32, false);

export const saturate = (t: FixedType, raw: bigint): bigint => (raw < t.min ? t.min : raw > t.max ? t.max : raw);
export const inRange = (t: FixedType, raw: bigint): boolean => raw >= t.min && raw <= t.max;

/** Exact conversion of an integer. */
export const fromInt = (t: FixedType, v: bigint): bigint => saturate(t, v << t.frac);
export const one = (t: FixedType): bigint => 1n << t.frac;

export const satAdd = (t: FixedType, a: bigint, b: bigint): bigint => saturate(t, a + b);
export const satSubF = (t: FixedType, a: bigint, b: bigint): bigint => saturate(t, a - b);
/** Saturating multiply, floor. */
export const mul = (t: FixedType, a: bigint, b: bigint): bigint => saturate(t, (a * b) >> t.frac);
/** Checked multiply: undefined on overflow. */
export const checkedMul = (t: FixedType, a: bigint, b: bigint): bigint | undefined => {
  const r = (a * b) >> t.frac;
  return inRange(t, r) ? r : undefined;
};
/** Checked divide (truncating): undefined on zero divisor or overflow. */
export const checkedDiv = (t: FixedType, a: bigint, b: bigint): bigint | undefined => {
  if (b === 0n) return undefined;
  const q = (a << t.frac) / b;
  return inRange(t, q) ? q : undefined;
};
/** safe_div: 0 on zero divisor or overflow. */
export const safeDiv = (t: FixedType, a: bigint, b: bigint): bigint => checkedDiv(t, a, b) ?? 0n;
/** saturating_div: clamps on overflow; zero divisor saturates by sign. */
export const satDiv = (t: FixedType, a: bigint, b: bigint): bigint => {
  if (b === 0n) return a === 0n ? 0n : a > 0n ? t.max : t.min;
  return saturate(t, (a << t.frac) / b);
};

/** Drop or add fractional bits (floor), saturating into the target type. */
export const convert = (from: FixedType, to: FixedType, raw: bigint): bigint =>
  saturate(to, from.frac >= to.frac ? raw >> (from.frac - to.frac) : raw << (to.frac - from.frac));

/** `saturating_to_num::<u64>()`: floor, clamped to [0, u64::MAX]. */
export const toU64 = (t: FixedType, raw: bigint): bigint => {
  const v = raw >> t.frac;
  return v < 0n ? 0n : v > 0xffff_ffff_ffff_ffffn ? 0xffff_ffff_ffff_ffffn : v;
};

/** `from_num(f64)`: exact binary value of the double, rounded to nearest, ties to even. */
export function fromF64(t: FixedType, v: number): bigint {
  if (!Number.isFinite(v)) throw new RangeError(`fromF64: ${v} is not finite`);
  // decompose v = m · 2^e exactly
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, v);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const sign = hi >>> 31 ? -1n : 1n;
  const expBits = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: bigint;
  if (expBits === 0) e = -1074n;
  else {
    mant |= 1n << 52n;
    e = BigInt(expBits) - 1075n;
  }
  const shift = e + t.frac; // raw = mant · 2^shift
  let raw: bigint;
  if (shift >= 0n) raw = mant << shift;
  else {
    const s = -shift;
    const q = mant >> s;
    const rem = mant - (q << s);
    const half = 1n << (s - 1n);
    raw = rem > half || (rem === half && (q & 1n) === 1n) ? q + 1n : q;
  }
  return saturate(t, sign * raw);
}

/** The value as a double (for output only; never feeds money). */
export const toF64 = (t: FixedType, raw: bigint): number => Number(raw) / 2 ** Number(t.frac);

