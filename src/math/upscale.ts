/**
 * vec_max_upscale_to_u16 / vec_u16_max_upscale_to_u16 (epoch/math.rs:78, 123): how a submitted
 * weight row is stored. The maximum becomes 65535, the others round(v·65535/max), half away from
 * zero; if max > 32768 the factor 65535/max is computed first (I32F32 throughout).
 */
import { fromInt, mul, safeDiv, toU16 } from './q32.js';

const U16MAX = fromInt(65535);
const TH = fromInt(32768);
const HALF_RAW = 2 ** 31;

/** Round half away from zero to an integer, clamped to u16. */
function roundU16(a: number): number {
  const r = a >= 0 ? Math.floor((a + HALF_RAW) / 2 ** 32) : -Math.floor((-a + HALF_RAW) / 2 ** 32);
  return r < 0 ? 0 : r > 65535 ? 65535 : r;
}

export function vecMaxUpscaleToU16(vec: readonly number[]): number[] {
  if (vec.length === 0) return [];
  const m = vec.reduce((a, b) => (b > a ? b : a));
  if (m === 0) return vec.map((e) => toU16(mul(e, U16MAX)));
  if (m > TH) {
    const f = safeDiv(U16MAX, m);
    return vec.map((e) => roundU16(mul(e, f)));
  }
  return vec.map((e) => roundU16(safeDiv(mul(e, U16MAX), m)));
}

export function vecU16MaxUpscaleToU16(values: readonly number[]): number[] {
  // A row whose maximum is already 65535 is stored as submitted: the factor 65535/max is exactly 1.
  let max = 0;
  for (const v of values) if (v > max) max = v;
  if (max === 65535 && values.every((v) => Number.isInteger(v) && v >= 0)) return values.slice();
  return vecMaxUpscaleToU16(values.map(fromInt));
}
