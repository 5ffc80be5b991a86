/**
 * One swap against a subnet pool: `do_swap` → `swap_inner` → `BasicSwapStep` (pallets/swap/src/
 * pallet/impls.rs, swap_step.rs) and the reserve updates of `swap_tao_for_alpha` /
 * `swap_alpha_for_tao` (pallets/subtensor/src/staking/stake_utils.rs); shared/spec/economics.md §5.4.
 *
 * Dynamic pools (mechanism 1), in the chain's order:
 *   fee = calculate_fee_amount(amount);  net = amount − fee
 *   net > 1000 · reserve_in                     → SwapInputTooLarge
 *   reserve_out < MinimumReserve (1e6 rao)      → ReservesTooLow
 *   buy: p ≥ limit, sell: p ≤ limit              → PriceLimitExceeded
 *   target = price after swapping net; if buy target ≤ limit (sell: ≥), delta_in = net
 *   else delta_in = closed-form input to reach the limit, fee = delta_in·rate/(65535 − rate)
 *   out = ⌊R_out·(1 − e(delta_in))⌋;  delta_in > 0 ∧ out = 0 → ReservesTooLow
 *   reserve_in += delta_in, reserve_out −= out (saturating); the fee stays outside the pool.
 * Stable pools (mechanism 0, root): out = amount, no fee, no checks; the output reserve saturates at 0.
 *
 * Conservation, checkable on every result: amount = amountPaidIn + fee + refund,
 * pool'.in = pool.in + amountPaidIn, pool'.out = pool.out − amountOut (dynamic pools).
 */
import type { ErrorsOf } from '../errors.js';
import { U64F64, fromInt, safeDiv } from '../../core/fixed.js';
import { U64_MAX, minBig, satSub, type AlphaRao, type TaoRao } from '../../core/units.js';
import { calculateBaseDeltaIn, calculatePrice, calculateQuoteDeltaIn, outForIn } from './balancer.js';
import { calculateFeeAmount, feeOnPartialInput } from './fees.js';
import { currentPrice, withReserves, type Pool } from './pool.js';

/** `MAX_SWAP_INPUT_RESERVE_MULTIPLIER`. */
export const MAX_SWAP_INPUT_RESERVE_MULTIPLIER = 1000n;
/** Runtime `SwapMinimumReserve` (the Rust mock uses 100). */
export const SWAP_MINIMUM_RESERVE = 1_000_000n;
/** `min_price_inner`: the sell limit used when none is given, rao per alpha (1e-6 TAO/α). */
export const MIN_PRICE = 1_000n;
/** `max_price_inner`: the buy limit used when none is given, rao per alpha (1e6 TAO/α). */
export const MAX_PRICE = 1_000_000_000_000_000n;
/** Price 1.0 in the limit-price unit (rao per alpha). */
export const RAO_PER_ALPHA_ONE = 1_000_000_000n;

export type SwapError = ErrorsOf<'SwapInputTooLarge' | 'ReservesTooLow' | 'PriceLimitExceeded'>;

export interface SwapOptions {
  /** Limit price in rao per alpha (u64, 1e9 = 1.0). Default: MAX_PRICE for buys, MIN_PRICE for sells. */
  limitPrice?: bigint;
  /** The chain's `drop_fees`. */
  feeFree?: boolean;
  /** `SwapMinimumReserve` (default 1_000_000; the Rust mock runtime uses 100). */
  minimumReserve?: bigint;
}

export interface SwapOk<In extends bigint, Out extends bigint> {
  readonly ok: true;
  /** Input that entered the pool (net of fee). */
  readonly amountPaidIn: In;
  /** Output that left the pool. */
  readonly amountOut: Out;
  /** `fee_paid`: input token, never enters the pool. */
  readonly fee: In;
  /** `fee_to_block_author`: the fee, or 0 when nothing was swapped. */
  readonly feeToBlockAuthor: In;
  /** Input not used because the limit price was reached: amount − (amountPaidIn + fee), saturating. */
  readonly refund: In;
  readonly pool: Pool;
}
export interface SwapRefused {
  readonly ok: false;
  readonly error: SwapError;
}
export type SwapResult<In extends bigint, Out extends bigint> = SwapOk<In, Out> | SwapRefused;

/** `U64F64(limit) / 1e9`: a rao-per-alpha u64 limit as a U64F64 price. */
export const limitPriceToFixed = (limit: bigint): bigint =>
  safeDiv(U64F64, fromInt(U64F64, limit), fromInt(U64F64, RAO_PER_ALPHA_ONE));

interface Step {
  paidIn: bigint;
  out: bigint;
  fee: bigint;
}

/** `do_swap` + `swap_inner` + `BasicSwapStep` on a dynamic pool; `buy` = TAO in. */
function dynamicStep(pool: Pool, buy: boolean, amount: bigint, limit: bigint, feeFree: boolean, minimumReserve: bigint): Step | SwapError {
  const w = pool.quoteWeight;
  const tao = pool.taoReserve;
  const alpha = pool.alphaReserve;
  const [reserveIn, reserveOut] = buy ? [tao, alpha] : [alpha, tao];

  let fee = calculateFeeAmount(amount, pool.feeRate, feeFree);
  const requested = satSub(amount, fee);
  if (requested > minBig(reserveIn * MAX_SWAP_INPUT_RESERVE_MULTIPLIER, U64_MAX)) return 'SwapInputTooLarge';
  if (reserveOut < minimumReserve) return 'ReservesTooLow';
  const current = currentPrice(pool);
  if (!(buy ? current < limit : current > limit)) return 'PriceLimitExceeded';

  const requestedOut = outForIn(w, reserveIn, reserveOut, requested, !buy);
  const target = buy
    ? calculatePrice(w, satSub(alpha, requestedOut), minBig(tao + requested, U64_MAX))
    : calculatePrice(w, minBig(alpha + requested, U64_MAX), satSub(tao, requestedOut));

  let paidIn: bigint;
  let out: bigint;
  if (buy ? target <= limit : target >= limit) {
    paidIn = requested;
    out = requestedOut;
  } else {
    paidIn = buy ? calculateQuoteDeltaIn(w, current, limit, tao) : calculateBaseDeltaIn(w, current, limit, alpha);
    fee = feeOnPartialInput(paidIn, pool.feeRate, feeFree);
    out = outForIn(w, reserveIn, reserveOut, paidIn, !buy);
  }
  if (paidIn > 0n && out === 0n) return 'ReservesTooLow';
  // `do_swap` then refuses with InsufficientLiquidity if reserve_out < out; that cannot happen
  // here because e ∈ [0, 1] makes out ≤ reserve_out.
  return { paidIn, out, fee };
}

/**
 * The last swap asked for and its answer. A stake's validation simulates the very swap the
 * extrinsic then makes on the same pool; a swap is a pure function of an immutable pool value and
 * its arguments, so the second one is answered from here (a weighted pool's swap is a power).
 */
let last: { pool: Pool; buy: boolean; amount: bigint; limitPrice: bigint; feeFree: boolean; minimumReserve: bigint; result: SwapResult<bigint, bigint> } | undefined;

function swap(pool: Pool, buy: boolean, amount: bigint, opts: SwapOptions): SwapResult<bigint, bigint> {
  const limitPrice = opts.limitPrice ?? (buy ? MAX_PRICE : MIN_PRICE);
  const feeFree = opts.feeFree ?? false;
  const minimumReserve = opts.minimumReserve ?? SWAP_MINIMUM_RESERVE;
  const l = last;
  if (l !== undefined && l.pool === pool && l.buy === buy && l.amount === amount && l.limitPrice === limitPrice && l.feeFree === feeFree && l.minimumReserve === minimumReserve)
    return l.result;
  // frozen: two callers may hold the same answer
  const result = Object.freeze(swapOnce(pool, buy, amount, limitPrice, feeFree, minimumReserve));
  last = { pool, buy, amount, limitPrice, feeFree, minimumReserve, result };
  return result;
}

function swapOnce(pool: Pool, buy: boolean, amount: bigint, limitPrice: bigint, feeFree: boolean, minimumReserve: bigint): SwapResult<bigint, bigint> {
  let step: Step | SwapError;
  if (pool.mechanism === 1) {
    step = dynamicStep(pool, buy, amount, limitPriceToFixed(limitPrice), feeFree, minimumReserve);
  } else {
    step = { paidIn: amount, out: amount, fee: 0n };
  }
  if (typeof step === 'string') return { ok: false, error: step };

  const { paidIn, out, fee } = step;
  const newPool = buy
    ? withReserves(pool, minBig(pool.taoReserve + paidIn, U64_MAX), satSub(pool.alphaReserve, out))
    : withReserves(pool, satSub(pool.taoReserve, out), minBig(pool.alphaReserve + paidIn, U64_MAX));
  return {
    ok: true,
    amountPaidIn: paidIn,
    amountOut: out,
    fee,
    feeToBlockAuthor: paidIn > 0n ? fee : 0n,
    refund: satSub(amount, paidIn + fee),
    pool: newPool,
  };
}

/** Stake side: TAO in, alpha out (`swap_tao_for_alpha`, order `GetAlphaForTao`). */
export const swapTaoForAlpha = (pool: Pool, taoIn: TaoRao, opts: SwapOptions = {}): SwapResult<TaoRao, AlphaRao> =>
  swap(pool, true, taoIn, opts) as SwapResult<TaoRao, AlphaRao>;

/** Unstake side: alpha in, TAO out (`swap_alpha_for_tao`, order `GetTaoForAlpha`). */
export const swapAlphaForTao = (pool: Pool, alphaIn: AlphaRao, opts: SwapOptions = {}): SwapResult<AlphaRao, TaoRao> =>
  swap(pool, false, alphaIn, opts) as SwapResult<AlphaRao, TaoRao>;

/**
 * The coinbase chain buy of the excess TAO (§4.2 step 3): `swap_tao_for_alpha(excess, max_price,
 * drop_fees = true)`. The alpha bought is protocol-owned (SubnetProtocolAlpha). On refusal the
 * chain ignores the error and the excess TAO stays in the subnet account, outside SubnetTAO.
 */
export const chainBuy = (pool: Pool, excess: TaoRao, opts: Pick<SwapOptions, 'minimumReserve'> = {}): SwapResult<TaoRao, AlphaRao> =>
  swapTaoForAlpha(pool, excess, { ...opts, feeFree: true, limitPrice: MAX_PRICE });
