/**
 * The pool side of staking, as the ledger calls it (shared/spec/economics.md §5.6–§5.8, §5.10, §5.11).
 * Mirrors, in pallets/subtensor/src/staking/: `stake_into_subnet` and `unstake_from_subnet`
 * (stake_utils.rs), `validate_add_stake` / `validate_remove_stake` (stake_utils.rs),
 * `do_add_stake` / `do_add_stake_limit` (add_stake.rs), `do_remove_stake` /
 * `do_remove_stake_limit` (remove_stake.rs).
 *
 *   stake:   swap TAO → α (fee from the TAO);  out = 0 → AmountTooLow
 *            TAO routing: paid_in → SubnetTAO, fee_to_block_author → author (burned without one),
 *            the unused rest (limit reached) stays in the subnet account outside SubnetTAO
 *   unstake: swap α → TAO (fee from the α); refund = α − (paid_in + fee) goes back to the stake;
 *            the fee α is then sold fee-less through the same pool for the author (a second swap
 *            that moves the reserves), or burned (stays in SubnetAlphaOut) without one
 *   checks:  amount ≥ DefaultMinStake + fee(DefaultMinStake); amount ≤ 1000·reserve_in;
 *            simulated paid_in ≥ DefaultMinStake and out > 0 (add);
 *            α > 0, α ≤ stake, simulated TAO out ≥ DefaultMinStake unless the position is
 *            closed (remove); fill-or-kill amount ≤ max at the limit → SlippageTooHigh.
 * Stable pools (root): 1:1, no fee (§5.10).
 *
 * SIM-DIVERGENCE: checks that need accounts (balance, existential deposit, hotkey registered,
 * SubtokenEnabled, locks, share-pool precision) belong to the ledger and are not made here; the
 * TAO handed to `stakeIntoSubnet` is what `transfer_tao_to_subnet` actually moved.
 */
import { alphaRao, minBig, satSub, taoRao, type AlphaRao, type TaoRao } from '../../core/units.js';
import type { Refused } from '../errors.js';
import { calculateFeeAmount } from './fees.js';
import { getMaxAmountAdd, getMaxAmountRemove } from './limits.js';
import type { Pool } from './pool.js';
import {
  MAX_PRICE,
  MAX_SWAP_INPUT_RESERVE_MULTIPLIER,
  MIN_PRICE,
  swapAlphaForTao,
  swapTaoForAlpha,
  type SwapOptions,
} from './swap.js';

/** Runtime `InitialMinStake` (`DefaultMinStake`): 0.002 TAO. */
export const DEFAULT_MIN_STAKE = 2_000_000n;


export interface FlowOptions {
  /** Whether the block has an author to receive fees (default true); without one fees are burned. */
  hasBlockAuthor?: boolean;
  /** `SwapMinimumReserve` (default 1_000_000). */
  minimumReserve?: bigint;
  /** `DefaultMinStake` (default 2_000_000). */
  minStake?: bigint;
}

export interface StakeOk {
  readonly ok: true;
  /** Alpha credited to the staker (`amount_paid_out`); SubnetAlphaOut grows by it. */
  readonly alphaStaked: AlphaRao;
  /** TAO that entered SubnetTAO. */
  readonly taoPaidIn: TaoRao;
  /** Swap fee charged, TAO. */
  readonly fee: TaoRao;
  /** Fee TAO paid to the block author. */
  readonly authorTao: TaoRao;
  /** Fee TAO burned (no block author). */
  readonly burnedTao: TaoRao;
  /** TAO left in the subnet account outside SubnetTAO (input unused at the limit price). */
  readonly strandedTao: TaoRao;
  readonly pool: Pool;
}

export interface UnstakeOk {
  readonly ok: true;
  /** TAO paid to the beneficiary. */
  readonly taoOut: TaoRao;
  /** Alpha that entered SubnetAlphaIn from the user's swap. */
  readonly alphaPaidIn: AlphaRao;
  /** Swap fee charged, alpha. */
  readonly fee: AlphaRao;
  /** Alpha credited back to the stake (limit price reached). */
  readonly refund: AlphaRao;
  /** Fee alpha sold fee-less for the author (entered SubnetAlphaIn). */
  readonly authorAlphaSold: AlphaRao;
  /** TAO the author received for it. */
  readonly authorTao: TaoRao;
  /** Fee alpha not sold: burned, it stays in SubnetAlphaOut owned by nobody. */
  readonly burnedAlpha: AlphaRao;
  readonly pool: Pool;
}

type StakeFlowOptions = FlowOptions & Pick<SwapOptions, 'limitPrice' | 'feeFree'>;

/** `stake_into_subnet`: swap `tao` (already in the subnet account) into alpha and route the fee. */
export function stakeIntoSubnet(pool: Pool, tao: TaoRao, opts: StakeFlowOptions = {}): StakeOk | Refused {
  const r = swapTaoForAlpha(pool, tao, { limitPrice: opts.limitPrice ?? MAX_PRICE, feeFree: opts.feeFree, minimumReserve: opts.minimumReserve });
  if (!r.ok) return r;
  if (r.amountOut === 0n) return { ok: false, error: 'AmountTooLow' };
  const author = opts.hasBlockAuthor ?? true;
  return {
    ok: true,
    alphaStaked: r.amountOut,
    taoPaidIn: r.amountPaidIn,
    fee: r.fee,
    authorTao: taoRao(author ? r.feeToBlockAuthor : 0n),
    burnedTao: taoRao(author ? 0n : r.feeToBlockAuthor),
    strandedTao: taoRao(satSub(tao, r.amountPaidIn + r.feeToBlockAuthor)),
    pool: r.pool,
  };
}

/** `unstake_from_subnet`: swap `alpha` (already debited from the stake) into TAO, then the author's fee swap. */
export function unstakeFromSubnet(pool: Pool, alpha: AlphaRao, opts: StakeFlowOptions = {}): UnstakeOk | Refused {
  const r = swapAlphaForTao(pool, alpha, { limitPrice: opts.limitPrice ?? MIN_PRICE, feeFree: opts.feeFree, minimumReserve: opts.minimumReserve });
  if (!r.ok) return r;
  const common = { taoOut: r.amountOut, alphaPaidIn: r.amountPaidIn, fee: r.fee, refund: r.refund };
  if (!(opts.hasBlockAuthor ?? true)) {
    return { ok: true, ...common, authorAlphaSold: alphaRao(0n), authorTao: taoRao(0n), burnedAlpha: r.feeToBlockAuthor, pool: r.pool };
  }
  // A refusal here fails the whole extrinsic (the chain's `?` inside a transaction).
  const bb = swapAlphaForTao(r.pool, r.feeToBlockAuthor, { limitPrice: MIN_PRICE, feeFree: true, minimumReserve: opts.minimumReserve });
  if (!bb.ok) return bb;
  return {
    ok: true,
    ...common,
    authorAlphaSold: bb.amountPaidIn,
    authorTao: bb.amountOut,
    // the chain ignores the author swap's own refund: that alpha is debited but never pooled
    burnedAlpha: alphaRao(satSub(r.feeToBlockAuthor, bb.amountPaidIn)),
    pool: bb.pool,
  };
}

/** `sim_swap` (impls.rs): a dry run with the default limit and fees on. */
const simBuy = (pool: Pool, tao: bigint, opts: FlowOptions) =>
  swapTaoForAlpha(pool, taoRao(tao), { limitPrice: MAX_PRICE, minimumReserve: opts.minimumReserve });
const simSell = (pool: Pool, alpha: bigint, opts: FlowOptions) =>
  swapAlphaForTao(pool, alphaRao(alpha), { limitPrice: MIN_PRICE, minimumReserve: opts.minimumReserve });

/**
 * `validate_add_stake`'s pool-side checks; `accounts` (the balance and the hotkey, chain/staking)
 * runs where the chain makes those checks, between the slippage check and the simulated swap.
 */
export function validateAddStake(
  pool: Pool,
  amount: TaoRao,
  maxAmount: TaoRao,
  allowPartial: boolean,
  opts: FlowOptions = {},
  accounts: () => Refused | undefined = () => undefined,
): { ok: true } | Refused {
  const minStake = opts.minStake ?? DEFAULT_MIN_STAKE;
  const minSim = simBuy(pool, minStake, opts);
  const minFee = minSim.ok ? minSim.fee : calculateFeeAmount(minStake, pool.feeRate, false, pool.mechanism);
  if (amount < minStake + minFee) return { ok: false, error: 'AmountTooLow' };
  let toAdd: bigint = amount;
  if (!allowPartial) {
    if (amount > maxAmount) return { ok: false, error: 'SlippageTooHigh' };
  } else {
    toAdd = minBig(maxAmount, amount);
  }
  const refused = accounts();
  if (refused !== undefined) return refused;
  const sim = simBuy(pool, toAdd, opts);
  if (!sim.ok) return { ok: false, error: 'InsufficientLiquidity' };
  if (sim.amountPaidIn < minStake) return { ok: false, error: 'AmountTooLow' };
  if (sim.amountOut === 0n) return { ok: false, error: 'InsufficientLiquidity' };
  return { ok: true };
}

/** `validate_remove_stake` (pool-side checks); `stakeHeld` is the position's alpha before removal. */
export function validateRemoveStake(
  pool: Pool,
  alpha: AlphaRao,
  stakeHeld: AlphaRao,
  maxAmount: AlphaRao,
  allowPartial: boolean,
  opts: FlowOptions = {},
): { ok: true } | Refused {
  if (alpha === 0n) return { ok: false, error: 'AmountTooLow' };
  if (stakeHeld < alpha) return { ok: false, error: 'NotEnoughStakeToWithdraw' };
  const sim = simSell(pool, alpha, opts);
  if (!sim.ok) return { ok: false, error: 'InsufficientLiquidity' };
  if (stakeHeld - alpha > 0n && sim.amountOut < (opts.minStake ?? DEFAULT_MIN_STAKE)) return { ok: false, error: 'AmountTooLow' };
  if (!allowPartial && alpha > maxAmount) return { ok: false, error: 'SlippageTooHigh' };
  return { ok: true };
}

/** `ensure_{add,remove}_stake_input_within_swap_limit`: dynamic pools only. */
const withinSwapLimit = (pool: Pool, amount: bigint, reserveIn: bigint): boolean =>
  pool.mechanism !== 1 || amount <= reserveIn * MAX_SWAP_INPUT_RESERVE_MULTIPLIER;

/** `do_add_stake`: stake `tao` at any price up to MAX_PRICE, fill-or-kill. */
export function addStake(pool: Pool, tao: TaoRao, opts: FlowOptions = {}): StakeOk | Refused {
  if (!withinSwapLimit(pool, tao, pool.taoReserve)) return { ok: false, error: 'InsufficientLiquidity' };
  const v = validateAddStake(pool, tao, tao, false, opts);
  if (!v.ok) return v;
  return stakeIntoSubnet(pool, tao, { ...opts, limitPrice: MAX_PRICE });
}

/** `do_add_stake_limit`: stake up to the limit price (rao per alpha); partial fills allowed if asked. */
export function addStakeLimit(pool: Pool, tao: TaoRao, limitPrice: bigint, allowPartial: boolean, opts: FlowOptions = {}): StakeOk | Refused {
  if (!withinSwapLimit(pool, tao, pool.taoReserve)) return { ok: false, error: 'InsufficientLiquidity' };
  const max = getMaxAmountAdd(pool, limitPrice, opts);
  if (!max.ok) return max;
  const v = validateAddStake(pool, tao, max.amount, allowPartial, opts);
  if (!v.ok) return v;
  return stakeIntoSubnet(pool, taoRao(minBig(tao, max.amount)), { ...opts, limitPrice });
}

/** `do_remove_stake`: unstake `alpha` (capped at the stake held) at any price down to MIN_PRICE. */
export function removeStake(pool: Pool, alpha: AlphaRao, stakeHeld: AlphaRao, opts: FlowOptions = {}): UnstakeOk | Refused {
  const amount = alphaRao(minBig(alpha, stakeHeld));
  if (!withinSwapLimit(pool, amount, pool.alphaReserve)) return { ok: false, error: 'InsufficientLiquidity' };
  const v = validateRemoveStake(pool, amount, stakeHeld, amount, false, opts);
  if (!v.ok) return v;
  return unstakeFromSubnet(pool, amount, { ...opts, limitPrice: MIN_PRICE });
}

/** `do_remove_stake_limit`: unstake down to the limit price (rao per alpha). */
export function removeStakeLimit(
  pool: Pool,
  alpha: AlphaRao,
  stakeHeld: AlphaRao,
  limitPrice: bigint,
  allowPartial: boolean,
  opts: FlowOptions = {},
): UnstakeOk | Refused {
  if (!withinSwapLimit(pool, alpha, pool.alphaReserve)) return { ok: false, error: 'InsufficientLiquidity' };
  const max = getMaxAmountRemove(pool, limitPrice, opts);
  if (!max.ok) return max;
  const v = validateRemoveStake(pool, alpha, stakeHeld, max.amount, allowPartial, opts);
  if (!v.ok) return v;
  return unstakeFromSubnet(pool, alphaRao(minBig(alpha, max.amount)), { ...opts, limitPrice });
}
