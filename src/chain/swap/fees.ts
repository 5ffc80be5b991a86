/**
 * Swap fees, mirror of `calculate_fee_amount` (pallets/swap/src/pallet/impls.rs) and the fee
 * recomputation in `BasicSwapStep::determine_action` (swap_step.rs); shared/spec/economics.md §5.5.
 *
 *   full swap:        fee = ⌊amount · (U64F64(rate) / 65535)⌋                 (U64F64, floor)
 *   limit-truncated:  fee = ⌊delta_in · (U64F64(rate) / (65535 − rate))⌋       so delta_in + fee is the gross
 *   0 when fees are dropped (chain buys, author-fee swaps, one leg of a move) or on mechanism 0.
 *
 * The fee is paid in the input token, never enters the pool, and goes 100% to the block author
 * (burned when there is none); the stake/unstake flows (stake.ts) do that routing.
 */
import { U64F64, fromInt, mul, safeDiv, satSubF, toU64 } from '../../core/fixed.js';
import { U16_MAX } from '../../core/units.js';
import type { Mechanism } from './pool.js';

const U16_MAX_FIXED = fromInt(U64F64, BigInt(U16_MAX));

/** `calculate_fee_amount(netuid, amount, drop_fees)`. */
export function calculateFeeAmount(amount: bigint, feeRate: number, feeFree: boolean, mechanism: Mechanism = 1): bigint {
  if (feeFree || mechanism !== 1) return 0n;
  const rate = safeDiv(U64F64, fromInt(U64F64, BigInt(feeRate)), U16_MAX_FIXED);
  return toU64(U64F64, mul(U64F64, fromInt(U64F64, amount), rate));
}

/** Fee on a swap that stopped at the limit price: charged on the part actually swapped. */
export function feeOnPartialInput(deltaIn: bigint, feeRate: number, feeFree: boolean): bigint {
  const rate = feeFree ? 0n : fromInt(U64F64, BigInt(feeRate));
  const factor = safeDiv(U64F64, rate, satSubF(U64F64, U16_MAX_FIXED, rate));
  return toU64(U64F64, mul(U64F64, fromInt(U64F64, deltaIn), factor));
}
