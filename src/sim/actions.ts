/**
 * The apply phase: each queued action carried out through chain/ (its extrinsics) or, for the
 * scenario's scripted changes, on the world's parameters. A refused action is a typed event named
 * after subtensor's error, never an exception, and it changes nothing.
 */
import type { Action } from '../agents/actions.js';
import { type ChainError, refuse, type Refused } from '../chain/errors.js';
import { addStake } from '../chain/staking/addStake.js';
import { transitionStake } from '../chain/staking/moveStake.js';
import { removeStake } from '../chain/staking/removeStake.js';
import { subnetOf } from '../chain/state.js';
import { setWeights } from '../chain/subnets/weights.js';
import { type TaoRao, taoRao } from '../core/units.js';
import type { World } from './world.js';

/** The simulator's own refusal: a setting it does not model. */
export type SimRefusal = 'NotSimulated';

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
  readonly result: 'ok' | ChainError | SimRefusal;
  /** Amount out, rao (alpha for stake, TAO for unstake). */
  readonly amountOut: bigint;
  readonly detail: string;
}

/** `add_stake` of TAO that first arrives from outside the model; refused, it goes back. */
function stakeFromOutside(w: World, coldkey: string, hotkey: string, netuid: number, amount: TaoRao, limit: Parameters<typeof addStake>[5]) {
  if (amount > w.outside) return { refused: refuse('NotEnoughBalanceToStake'), detail: 'outside TAO exhausted' };
  w.outside = taoRao(w.outside - amount);
  w.ledger.creditFree(coldkey, amount);
  const r = addStake(w, coldkey, hotkey, netuid, amount, limit);
  if (!r.ok) {
    w.ledger.debitFree(coldkey, amount);
    w.outside = taoRao(w.outside + amount);
    return { refused: r, detail: '' };
  }
  return { receipt: r };
}

const refusedWith = (r: Refused, detail = '') => ({ result: r.error, amountOut: 0n, detail });

/** Carry out one action; undefined for a quiet action that succeeded. */
export function applyAction(w: World, a: Action): SimEvent | undefined {
  const at = { block: w.block };
  switch (a.kind) {
    case 'add_stake': {
      const base = { ...at, kind: 'stake', netuid: a.netuid, coldkey: a.coldkey, hotkey: a.hotkey, amount: a.amount, unit: 'tao' as const };
      if (a.fromOutside) {
        const r = stakeFromOutside(w, a.coldkey, a.hotkey, a.netuid, a.amount, a.limit);
        if (r.refused) return { ...base, ...refusedWith(r.refused, r.detail) };
        return { ...base, result: 'ok', amountOut: r.receipt.alpha, detail: `fee ${r.receipt.fee}` };
      }
      const r = addStake(w, a.coldkey, a.hotkey, a.netuid, a.amount, a.limit);
      return r.ok ? { ...base, result: 'ok', amountOut: r.alpha, detail: `fee ${r.fee}` } : { ...base, ...refusedWith(r) };
    }
    case 'remove_stake': {
      const base = { ...at, kind: 'unstake', netuid: a.netuid, coldkey: a.coldkey, hotkey: a.hotkey, amount: a.amount, unit: 'alpha' as const };
      const r = removeStake(w, a.coldkey, a.hotkey, a.netuid, a.amount, a.limit);
      if (!r.ok) return { ...base, ...refusedWith(r, `holds ${w.ledger.stake(a.hotkey, a.coldkey, a.netuid)}`) };
      return { ...base, result: 'ok', amountOut: r.tao, detail: r.alpha === a.amount ? `fee ${r.fee}` : `fee ${r.fee}; ${r.alpha} sold` };
    }
    case 'move_stake':
    case 'swap_stake':
    case 'transfer_stake': {
      const from = a.kind === 'move_stake' ? { coldkey: a.coldkey, ...a.from } : { coldkey: a.coldkey, hotkey: a.hotkey, netuid: a.from };
      const to =
        a.kind === 'move_stake'
          ? { coldkey: a.coldkey, ...a.to }
          : { coldkey: a.kind === 'transfer_stake' ? a.destinationColdkey : a.coldkey, hotkey: a.hotkey, netuid: a.to };
      const base = { ...at, kind: a.kind === 'move_stake' ? 'move' : a.kind, netuid: from.netuid, coldkey: a.coldkey, hotkey: from.hotkey, amount: a.amount, unit: 'alpha' as const };
      const r = transitionStake(w, from, to, a.amount);
      if (!r.ok) return { ...base, ...refusedWith(r) };
      const where = `to ${to.coldkey === from.coldkey ? '' : to.coldkey + '/'}${to.hotkey}${to.netuid === from.netuid ? '' : ` on ${to.netuid}: ${r.tao} rao TAO`}`;
      return { ...base, result: 'ok', amountOut: r.alphaIn, detail: r.alphaIn === 0n && r.tao > 0n ? `${where} left free (below DefaultMinStake)` : where };
    }
    case 'set_weights': {
      // the extrinsic lands in the next block, after its coinbase
      const r = setWeights(w, a.hotkey, a.netuid, a.uids, a.values, w.block + 1);
      if (r.ok && a.quiet) return undefined;
      const s = subnetOf(w, a.netuid);
      const uid = s?.metagraph.uid(a.hotkey);
      const coldkey = uid === undefined ? '' : s!.metagraph.coldkeys[uid]!;
      const base = { ...at, kind: 'set_weights', netuid: a.netuid, coldkey, hotkey: a.hotkey, amount: 0n, unit: '' as const, amountOut: 0n };
      return r.ok ? { ...base, result: 'ok', detail: `uid ${r.uid}` } : { ...base, result: r.error, detail: uid === undefined ? '' : `uid ${uid}` };
    }
    case 'set_param':
    case 'set_share_rule':
      return applyScripted(w, a);
  }
}

/** The scenario's parameter changes (the chain's sudo and admin-utils calls, applied directly). */
function applyScripted(w: World, a: Extract<Action, { kind: 'set_param' | 'set_share_rule' }>): SimEvent {
  const common = { block: w.block, coldkey: '', hotkey: '', amount: 0n, unit: '' as const, result: 'ok' as const, amountOut: 0n };
  if (a.kind === 'set_share_rule') {
    w.network.shareRule = a.share_rule;
    if (a.share_rule.rule === 'price-burn-gate' && a.share_rule.gate_threshold !== null) w.network.gateBar = a.share_rule.gate_threshold;
    return { ...common, kind: 'set_share_rule', netuid: null, detail: a.share_rule.rule };
  }
  if (a.scope === 'subnet') {
    const s = subnetOf(w, a.netuid)!;
    if (a.key === 'emission_enabled') s.emissionEnabled = Boolean(a.value);
    else if (a.key === 'registration_allowed') s.registrationAllowed = Boolean(a.value);
    else if (a.key === 'subtoken_enabled') s.subtokenEnabled = Boolean(a.value);
    else if (a.key === 'owner_cut')
      return { ...common, kind: 'set_param', netuid: a.netuid, result: 'NotSimulated', detail: 'owner_cut is one network-wide value on the chain' };
    else s.params = { ...s.params, [a.key]: a.value };
    return { ...common, kind: 'set_param', netuid: a.netuid, detail: `${a.key}=${String(a.value)}` };
  }
  const n = w.network;
  switch (a.key) {
    case 'block_emission':
      n.blockEmission = a.value === null ? null : taoRao(a.value as bigint);
      break;
    case 'tao_weight':
      n.taoWeight = a.value as bigint;
      break;
    case 'moving_alpha':
      n.movingAlpha = a.value as bigint;
      break;
    case 'max_epochs_per_block':
      n.maxEpochsPerBlock = a.value as number;
      break;
    case 'root_claims_per_block':
      n.rootClaimsPerBlock = a.value as number;
      break;
    case 'root_sell':
      if (a.value !== 'auto') return { ...common, kind: 'set_param', netuid: null, result: 'NotSimulated', detail: `root_sell=${String(a.value)}: only auto is simulated` };
      n.rootSell = 'auto';
      break;
  }
  return { ...common, kind: 'set_param', netuid: null, detail: `${a.key}=${String(a.value)}` };
}
