/**
 * `move_stake`, `swap_stake` and `transfer_stake`: stake moved between hotkeys, subnets or
 * coldkeys, the chain's checks in the chain's order (shared/spec/economics.md §5.9).
 * Mirrors: pallets/subtensor/src/staking/move_stake.rs (`do_move_stake`, `do_swap_stake`,
 * `do_transfer_stake`, `transition_stake_internal`, `transfer_stake_within_subnet`) and
 * staking/stake_utils.rs (`validate_stake_transition`).
 *
 *   α = min(α, stake(o_hk, o_ck, o))
 *   1 same coldkey, hotkey and subnet                         → SameNetuid
 *   2 both subnets exist                                      → SubnetNotExists
 *   3 both SubtokenEnabled                                    → SubtokenDisabled
 *   4 both hotkeys exist                                      → HotKeyAccountNotExists
 *   5 α ≤ stake                                               → NotEnoughStakeToWithdraw
 *   6 across subnets: simulated sale ok and worth > DefaultMinStake → InsufficientLiquidity / AmountTooLow
 *   across subnets: unstake on o (the one fee, dropped when o is root), the TAO to d_ck, and a
 *     fee-less stake on d if it is ≥ DefaultMinStake (else it stays free)
 *   within a subnet: a transfer of shares with no swap, refused unless worth ≥ DefaultMinStake
 *     at the spot price                                     → AmountTooLow
 *
 * SIM-DIVERGENCE: `TransferToggle` is true on every subnet (its default), so transfer_stake is
 * never `TransferDisallowed`; stake locks are not modelled.
 */
import { InvariantViolation } from '../../core/errors.js';
import { type AlphaRao, alphaRao, minBig, taoRao } from '../../core/units.js';
import { refuse, type Refused } from '../errors.js';
import type { ChainState } from '../state.js';
import { currentPrice, DEFAULT_MIN_STAKE, MAX_PRICE, MIN_PRICE, stakeIntoSubnet as poolStake, swapAlphaForTao, unstakeFromSubnet as poolUnstake } from '../swap/index.js';
import { ROOT_NETUID } from './ledger.js';
import { stakeIntoSubnet, subtokenEnabled, unstakeFromSubnet, venueOf } from './stakeUtils.js';

export interface StakePosition {
  readonly coldkey: string;
  readonly hotkey: string;
  readonly netuid: number;
}

export interface StakeMoved {
  readonly ok: true;
  /** Alpha taken from the origin. */
  readonly alpha: AlphaRao;
  /** The TAO it was sold for (across subnets; 0 within one). */
  readonly tao: bigint;
  /** Alpha credited at the destination (0 when the TAO stayed free). */
  readonly alphaIn: AlphaRao;
}

/** `transition_stake_internal` without a limit price (move_stake, swap_stake, transfer_stake). */
export function transitionStake(c: ChainState, from: StakePosition, to: StakePosition, amount: AlphaRao): StakeMoved | Refused {
  const held = c.ledger.stake(from.hotkey, from.coldkey, from.netuid);
  const alpha = alphaRao(minBig(amount, held));
  if (from.coldkey === to.coldkey && from.hotkey === to.hotkey && from.netuid === to.netuid) return refuse('SameNetuid');
  const o = venueOf(c, from.netuid);
  const d = from.netuid === to.netuid ? o : venueOf(c, to.netuid);
  if (o === undefined || d === undefined) return refuse('SubnetNotExists');
  if (!subtokenEnabled(o) || !subtokenEnabled(d)) return refuse('SubtokenDisabled');
  if (!c.ledger.hotkeyExists(from.hotkey) || !c.ledger.hotkeyExists(to.hotkey)) return refuse('HotKeyAccountNotExists');
  if (alpha > held) return refuse('NotEnoughStakeToWithdraw');
  if (from.netuid === to.netuid) {
    const worth = (alpha * currentPrice(o.pool)) >> 64n;
    if (worth < DEFAULT_MIN_STAKE) return refuse('AmountTooLow');
    const r = c.ledger.transferStake(from.hotkey, from.coldkey, to.hotkey, to.coldkey, from.netuid, alpha);
    return r.ok ? { ok: true, alpha, tao: 0n, alphaIn: alpha } : r;
  }
  const sim = swapAlphaForTao(o.pool, alpha, { limitPrice: MIN_PRICE });
  if (!sim.ok) return refuse('InsufficientLiquidity');
  if (!(sim.amountOut > DEFAULT_MIN_STAKE)) return refuse('AmountTooLow');
  const dropOriginFee = from.netuid === ROOT_NETUID;
  // the call is all or nothing: a destination stake the chain would refuse refuses the move
  const sold = poolUnstake(o.pool, alpha, { limitPrice: MIN_PRICE, feeFree: dropOriginFee });
  if (!sold.ok) return sold;
  if (sold.taoOut >= DEFAULT_MIN_STAKE) {
    const bought = poolStake(d.pool, taoRao(sold.taoOut), { limitPrice: MAX_PRICE, feeFree: !dropOriginFee });
    if (!bought.ok) return bought;
    if (!c.ledger.canIncreaseStake(to.hotkey, to.netuid, bought.alphaStaked)) return refuse('InsufficientLiquidity');
  }
  const out = unstakeFromSubnet(c, o, from.hotkey, from.coldkey, alpha, { limitPrice: MIN_PRICE, feeFree: dropOriginFee });
  if (!out.ok) return out;
  if (from.coldkey !== to.coldkey) {
    c.ledger.debitFree(from.coldkey, out.tao);
    c.ledger.creditFree(to.coldkey, out.tao);
  }
  if (out.tao < DEFAULT_MIN_STAKE) return { ok: true, alpha: out.alpha, tao: out.tao, alphaIn: alphaRao(0n) };
  const into = stakeIntoSubnet(c, d, to.hotkey, to.coldkey, taoRao(out.tao), { limitPrice: MAX_PRICE, feeFree: !dropOriginFee });
  if (!into.ok) throw new InvariantViolation('move_stake: a destination stake checked beforehand was refused', { error: into.error });
  return { ok: true, alpha: out.alpha, tao: out.tao, alphaIn: into.alpha };
}

/** `move_stake`: same coldkey, another hotkey and/or subnet. */
export const moveStake = (c: ChainState, coldkey: string, from: { hotkey: string; netuid: number }, to: { hotkey: string; netuid: number }, alpha: AlphaRao) =>
  transitionStake(c, { coldkey, ...from }, { coldkey, ...to }, alpha);

/** `swap_stake`: same coldkey and hotkey, another subnet. */
export const swapStake = (c: ChainState, coldkey: string, hotkey: string, originNetuid: number, destinationNetuid: number, alpha: AlphaRao) =>
  transitionStake(c, { coldkey, hotkey, netuid: originNetuid }, { coldkey, hotkey, netuid: destinationNetuid }, alpha);

/** `transfer_stake`: same hotkey, another coldkey (and/or subnet). */
export const transferStake = (c: ChainState, coldkey: string, destinationColdkey: string, hotkey: string, originNetuid: number, destinationNetuid: number, alpha: AlphaRao) =>
  transitionStake(c, { coldkey, hotkey, netuid: originNetuid }, { coldkey: destinationColdkey, hotkey, netuid: destinationNetuid }, alpha);
