/**
 * exp_safe (epoch/math.rs:172) over substrate_fixed's `transcendental::exp` for I32F32:
 * exp(0) = 1; exp(1) = ⌊e·2^23⌋/2^23; otherwise 1 + |x| + Σ_{i=2}^{31} term_i with
 * term_i = (term_{i−1}·|x|)/i (checked), and 1/result for x < 0. Input clamped to [−20, 20];
 * an overflow maps to 0 (x ≤ 0) or I64 max (x > 0). Computed on bigint: results reach 2^61 raw.
 */
import { I32F32, checkedDiv, checkedMul, fromInt, inRange } from '../core/fixed.js';

const ONE = 1n << 32n;
const E_I9F23_AS_I32F32 = 22_802_600n << 9n; // ⌊e·2^23⌋ in I9F23, widened to 32 fraction bits
const CLAMP = 20n << 32n;

function expFixed(x: bigint): bigint | undefined {
  if (x === 0n) return ONE;
  if (x === ONE) return E_I9F23_AS_I32F32;
  const neg = x < 0n;
  const a = neg ? -x : x;
  let result = a + ONE;
  if (!inRange(I32F32, result)) return undefined;
  let term = a;
  for (let i = 2n; i < 32n; i++) {
    const t = checkedMul(I32F32, term, a);
    if (t === undefined) return undefined;
    const d = checkedDiv(I32F32, t, fromInt(I32F32, i));
    if (d === undefined) return undefined;
    term = d;
    result += term;
    if (!inRange(I32F32, result)) return undefined;
  }
  return neg ? checkedDiv(I32F32, ONE, result) : result;
}

/** exp_safe on a raw I32F32 bigint. */
export function expSafe(x: bigint): bigint {
  const s = x < -CLAMP ? -CLAMP : x > CLAMP ? CLAMP : x;
  return expFixed(s) ?? (s <= 0n ? 0n : I32F32.max);
}
