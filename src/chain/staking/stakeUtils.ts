/**
 * The account side of staking: a swap through the subnet's pool and the ledger entries it moves,
 * computed in full before anything is written, so that a refusal changes nothing.
 * Mirrors: pallets/subtensor/src/staking/stake_utils.rs (`stake_into_subnet`,
 * `unstake_from_subnet`, `if_subnet_exist`, `ensure_subtoken_enabled`).
 *
 *   stake:   free(c) −= τ;  swap τ → α (chain/swap/stake.ts);  stake(h, c, i) += α;
 *            SubnetAlphaOut += α;  author += fee;  record_tao_inflow(paid_in)
 *   unstake: stake(h, c, i) −= α (+ refund);  swap α → τ;  free(c) += τ;  SubnetAlphaOut −= α − refund;
 *            author += fee τ;  record_tao_outflow(τ + author τ)
 * Root (netuid 0) is the stable pool: 1:1, no fee, no SubnetAlphaOut.
 *
 * SIM-DIVERGENCE: every block has an author (fees are paid, never burned), and the existential
 * deposit is not kept back from a transfer (`transfer_tao_to_subnet` moves the whole amount).
 */
import { type AlphaRao, type TaoRao, alphaRao, taoRao } from '../../core/units.js';
import { refuse, type Refused } from '../errors.js';
import { type ChainState, type Subnet, subnetOf } from '../state.js';
import { type Pool, stakeIntoSubnet as swapIn, unstakeFromSubnet as swapOut } from '../swap/index.js';
import { ROOT_NETUID } from './ledger.js';

/** A subnet's pool as staking sees it: a dynamic subnet, or root. */
export interface Venue {
  readonly netuid: number;
  readonly pool: Pool;
  /** undefined for root. */
  readonly subnet: Subnet | undefined;
}

/** `if_subnet_exist`: the venue of `netuid`, or undefined. */
export function venueOf(c: ChainState, netuid: number): Venue | undefined {
  if (netuid === ROOT_NETUID) return { netuid, pool: c.rootPool, subnet: undefined };
  const subnet = subnetOf(c, netuid);
  return subnet === undefined ? undefined : { netuid, pool: subnet.pool, subnet };
}

/** `ensure_subtoken_enabled` (root is always enabled). */
export const subtokenEnabled = (v: Venue): boolean => v.subnet?.subtokenEnabled ?? true;

function setPool(c: ChainState, v: Venue, pool: Pool): void {
  if (v.subnet === undefined) c.rootPool = pool;
  else v.subnet.pool = pool;
}

export interface StakeAdded {
  readonly ok: true;
  /** Alpha credited to (hotkey, coldkey). */
  readonly alpha: AlphaRao;
  /** TAO taken from the coldkey. */
  readonly tao: TaoRao;
  readonly fee: TaoRao;
}

export interface StakeRemoved {
  readonly ok: true;
  /** TAO paid to the coldkey. */
  readonly tao: TaoRao;
  /** Alpha taken from the stake (net of the refund at a limit price). */
  readonly alpha: AlphaRao;
  readonly fee: AlphaRao;
}

/** `stake_into_subnet` from the coldkey's free balance, all or nothing. */
export function stakeIntoSubnet(
  c: ChainState,
  v: Venue,
  hotkey: string,
  coldkey: string,
  tao: TaoRao,
  opts: { limitPrice?: bigint; feeFree?: boolean } = {},
): StakeAdded | Refused {
  if (c.ledger.freeBalance(coldkey) < tao) return refuse('InsufficientBalance');
  const r = swapIn(v.pool, tao, opts);
  if (!r.ok) return r;
  const led = c.ledger.addStake(hotkey, coldkey, v.netuid, r.alphaStaked);
  if (!led.ok) return led;
  c.ledger.debitFree(coldkey, tao);
  setPool(c, v, r.pool);
  c.authorFees = taoRao(c.authorFees + r.authorTao);
  c.strandedTao = taoRao(c.strandedTao + r.strandedTao + r.burnedTao);
  if (v.subnet !== undefined) {
    v.subnet.alphaOut = alphaRao(v.subnet.alphaOut + r.alphaStaked);
    v.subnet.userFlowBlock += r.taoPaidIn; // record_tao_inflow
  }
  return { ok: true, alpha: r.alphaStaked, tao, fee: r.fee };
}

/** `unstake_from_subnet` to the coldkey's free balance, all or nothing. */
export function unstakeFromSubnet(
  c: ChainState,
  v: Venue,
  hotkey: string,
  coldkey: string,
  alpha: AlphaRao,
  opts: { limitPrice?: bigint; feeFree?: boolean } = {},
): StakeRemoved | Refused {
  if (c.ledger.stake(hotkey, coldkey, v.netuid) < alpha) return refuse('NotEnoughStakeToWithdraw');
  const r = swapOut(v.pool, alpha, opts);
  if (!r.ok) return r;
  const led = c.ledger.removeStake(hotkey, coldkey, v.netuid, alpha);
  if (!led.ok) return led;
  if (r.refund > 0n) c.ledger.increaseStakeForHotkeyAndColdkeyOnSubnet(hotkey, coldkey, v.netuid, r.refund);
  setPool(c, v, r.pool);
  c.ledger.creditFree(coldkey, r.taoOut);
  c.authorFees = taoRao(c.authorFees + r.authorTao);
  if (v.subnet !== undefined) {
    v.subnet.alphaOut = alphaRao(v.subnet.alphaOut - (alpha - r.refund));
    v.subnet.userFlowBlock -= r.taoOut + r.authorTao; // record_tao_outflow: paid out plus the author's fee
  }
  return { ok: true, tao: r.taoOut, alpha: alphaRao(alpha - r.refund), fee: r.fee };
}
