/**
 * Limit orders: the most that can be swapped before the price reaches a limit.
 * Mirror of `get_max_amount_add` (staking/add_stake.rs) and `get_max_amount_remove`
 * (staking/remove_stake.rs); shared/spec/economics.md §5.8.
 *
 *   add:    simulate buying 1000·y TAO with the limit → amount_paid_in + fee_paid
 *   remove: simulate selling 1000·x alpha with the limit → amount_paid_in + fee_paid
 *   stable pools (root, mechanism 0): price is 1, so add → u64::MAX if limit ≥ 1e9 else 0;
 *   remove → u64::MAX if limit ≤ 1e9 else 0.
 * The simulated swap's refusals (PriceLimitExceeded when the limit is not beyond the current
 * price, ReservesTooLow, ...) are the helper's refusals.
 */
import { U64_MAX, alphaRao, minBig, taoRao, type AlphaRao, type TaoRao } from '../../core/units.js';
import type { Pool } from './pool.js';
import {
  MAX_SWAP_INPUT_RESERVE_MULTIPLIER,
  RAO_PER_ALPHA_ONE,
  swapAlphaForTao,
  swapTaoForAlpha,
  type SwapError,
  type SwapOptions,
} from './swap.js';

export type MaxAmount<T extends bigint> = { ok: true; amount: T } | { ok: false; error: SwapError };

/** `get_max_amount_add(netuid, limit_price)`: TAO (fee included) that can be staked up to `limitPrice` (rao per alpha). */
export function getMaxAmountAdd(pool: Pool, limitPrice: bigint, opts: Pick<SwapOptions, 'minimumReserve'> = {}): MaxAmount<TaoRao> {
  if (pool.mechanism !== 1) return { ok: true, amount: taoRao(limitPrice >= RAO_PER_ALPHA_ONE ? U64_MAX : 0n) };
  const probe = taoRao(minBig(pool.taoReserve * MAX_SWAP_INPUT_RESERVE_MULTIPLIER, U64_MAX));
  const r = swapTaoForAlpha(pool, probe, { ...opts, limitPrice });
  return r.ok ? { ok: true, amount: taoRao(r.amountPaidIn + r.fee) } : r;
}

/** `get_max_amount_remove(netuid, limit_price)`: alpha (fee included) that can be unstaked down to `limitPrice`. */
export function getMaxAmountRemove(pool: Pool, limitPrice: bigint, opts: Pick<SwapOptions, 'minimumReserve'> = {}): MaxAmount<AlphaRao> {
  if (pool.mechanism !== 1) return { ok: true, amount: alphaRao(limitPrice <= RAO_PER_ALPHA_ONE ? U64_MAX : 0n) };
  const probe = alphaRao(minBig(pool.alphaReserve * MAX_SWAP_INPUT_RESERVE_MULTIPLIER, U64_MAX));
  const r = swapAlphaForTao(pool, probe, { ...opts, limitPrice });
  return r.ok ? { ok: true, amount: alphaRao(r.amountPaidIn + r.fee) } : r;
}
