/**
 * `remove_stake` and `remove_stake_limit`: alpha of (hotkey, coldkey) on a subnet sold for TAO
 * to the coldkey's free balance, the chain's checks in the chain's order (economics.md §5.7, §5.8).
 * Mirrors: pallets/subtensor/src/staking/remove_stake.rs (`do_remove_stake`,
 * `do_remove_stake_limit`) and staking/stake_utils.rs (`validate_remove_stake`).
 *
 *   remove_stake:        SubtokenEnabled → SubtokenDisabled (before the existence check: an unknown
 *                        netuid is refused so); α = min(α, stake)
 *   remove_stake_limit:  no subtoken check, no cap; max = get_max_amount_remove(limit)
 *   1 dynamic pool ∧ α > 1000·SubnetAlphaIn                 → InsufficientLiquidity
 *   2 subnet exists                                         → SubnetNotExists
 *   3 α > 0                                                 → AmountTooLow
 *   4 stake ≥ α                                             → NotEnoughStakeToWithdraw
 *   5 simulated sale ok; a partial exit yields ≥ DefaultMinStake → InsufficientLiquidity / AmountTooLow
 *   6 ¬allow_partial ∧ α > max                              → SlippageTooHigh
 *   7 hotkey exists                                         → HotKeyAccountNotExists
 *   then unstake_from_subnet(min(α, max))
 *
 * SIM-DIVERGENCE: `clear_small_nomination_if_required` (a nominator's remainder below
 * NominatorMinRequiredStake is unstaked too) and stake locks (`StakeUnavailable`) are not modelled.
 */
import { type AlphaRao, alphaRao, minBig } from '../../core/units.js';
import { refuse, type Refused } from '../errors.js';
import type { ChainState } from '../state.js';
import { getMaxAmountRemove, MAX_SWAP_INPUT_RESERVE_MULTIPLIER, MIN_PRICE, validateRemoveStake } from '../swap/index.js';
import { type StakeRemoved, subtokenEnabled, unstakeFromSubnet, venueOf } from './stakeUtils.js';

export interface RemoveStakeLimit {
  /** Rao per alpha. */
  readonly limitPrice: bigint;
  readonly allowPartial: boolean;
}

/** `remove_stake` (no limit) or `remove_stake_limit`. */
export function removeStake(c: ChainState, coldkey: string, hotkey: string, netuid: number, amount: AlphaRao, limit?: RemoveStakeLimit): StakeRemoved | Refused {
  const v = venueOf(c, netuid);
  const held = c.ledger.stake(hotkey, coldkey, netuid);
  let alpha = amount;
  if (limit === undefined) {
    if (v === undefined || !subtokenEnabled(v)) return refuse('SubtokenDisabled');
    alpha = alphaRao(minBig(amount, held));
  }
  if (v !== undefined && v.pool.mechanism === 1 && alpha > v.pool.alphaReserve * MAX_SWAP_INPUT_RESERVE_MULTIPLIER) return refuse('InsufficientLiquidity');
  let max = alpha;
  if (limit !== undefined && v !== undefined) {
    const m = getMaxAmountRemove(v.pool, limit.limitPrice);
    if (!m.ok) return m;
    max = m.amount;
  }
  if (v === undefined) return refuse('SubnetNotExists');
  const checked = validateRemoveStake(v.pool, alpha, held, max, limit?.allowPartial ?? false);
  if (!checked.ok) return checked;
  if (!c.ledger.hotkeyExists(hotkey)) return refuse('HotKeyAccountNotExists');
  return unstakeFromSubnet(c, v, hotkey, coldkey, alphaRao(minBig(alpha, max)), { limitPrice: limit?.limitPrice ?? MIN_PRICE });
}
