/**
 * Per-hotkey share pool: who owns how much of a hotkey's stake on one subnet.
 * Mirrors subtensor `primitives/share-pool/src/lib.rs` (SafeFloat, SharePool) as used by
 * `HotkeyAlphaSharePoolDataOperations` in `pallets/subtensor/src/staking/stake_utils.rs`
 * (shared/spec/economics.md §5.12).
 *
 *   shared value    V = TotalHotkeyAlpha[h, i]            (u64 rao, exact)
 *   denominator     D = TotalHotkeySharesV2[h, i]         (SafeFloat)
 *   share of c      s_c = AlphaV2[(h, c, i)]              (SafeFloat)
 *   value(c)        = u64( V · s_c / D )                  (mul_div, then floor; 0 if D = 0)
 *   update_value_for_one(c, Δ):
 *     D = 0  ⇒ D = s_c = |Δ|                              (the first key gets everything)
 *     else   spu = |Δ| · D / V  (0 if V = 0);  Δ > 0 ⇒ D += spu, s_c += spu;  Δ ≤ 0 ⇒ D −= spu, s_c −= spu
 *     then update_value_for_all(Δ)
 *   update_value_for_all(Δ): V = V ± |Δ|                  (u64 saturating)
 *
 * SafeFloat is `mantissa · 10^exponent` with the mantissa normalised into (1e20, 1e21]: about 21
 * significant decimal digits, every operation flooring. It is reproduced here digit for digit,
 * including its saturating subtraction (a − b = 0 when b > a) and the "keep the old value when an
 * operation fails" rule of `update_value_for_one`, so share values match the chain to the rao.
 */

/** SafeFloat: `mantissa · 10^exponent`; mantissa is 0 or in (SAFE_FLOAT_MAX/10, SAFE_FLOAT_MAX]. */
export interface SafeFloat {
  readonly mantissa: bigint;
  readonly exponent: number;
}

export const SAFE_FLOAT_MAX = 1_000_000_000_000_000_000_000n;
export const SAFE_FLOAT_MAX_EXP = 21;
const SAFE_FLOAT_MIN = SAFE_FLOAT_MAX / 10n;
const U64_MAX = (1n << 64n) - 1n;

export const SF_ZERO: SafeFloat = Object.freeze({ mantissa: 0n, exponent: 0 });

const POW10: bigint[] = Array.from({ length: 80 }, (_, k) => 10n ** BigInt(k));

/** `cappow10`: 10^e, capped at 10^(SAFE_FLOAT_MAX_EXP+1) as the chain does. */
function cappow10(e: number): bigint {
  if (e > SAFE_FLOAT_MAX_EXP + 1) return SAFE_FLOAT_MAX * 10n;
  return POW10[e] ?? 10n ** BigInt(e);
}

/**
 * Number of decimal digits of m > 0 (m < 10^79). The double nearest m gives it to within one
 * (only next to a power of ten can rounding cross it); one comparison settles it. Counting by
 * comparisons alone took ~10 bigint comparisons for a u64 and measured ~15% of a share update.
 */
function digits(m: bigint): number {
  const d = Math.floor(Math.log10(Number(m))) + 1;
  if (m >= POW10[d]!) return d + 1;
  if (d > 1 && m < POW10[d - 1]!) return d - 1;
  return d;
}

/**
 * `SafeFloat::normalize`: scale the mantissa into (1e20, 1e21], flooring when it shrinks. The
 * chain divides or multiplies by 10 in a loop; one division by 10^k floors the same way
 * (⌊⌊m/10⌋/10⌋ = ⌊m/100⌋), and a mantissa that lands on exactly 1e20 takes the loop's extra step.
 */
function normalize(mantissa: bigint, exponent: number): SafeFloat {
  if (mantissa === 0n) return SF_ZERO;
  if (mantissa > SAFE_FLOAT_MIN && mantissa <= SAFE_FLOAT_MAX) return { mantissa, exponent };
  let m = mantissa;
  let e = exponent;
  if (m > SAFE_FLOAT_MAX && m < POW10[79]!) {
    const k = digits(m) - SAFE_FLOAT_MAX_EXP; // to 21 digits, ≤ 1e21
    m /= POW10[k]!;
    e += k;
  }
  while (m > SAFE_FLOAT_MAX) {
    m /= 10n;
    e += 1;
  }
  if (m <= SAFE_FLOAT_MIN) {
    const k = SAFE_FLOAT_MAX_EXP - digits(m); // to 21 digits, ≥ 1e20
    m *= POW10[k]!;
    e -= k;
    if (m <= SAFE_FLOAT_MIN) {
      m *= 10n;
      e -= 1;
    }
  }
  return { mantissa: m, exponent: e };
}

/** `SafeFloat::new(m, e)` for m ≤ SAFE_FLOAT_MAX (the chain returns None above it). */
export const sfNew = (mantissa: bigint, exponent: number): SafeFloat => normalize(mantissa, exponent);

/** `SafeFloat::from(u64)`. */
export const sfFromU64 = (v: bigint): SafeFloat => normalize(v, 0);

export const sfIsZero = (a: SafeFloat): boolean => a.mantissa === 0n;

/** `SafeFloat::add` (floors the smaller operand to the larger one's exponent). */
export function sfAdd(a: SafeFloat, b: SafeFloat): SafeFloat {
  if (sfIsZero(a)) return b;
  if (sfIsZero(b)) return a;
  if (a.exponent >= b.exponent) return normalize(a.mantissa + b.mantissa / cappow10(a.exponent - b.exponent), a.exponent);
  return normalize(a.mantissa / cappow10(b.exponent - a.exponent) + b.mantissa, b.exponent);
}

/**
 * `SafeFloat::sub`: saturating at 0 (b > a gives 0). `undefined` when a is 0 and b is not, the
 * chain's `None`, on which `update_value_for_one` keeps the old value.
 */
export function sfSub(a: SafeFloat, b: SafeFloat): SafeFloat | undefined {
  if (sfIsZero(a) && sfIsZero(b)) return SF_ZERO;
  if (sfIsZero(a)) return undefined;
  if (sfIsZero(b)) return a;
  const sat = (x: bigint, y: bigint): bigint => (x > y ? x - y : 0n);
  if (a.exponent >= b.exponent) return normalize(sat(a.mantissa, b.mantissa / cappow10(a.exponent - b.exponent)), a.exponent);
  return normalize(sat(a.mantissa / cappow10(b.exponent - a.exponent), b.mantissa), b.exponent);
}

/** `SafeFloat::mul_div`: a·b/c with the 256-bit product floored once; `undefined` if c = 0. */
export function sfMulDiv(a: SafeFloat, b: SafeFloat, c: SafeFloat): SafeFloat | undefined {
  if (c.mantissa === 0n) return undefined;
  return normalize((a.mantissa * b.mantissa) / c.mantissa, a.exponent + b.exponent - c.exponent);
}

/** `u64::from(&SafeFloat)`: floor, saturating at u64::MAX. */
export function sfToU64(a: SafeFloat): bigint {
  if (a.exponent === 0) return a.mantissa > U64_MAX ? U64_MAX : a.mantissa;
  const scale = cappow10(Math.abs(a.exponent));
  const q = a.exponent > 0 ? a.mantissa * scale : a.mantissa / scale;
  return q > U64_MAX ? U64_MAX : q;
}

/**
 * One hotkey's pool on one subnet. Owned, mutable state: the ledger holds one per (hotkey,
 * netuid) and is the only writer; `clone()` gives an independent copy.
 *
 * A pool whose one key holds everything with D = s = F(V) (F = `sfFromU64`; a miner's own pool,
 * which grows by its incentive every epoch) is kept lazily as that key alone. The chain's buy for
 * that key keeps the state so: spu = mul_div(F(Δ), F(V), F(V)) = F(Δ), and F(V) + F(Δ) floors
 * nothing, both being integers scaled by 10^k with k ≥ 0 (V, Δ < 1e20), so D' = s' = F(V + Δ).
 * So does that key's sale of 0 < Δ < V (a miner selling part of its incentive): spu = F(Δ) again,
 * and F(V) − F(Δ) aligns F(Δ) to F(V)'s exponent without flooring (Δ has no more digits than V,
 * so F(Δ)'s scale 10^j has j ≥ k), leaving (V − Δ)·10^k, normalised: D' = s' = F(V − Δ).
 * Any other operation first writes the state out.
 */
export class SharePool {
  /** TotalHotkeyAlpha, u64 rao. */
  private sharedValue = 0n;
  /** TotalHotkeySharesV2 (stale while `sole` is set). */
  private denominator: SafeFloat = SF_ZERO;
  /** AlphaV2 entries; a zero share is removed, as the chain's `set_share` does (stale while `sole` is set). */
  private readonly shares = new Map<string, SafeFloat>();
  /** The key holding D = s = F(V) > 0 alone, while the pool is kept lazily. */
  private sole: string | undefined;
  /** Updates so far: a value read at one count holds until the next (readers cache by it). */
  private writes = 0;

  /** The number of updates made to the pool (its values change only with it). */
  get version(): number {
    return this.writes;
  }

  clone(): SharePool {
    const p = new SharePool();
    p.sharedValue = this.sharedValue;
    p.denominator = this.denominator;
    p.sole = this.sole;
    for (const [k, s] of this.shares) p.shares.set(k, s);
    return p;
  }

  /** Write the lazily kept state out. */
  private settle(): void {
    if (this.sole === undefined) return;
    const f = sfFromU64(this.sharedValue);
    this.denominator = f;
    this.shares.clear();
    this.shares.set(this.sole, f);
    this.sole = undefined;
  }

  getSharedValue(): bigint {
    return this.sharedValue;
  }

  getDenominator(): SafeFloat {
    this.settle();
    return this.denominator;
  }

  getShare(key: string): SafeFloat {
    this.settle();
    return this.shares.get(key) ?? SF_ZERO;
  }

  hasShare(key: string): boolean {
    return this.sole !== undefined ? key === this.sole : this.shares.has(key);
  }

  /** Keys holding a share, unordered. */
  holders(): IterableIterator<string> {
    this.settle();
    return this.shares.keys();
  }

  /** Keys holding a share, sorted. */
  keys(): string[] {
    this.settle();
    return [...this.shares.keys()].sort();
  }

  /**
   * `get_value`: floor(V · s / D), 0 when D = 0. Kept lazily (D = s = F(V)), the sole key's value
   * is V itself: mul_div(F(V), s, D) with s = D is F(V) exactly, and F(V) of a u64 is exact — so
   * reading it does not write the pool out.
   */
  getValue(key: string): bigint {
    if (this.sole !== undefined) return key === this.sole ? this.sharedValue : 0n;
    return this.getValueFromShares(this.getShare(key));
  }

  /** `get_value_from_shares`. */
  getValueFromShares(share: SafeFloat): bigint {
    this.settle();
    const v = sfMulDiv(sfFromU64(this.sharedValue), share, this.denominator);
    return v === undefined ? 0n : sfToU64(v);
  }

  /** `try_get_value(..).unwrap_or(0)`: 0 for a key without an entry. */
  tryGetValue(key: string): bigint {
    return this.hasShare(key) ? this.getValue(key) : 0n;
  }

  /** `update_value_for_all`: every share's value moves pro rata (nominators' earnings). */
  updateValueForAll(update: bigint): void {
    this.writes++;
    this.settle();
    this.addToValue(update);
  }

  private addToValue(update: bigint): void {
    if (update >= 0n) {
      const v = this.sharedValue + update;
      this.sharedValue = v > U64_MAX ? U64_MAX : v;
    } else {
      this.sharedValue = this.sharedValue > -update ? this.sharedValue + update : 0n;
    }
  }

  private sharesPerUpdate(update: bigint): SafeFloat {
    const abs = update < 0n ? -update : update;
    return sfMulDiv(sfFromU64(abs), this.denominator, sfFromU64(this.sharedValue)) ?? SF_ZERO;
  }

  /** `sim_update_value_for_one`: false when the update would mint no shares (InsufficientLiquidity). */
  simUpdateValueForOne(update: bigint): boolean {
    this.settle();
    if (sfIsZero(this.denominator)) return true;
    return !sfIsZero(this.sharesPerUpdate(update));
  }

  /** `update_value_for_one`: buy (Δ > 0) or sell (Δ ≤ 0) shares for one key at the current value. */
  updateValueForOne(key: string, update: bigint): void {
    this.writes++;
    if (this.sole !== undefined) {
      // Δ = 0 changes nothing (D = F(V) > 0); the sole key's buy keeps D = s = F(V) (see above).
      if (update === 0n || (key === this.sole && (update > 0n ? this.sharedValue + update <= U64_MAX : -update < this.sharedValue))) {
        this.sharedValue += update;
        return;
      }
      this.settle();
    }
    // Δ = 0 on a pool with shares: spu = 0, and SafeFloat ± 0 gives the operand back; nothing changes.
    if (update === 0n && !sfIsZero(this.denominator)) return;
    if (sfIsZero(this.denominator)) {
      const first = sfFromU64(update < 0n ? -update : update);
      const fresh = this.sharedValue === 0n && update > 0n;
      this.denominator = first;
      this.setShare(key, first);
      this.addToValue(update);
      // the first buy into an empty pool: D = s = F(Δ) = F(V)
      if (fresh && this.shares.size === 1) this.sole = key;
      return;
    }
    const current = this.getShare(key);
    const spu = this.sharesPerUpdate(update);
    // A sole holder's share equals the denominator, and the same operation on equal operands
    // gives equal results: compute it once.
    const sole = current.mantissa === this.denominator.mantissa && current.exponent === this.denominator.exponent;
    if (update > 0n) {
      this.denominator = sfAdd(this.denominator, spu);
      this.setShare(key, sole ? this.denominator : sfAdd(current, spu));
    } else {
      const d = sfSub(this.denominator, spu);
      this.denominator = d ?? this.denominator;
      this.setShare(key, sole ? (d ?? current) : (sfSub(current, spu) ?? current));
    }
    this.addToValue(update);
  }

  private setShare(key: string, share: SafeFloat): void {
    if (sfIsZero(share)) this.shares.delete(key);
    else this.shares.set(key, share);
  }
}
