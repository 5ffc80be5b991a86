/**
 * `SafeInt::pow_ratio_scaled` from safe-bigmath rev 013c499 (`src/integer.rs`), the power function
 * behind every weighted-pool swap (shared/spec/economics.md §5.4):
 *
 *   pow_ratio_scaled(bn, bd, en, ed, precision, scale) ≈ floor( (bn/bd)^(en/ed) · scale )
 *
 *   1. reduce en/ed by their gcd;
 *   2. exact path when en ≤ 1024 and ed ≤ 1024:  r = floor( (bn^en · scale^ed / bd^en)^(1/ed) );
 *   3. otherwise a fixed-point ln/exp Taylor series with `max(precision, 32, bits(scale)+8)`
 *      fractional bits plus 24 guard bits, with the library's early stopping rule.
 *
 * Both paths are reproduced bit for bit (integer arithmetic only), so weighted pools with
 * w ≠ 0.5 agree with the chain too, not only the constant-product case.
 *
 * The series path (~300 terms on ~280-bit integers, ≈ 76 µs) is first tried through a certified
 * shortcut, `powCertified`: the chain's result is floor(V_c·scale) with V_c within ~2^-200 of the
 * true power V (its series run to 2^-256). A 192-bit evaluation A with a proven bound
 * |A − V| ≤ (V + 1)·2^-173 (atanh series for ln, exp after reduction by ln 2) gives the same floor
 * whenever A·scale lies farther than that bound (plus the chain's) from an integer; otherwise, or
 * outside the ranges it is proven for, the series path runs. Tests compare the two on random inputs.
 */

const MAX_EXACT_EXPONENT = 1024n;
const DEFAULT_MAX_ITERS = 4096;
const GUARD_BITS = 24n;

/** Number of significant bits (num-bigint `bits()`); 0 for 0. */
export function bitLength(v: bigint): bigint {
  return v === 0n ? 0n : BigInt(v.toString(2).length);
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Division rounding toward −∞ (num-integer `div_floor`). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  if (a < 0n === b < 0n) return q; // same signs: truncation is the floor
  return q * b === a ? q : q - 1n;
}

/** ⌊a/b⌋ for b > 0, without the multiply-back: a negative a floors as −⌈−a/b⌉. */
const floorDivPos = (a: bigint, b: bigint): bigint => (a >= 0n ? a / b : -((-a + b - 1n) / b));

/** n as a bigint, for the series' divisors (at most DEFAULT_MAX_ITERS of them). */
const SMALL: bigint[] = Array.from({ length: DEFAULT_MAX_ITERS + 1 }, (_, n) => BigInt(n));

/** floor(n^(1/q)) for n ≥ 0 by Newton's method. */
function iroot(n: bigint, q: bigint): bigint {
  if (n < 2n || q === 1n) return n;
  // start above the root: 2^ceil(bits/q)
  let x = 1n << ((bitLength(n) + q - 1n) / q);
  for (;;) {
    const y = ((q - 1n) * x + n / x ** (q - 1n)) / q;
    if (y >= x) return x;
    x = y;
  }
}

/**
 * `nth_root_ratio_floor(num, den, q)`: the largest m with m^q·den ≤ num. Equal to
 * floor(floor(num/den)^(1/q)), because m^q ≤ num/den ⟺ m^q ≤ floor(num/den) for integer m.
 */
function nthRootRatioFloor(num: bigint, den: bigint, q: bigint): bigint {
  return iroot(num / den, q);
}

/** `round_to_precision`: divide by the guard factor 2^GUARD_BITS, rounding half away from zero. */
function roundToPrecision(v: bigint, guard: bigint): bigint {
  const a = v < 0n ? -v : v;
  let t = a >> GUARD_BITS;
  if ((a & (guard - 1n)) >= guard >> 1n) t += 1n; // 2·r ≥ guard
  return v < 0n ? -t : t;
}

/** `ln1p_fixed`: ln(1+x) by its Taylor series in fixed point, with the library's stopping rule. */
function ln1pFixed(x: bigint, scale: bigint, guard: bigint, maxIters: number): bigint {
  const scaleBits = bitLength(scale) - 1n; // scale is a power of two: ⌊·/scale⌋ is a shift
  let term = x;
  let result = term;
  let prevRounded = roundToPrecision(result, guard);
  for (let n = 2; n <= maxIters; n++) {
    term = (term * x) >> scaleBits;
    if (term === 0n) break;
    const next = floorDivPos(term, SMALL[n]!);
    if (next === 0n) break;
    if (n % 2 === 0) result -= next;
    else result += next;
    const rounded = roundToPrecision(result, guard);
    if ((next < 0n ? -next : next) < guard || rounded === prevRounded) break;
    prevRounded = rounded;
  }
  return result;
}

/** `exp_fixed`: e^x by its Taylor series in fixed point. */
function expFixed(x: bigint, scale: bigint, guard: bigint, maxIters: number): bigint {
  let term = scale;
  let result = term;
  let prevRounded = roundToPrecision(result, guard);
  for (let n = 1; n <= maxIters; n++) {
    term = floorDivPos(term * x, scale * SMALL[n]!);
    if (term === 0n) break;
    result += term;
    const rounded = roundToPrecision(result, guard);
    if ((term < 0n ? -term : term) < guard || rounded === prevRounded) break;
    prevRounded = rounded;
  }
  return result;
}

/** `ln_biguint`: ln(v) from a mantissa normalised into [0.5, 1.5) plus shift·ln 2. */
function lnBig(v: bigint, intPrec: bigint, scale: bigint, guard: bigint, lnTwo: bigint, maxIters: number): bigint {
  let shift = bitLength(v) - 1n;
  if (shift < 0n) shift = 0n;
  let mantissa = (v << intPrec) >> shift;
  if (mantissa >= scale + (scale >> 1n)) {
    mantissa >>= 1n;
    shift += 1n;
  }
  return ln1pFixed(mantissa - scale, scale, guard, maxIters) + lnTwo * shift;
}

// ln 2 depends only on the internal precision; memoised (a pure function of its key).
const lnTwoCache = new Map<string, bigint>();
function lnTwoAt(internalScale: bigint, guard: bigint, maxIters: number): bigint {
  const key = `${internalScale}:${maxIters}`;
  let v = lnTwoCache.get(key);
  if (v === undefined) {
    v = -ln1pFixed(-(internalScale >> 1n), internalScale, guard, maxIters);
    lnTwoCache.set(key, v);
  }
  return v;
}

/**
 * `SafeInt::pow_ratio_scaled`. Returns undefined where the library returns `None` (a zero
 * denominator); inputs are non-negative here, as in every call from the swap pallet.
 */
export function powRatioScaled(
  baseNum: bigint,
  baseDen: bigint,
  expNum: bigint,
  expDen: bigint,
  precision: bigint,
  scale: bigint,
): bigint | undefined {
  if (baseDen === 0n || expDen === 0n) return undefined;
  if (baseNum === 0n) return 0n;
  if (expNum === 0n) return scale;
  const g = gcd(expNum, expDen);
  const en = expNum / g;
  const ed = expDen / g;

  if (en <= MAX_EXACT_EXPONENT && ed <= MAX_EXACT_EXPONENT) {
    return nthRootRatioFloor(baseNum ** en * scale ** ed, baseDen ** en, ed);
  }

  return powCertified(baseNum, baseDen, en, ed, scale) ?? powByLnExp(baseNum, baseDen, en, ed, precision, scale);
}

// ---- the certified shortcut ----------------------------------------------------------------------

/** Fractional bits of the shortcut's fixed point. */
const P = 192n;
const ONE_P = 1n << P;
/** ln 2 to P bits, rounded (error ≤ 2^-P-1), from 2·atanh(1/3) at P + 64 bits. */
const LN2_P = ((): bigint => {
  const Q = P + 64n;
  const z = (1n << Q) / 3n;
  const zz = (z * z) >> Q;
  let pw = z;
  let sum = 0n;
  for (let j = 1n; pw > 0n; j += 2n) {
    sum += pw / j;
    pw = (pw * zz) >> Q;
  }
  return (2n * sum + (1n << 63n)) >> 64n;
})();
/** |ln V| beyond which the shortcut declines: the chain's exp series is proven converged well inside it. */
const MAX_LN_P = 64n << P;
/** |z| ≤ 1/3: the atanh series' range (a base ratio within [1/2, 2] after a power-of-two reduction). */
const MAX_Z_P = ONE_P / 3n + 1n;

/**
 * floor((bn/bd)^(en/ed) · scale), or undefined where it cannot certify that the chain's series
 * path gives this value. Error bound, in units u = 2^-P (each floor ≤ 1u):
 *   z = (n − d)/(n + d) after scaling d (or n) by 2^k0 so that |z| ≤ 1/3;
 *   ln(n/d) = k0·ln 2 + 2·Σ z^(2j+1)/(2j+1): ≤ 2·(3 per term · ≤ 64 terms + tail) + |k0| ≤ 2^11 u;
 *   y = ln·en/ed with en/ed ≤ 99 (both weights ≥ 0.01): ≤ 2^18 u;
 *   y = k·ln 2 + t, |t| ≤ ln 2/2; e^t by Taylor (≤ 2u per term, ≤ 60 terms): relative ≤ 2^18.2 u;
 *   V = e^t·2^k (a right shift floors once more): |A − V| ≤ (V + 1)·2^19 u.
 * Certified when A·scale is more than (A·scale + scale + 1)·2^-(P-24) from an integer: 32 times
 * that bound, which also covers the chain's own error (≤ (V + 1)·2^-200).
 */
export function powCertified(bn: bigint, bd: bigint, en: bigint, ed: bigint, scale: bigint): bigint | undefined {
  if (bn <= 0n || bd <= 0n || en <= 0n || ed <= 0n || en > 99n * ed) return undefined;
  // n/d = 2^k0 · (num/den), num/den ∈ [2/3·…, 3/2·…]: pick k0 from the bit lengths, then z
  const k0 = bitLength(bn) - bitLength(bd);
  let num = bn;
  let den = bd;
  if (k0 > 0n) den <<= k0;
  else if (k0 < 0n) num <<= -k0;
  // on |z|, so that every floor goes toward zero and the powers reach 0
  const z = ((num > den ? num - den : den - num) << P) / (num + den);
  if (z > MAX_Z_P) return undefined;
  const zz = (z * z) >> P;
  let pw = z;
  let atanh = 0n;
  for (let j = 1n; pw !== 0n; j += 2n) {
    atanh += pw / j;
    pw = (pw * zz) >> P;
  }
  const ln = (num > den ? 2n : -2n) * atanh + k0 * LN2_P;
  const y = floorDiv(ln * en, ed);
  if (y > MAX_LN_P || -y > MAX_LN_P) return undefined;
  // y = k·ln 2 + t with k = round(y / ln 2)
  const k = floorDiv(2n * y + LN2_P, 2n * LN2_P);
  const t = y - k * LN2_P;
  let term = ONE_P;
  let et = ONE_P;
  for (let n = 1n; term !== 0n; n++) {
    term = (term * t) / (n << P);
    et += term;
  }
  const a = k >= 0n ? et << k : et >> -k;
  const v = a * scale;
  const frac = v & (ONE_P - 1n);
  const margin = ((v >> P) + scale + 1n) << 24n;
  if (frac <= margin || ONE_P - frac <= margin) return undefined;
  return v >> P;
}

/** The chain's ln/exp series path (en/ed already reduced). Exported for the tests of the shortcut. */
export function powByLnExp(baseNum: bigint, baseDen: bigint, en: bigint, ed: bigint, precision: bigint, scale: bigint): bigint {
  let requested = precision > 32n ? precision : 32n;
  const scaleBits = bitLength(scale) + 8n;
  if (scaleBits > requested) requested = scaleBits;
  const internalPrecision = requested + GUARD_BITS;
  const maxIters = Math.min(DEFAULT_MAX_ITERS, Number(internalPrecision) + 128);
  const targetScale = 1n << requested;
  const guard = 1n << GUARD_BITS;
  const internalScale = targetScale << GUARD_BITS;

  const lnTwo = lnTwoAt(internalScale, guard, maxIters);
  const lnBase =
    lnBig(baseNum, internalPrecision, internalScale, guard, lnTwo, maxIters) -
    lnBig(baseDen, internalPrecision, internalScale, guard, lnTwo, maxIters);
  const lnScaled = floorDiv(lnBase * en, ed);
  const expFp = expFixed(lnScaled, internalScale, guard, maxIters);
  return floorDiv(roundToPrecision(expFp, guard) * scale, targetScale);
}
