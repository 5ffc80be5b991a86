/**
 * Actions agents and the timeline take, applied through chain/ (swap + ledger). A refused action
 * is a typed rejection event named after subtensor's error, never an exception.
 */
import { type AlphaRao, type TaoRao, alphaRao, taoRao } from '../core/units.js';
import { currentPrice, DEFAULT_MIN_STAKE, stakeIntoSubnet, unstakeFromSubnet } from '../chain/swap/index.js';
import type { ResolvedEvent } from '../scenario/types.js';
import type { Subnet } from '../chain/state.js';
import type { World } from './world.js';

export interface SimEvent {
  readonly block: number;
  readonly kind: string;
  readonly netuid: number | null;
  readonly coldkey: string;
  readonly hotkey: string;
  /** Amount in (TAO or alpha rao, as `unit` says). */
  readonly amount: bigint;
  readonly unit: 'tao' | 'alpha' | '';
  /** ok, or the subtensor error that refused it. */
  readonly result: string;
  /** Amount out, rao (alpha for stake, TAO for unstake). */
  readonly amountOut: bigint;
  readonly detail: string;
}

const subnetOf = (w: World, netuid: number): Subnet | undefined => w.subnets.find((s) => s.netuid === netuid);

/** Stake TAO that the coldkey brings in from outside the model into subnet `netuid` on `hotkey`. */
export function stake(w: World, coldkey: string, hotkey: string, netuid: number, amount: TaoRao): SimEvent {
  if (amount > w.outside) {
    return { block: w.block, kind: 'stake', netuid, coldkey, hotkey, amount, unit: 'tao', result: 'NotEnoughBalanceToStake', amountOut: 0n, detail: 'outside TAO exhausted' };
  }
  w.outside = taoRao(w.outside - amount);
  w.ledger.creditFree(coldkey, amount);
  return stakeFromFree(w, coldkey, hotkey, netuid, amount, false, 'stake');
}

/** `stake_into_subnet` from the coldkey's free balance (the fee dropped when `feeFree`). */
function stakeFromFree(w: World, coldkey: string, hotkey: string, netuid: number, amount: TaoRao, feeFree: boolean, kind: string): SimEvent {
  const base = { block: w.block, kind, netuid, coldkey, hotkey, amount, unit: 'tao' as const, detail: '' };
  const s = subnetOf(w, netuid)!;
  if (w.ledger.freeBalance(coldkey) < amount) return { ...base, result: 'NotEnoughBalanceToStake', amountOut: 0n };
  if (!w.ledger.hotkeyExists(hotkey)) return { ...base, result: 'HotKeyAccountNotExists', amountOut: 0n };
  const r = stakeIntoSubnet(s.pool, amount, { minStake: 0n, feeFree });
  if (!r.ok) return { ...base, result: r.error, amountOut: 0n };
  const led = w.ledger.addStake(hotkey, coldkey, netuid, r.alphaStaked);
  if (!led.ok) return { ...base, result: led.error, amountOut: 0n };
  w.ledger.debitFree(coldkey, amount);
  s.pool = r.pool;
  s.alphaOut = alphaRao(s.alphaOut + r.alphaStaked);
  w.authorFees = taoRao(w.authorFees + r.authorTao);
  w.strandedTao = taoRao(w.strandedTao + r.strandedTao + r.burnedTao);
  s.userFlowBlock += r.taoPaidIn;
  return { ...base, result: 'ok', amountOut: r.alphaStaked, detail: `fee ${r.fee}` };
}

/** Unstake alpha of (hotkey, coldkey) on `netuid`; the TAO goes to the coldkey's free balance. */
export function unstake(w: World, coldkey: string, hotkey: string, netuid: number, amount: AlphaRao): SimEvent {
  const base = { block: w.block, kind: 'unstake', netuid, coldkey, hotkey, amount, unit: 'alpha' as const, detail: '' };
  const s = subnetOf(w, netuid)!;
  const held = w.ledger.stake(hotkey, coldkey, netuid);
  if (held < amount) return { ...base, result: 'NotEnoughStakeToWithdraw', amountOut: 0n, detail: `holds ${held}` };
  const r = unstakeFromSubnet(s.pool, amount);
  if (!r.ok) return { ...base, result: r.error, amountOut: 0n };
  const led = w.ledger.removeStake(hotkey, coldkey, netuid, amount);
  if (!led.ok) return { ...base, result: led.error, amountOut: 0n };
  if (r.refund > 0n) w.ledger.increaseStakeForHotkeyAndColdkeyOnSubnet(hotkey, coldkey, netuid, r.refund);
  s.pool = r.pool;
  s.alphaOut = alphaRao(s.alphaOut - (amount - r.refund));
  w.ledger.creditFree(coldkey, r.taoOut);
  w.authorFees = taoRao(w.authorFees + r.authorTao);
  s.userFlowBlock -= r.taoOut + r.authorTao; // record_tao_outflow: paid out plus the author's fee
  return { ...base, result: 'ok', amountOut: r.taoOut, detail: `fee ${r.fee}` };
}

/**
 * `move_stake` / `transition_stake_internal` (staking/move_stake.rs, economics.md §5.9): within
 * one subnet a transfer with no swap and no fee; across subnets an unstake on the origin (which
 * pays the one fee) and a fee-free stake on the destination. TAO below DefaultMinStake after the
 * unstake is not restaked and stays free.
 */
export function moveStake(w: World, coldkey: string, from: { hotkey: string; netuid: number }, to: { hotkey: string; netuid: number }, amount: AlphaRao): SimEvent {
  const base = { block: w.block, kind: 'move', netuid: from.netuid, coldkey, hotkey: from.hotkey, amount, unit: 'alpha' as const };
  const origin = subnetOf(w, from.netuid)!;
  const taoValue = (amount * currentPrice(origin.pool)) >> 64n;
  if (from.netuid === to.netuid) {
    if (taoValue < DEFAULT_MIN_STAKE) return { ...base, result: 'AmountTooLow', amountOut: 0n, detail: `worth ${taoValue} rao` };
    const r = w.ledger.transferStake(from.hotkey, coldkey, to.hotkey, coldkey, from.netuid, amount);
    return { ...base, result: r.ok ? 'ok' : r.error, amountOut: r.ok ? amount : 0n, detail: `to ${to.hotkey}` };
  }
  if (!(taoValue > DEFAULT_MIN_STAKE)) return { ...base, result: 'AmountTooLow', amountOut: 0n, detail: `worth ${taoValue} rao` };
  const out = unstake(w, coldkey, from.hotkey, from.netuid, amount);
  if (out.result !== 'ok') return { ...out, kind: 'move' };
  if (out.amountOut < DEFAULT_MIN_STAKE) return { ...base, result: 'ok', amountOut: 0n, detail: `${out.amountOut} rao TAO left free (below DefaultMinStake)` };
  const into = stakeFromFree(w, coldkey, to.hotkey, to.netuid, taoRao(out.amountOut), true, 'move');
  return { ...base, result: into.result, amountOut: into.amountOut, detail: `to ${to.hotkey} on ${to.netuid}: ${out.amountOut} rao TAO` };
}

const validatorHotkeys = (w: World, s: Subnet): string[] => {
  const roles = w.population.get(s.netuid)!.roles;
  return s.metagraph.hotkeys.filter((_, uid) => roles[uid] === 'validator');
};

/** A timeline event of the scenario. */
export function applyEvent(w: World, e: ResolvedEvent): SimEvent {
  const common = { block: w.block, coldkey: '', hotkey: '', amount: 0n, unit: '' as const, result: 'ok', amountOut: 0n };
  switch (e.kind) {
    case 'stake':
    case 'unstake': {
      const s = subnetOf(w, e.netuid)!;
      const hotkey = e.validator === null ? s.ownerHotkey : (validatorHotkeys(w, s)[e.validator] ?? '');
      return e.kind === 'stake' ? stake(w, e.coldkey, hotkey, e.netuid, e.amount) : unstake(w, e.coldkey, hotkey, e.netuid, e.amount);
    }
    case 'set_param': {
      if (e.scope === 'subnet') {
        const s = subnetOf(w, e.netuid)!;
        if (e.key === 'emission_enabled') s.emissionEnabled = Boolean(e.value);
        else if (e.key === 'registration_allowed') s.registrationAllowed = Boolean(e.value);
        else if (e.key === 'subtoken_enabled') s.subtokenEnabled = Boolean(e.value);
        else if (e.key === 'owner_cut')
          return { ...common, kind: 'set_param', netuid: e.netuid, result: 'NotSimulated', detail: 'owner_cut is one network-wide value on the chain' };
        else s.params = { ...s.params, [e.key]: e.value };
        return { ...common, kind: 'set_param', netuid: e.netuid, detail: `${e.key}=${String(e.value)}` };
      }
      const n = w.network;
      switch (e.key) {
        case 'block_emission':
          n.blockEmission = e.value === null ? null : taoRao(e.value as bigint);
          break;
        case 'tao_weight':
          n.taoWeight = e.value as bigint;
          break;
        case 'moving_alpha':
          n.movingAlpha = e.value as bigint;
          break;
        case 'max_epochs_per_block':
          n.maxEpochsPerBlock = e.value as number;
          break;
        case 'root_claims_per_block':
          n.rootClaimsPerBlock = e.value as number;
          break;
        case 'root_sell':
          if (e.value !== 'auto') return { ...common, kind: 'set_param', netuid: null, result: 'NotSimulated', detail: `root_sell=${String(e.value)}: only auto is simulated` };
          n.rootSell = 'auto';
          break;
      }
      return { ...common, kind: 'set_param', netuid: null, detail: `${e.key}=${String(e.value)}` };
    }
    case 'set_share_rule':
      w.network.shareRule = e.share_rule;
      if (e.share_rule.rule === 'price-burn-gate' && e.share_rule.gate_threshold !== null) w.network.gateBar = e.share_rule.gate_threshold;
      return { ...common, kind: 'set_share_rule', netuid: null, detail: e.share_rule.rule };
  }
}
