/**
 * `add_stake` and `add_stake_limit`: TAO from the coldkey's free balance staked to a hotkey on a
 * subnet, the chain's checks in the chain's order (shared/spec/economics.md §5.6, §5.8, §5.11).
 * Mirrors: pallets/subtensor/src/staking/add_stake.rs (`do_add_stake`, `do_add_stake_limit`)
 * and staking/stake_utils.rs (`validate_add_stake`, `ensure_add_stake_input_within_swap_limit`).
 *
 *   1 dynamic pool ∧ τ > 1000·SubnetTAO                      → InsufficientLiquidity
 *   (limit) max = get_max_amount_add(limit)                  → the swap's refusal (PriceLimitExceeded …)
 *   2 subnet exists                                          → SubnetNotExists
 *   3 SubtokenEnabled                                        → SubtokenDisabled
 *   4 τ ≥ DefaultMinStake + fee(DefaultMinStake)             → AmountTooLow
 *   5 ¬allow_partial ∧ τ > max                               → SlippageTooHigh
 *   6 free(c) ≥ τ                                            → NotEnoughBalanceToStake
 *   7 hotkey exists                                          → HotKeyAccountNotExists
 *   8 simulated swap: ok, paid_in ≥ DefaultMinStake, out > 0 → InsufficientLiquidity / AmountTooLow
 *   then stake_into_subnet(min(τ, max))
 *
 * SIM-DIVERGENCE: `maybe_become_delegate` (add_stake_limit for another coldkey's hotkey) is not
 * modelled: every hotkey already has a delegate take in the ledger.
 */
import { type TaoRao, minBig, taoRao } from '../../core/units.js';
import { refuse, type Refused } from '../errors.js';
import type { ChainState } from '../state.js';
import { getMaxAmountAdd, MAX_PRICE, MAX_SWAP_INPUT_RESERVE_MULTIPLIER, validateAddStake } from '../swap/index.js';
import { type StakeAdded, stakeIntoSubnet, subtokenEnabled, venueOf } from './stakeUtils.js';

export interface AddStakeLimit {
  /** Rao per alpha. */
  readonly limitPrice: bigint;
  readonly allowPartial: boolean;
}

/** `add_stake` (no limit) or `add_stake_limit`. */
export function addStake(c: ChainState, coldkey: string, hotkey: string, netuid: number, amount: TaoRao, limit?: AddStakeLimit): StakeAdded | Refused {
  const v = venueOf(c, netuid);
  if (v !== undefined && v.pool.mechanism === 1 && amount > v.pool.taoReserve * MAX_SWAP_INPUT_RESERVE_MULTIPLIER) return refuse('InsufficientLiquidity');
  let max = amount;
  if (limit !== undefined && v !== undefined) {
    const m = getMaxAmountAdd(v.pool, limit.limitPrice);
    if (!m.ok) return m;
    max = m.amount;
  }
  if (v === undefined) return refuse('SubnetNotExists');
  if (!subtokenEnabled(v)) return refuse('SubtokenDisabled');
  const checked = validateAddStake(v.pool, amount, max, limit?.allowPartial ?? false, {}, () => {
    if (c.ledger.freeBalance(coldkey) < amount) return refuse('NotEnoughBalanceToStake');
    if (!c.ledger.hotkeyExists(hotkey)) return refuse('HotKeyAccountNotExists');
    return undefined;
  });
  if (!checked.ok) return checked;
  return stakeIntoSubnet(c, v, hotkey, coldkey, taoRao(minBig(amount, max)), { limitPrice: limit?.limitPrice ?? MAX_PRICE });
}
