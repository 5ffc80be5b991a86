/**
 * The apply phase: each queued action carried out through chain/ (its extrinsics) or, for the
 * scenario's scripted changes, on the world's parameters. A refused action is a typed event named
 * after subtensor's error, never an exception, and it changes nothing.
 */
import type { Action } from '../agents/actions.js';
import { refuse, type Refused } from '../chain/errors.js';
import { addStake } from '../chain/staking/addStake.js';
import { transitionStake } from '../chain/staking/moveStake.js';
import { removeStake } from '../chain/staking/removeStake.js';
import { subnetOf } from '../chain/state.js';
import { decreaseTake, increaseTake, setChildkeyTake } from '../chain/staking/take.js';
import { burnedRegister } from '../chain/subnets/registration.js';
import { lockCost, registerNetwork, startCall } from '../chain/subnets/subnet.js';
import { setWeights, setWeightsMany } from '../chain/subnets/weights.js';
import { type TaoRao, taoRao } from '../core/units.js';
import { ZERO_FLOWS } from './meters.js';
import type { World } from './world.js';
import type { SimEvent } from './events.js';

const refusedWith = (r: Refused, detail = '') => ({ result: r.error, amountOut: 0n, detail });

/** Carry out one action: its events (none for a quiet success). */
export function applyAction(w: World, a: Action): SimEvent[] {
  if (a.kind === 'set_weights_batch') return setWeightsBatch(w, a);
  const e = applyOne(w, a);
  return e === undefined ? [] : [e];
}

function applyOne(w: World, a: Exclude<Action, { kind: 'set_weights_batch' }>): SimEvent | undefined {
  const at = { block: w.block };
  switch (a.kind) {
    case 'add_stake': {
      const base = { ...at, kind: 'stake', netuid: a.netuid, coldkey: a.coldkey, hotkey: a.hotkey, amount: a.amount, unit: 'tao' as const };
      const exhausted = a.fromOutside === true && a.amount > w.outside;
      const r = paidFromOutside(w, a.coldkey, a.fromOutside ? a.amount : taoRao(0n), () => addStake(w, a.coldkey, a.hotkey, a.netuid, a.amount, a.limit));
      return r.ok ? { ...base, result: 'ok', amountOut: r.alpha, detail: `fee ${r.fee}` } : { ...base, ...refusedWith(r, exhausted ? 'outside TAO exhausted' : '') };
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
    case 'set_weights':
      // the extrinsic lands in the next block, after its coinbase
      return weightsEvent(w, a.netuid, a.hotkey, setWeights(w, a.hotkey, a.netuid, a.uids, a.values, w.block + 1));
    case 'burned_register': {
      const s = subnetOf(w, a.netuid);
      const cost = s?.burn ?? taoRao(0n);
      const base = { ...at, kind: 'burned_register', netuid: a.netuid, coldkey: a.coldkey, hotkey: a.hotkey, amount: cost, unit: 'tao' as const, amountOut: 0n };
      const r = paidFromOutside(w, a.coldkey, a.fromOutside ? cost : taoRao(0n), () => burnedRegister(w, a.coldkey, a.hotkey, a.netuid, w.block + 1));
      if (!r.ok) return { ...base, result: r.error, detail: r.error === 'NotEnoughBalanceToStake' && a.fromOutside ? 'outside TAO exhausted' : '' };
      // the uid is a miner of unknown quality to the built-in validators
      const pop = w.population.get(a.netuid)!;
      w.population.set(a.netuid, { ...pop, roles: withAt(pop.roles, r.uid, 'miner'), quality: withAt(pop.quality, r.uid, 0) });
      return { ...base, result: 'ok', detail: `uid ${r.uid}${r.replaced === undefined ? '' : ` (replaced ${r.replaced})`}` };
    }
    case 'serve': {
      // SIM-DIVERGENCE: off-chain work. A miner's quality is what validators measure of the
      // service behind its hotkey; here its operator states it, and the built-in validators see it.
      const s = subnetOf(w, a.netuid);
      const uid = s?.metagraph.uid(a.hotkey);
      const base = { ...at, kind: 'serve', netuid: a.netuid, coldkey: a.coldkey, hotkey: a.hotkey, amount: 0n, unit: '' as const, amountOut: 0n, detail: `quality ${a.quality}` };
      if (s === undefined) return { ...base, result: 'SubnetNotExists' };
      if (uid === undefined) return { ...base, result: 'HotKeyNotRegisteredInSubNet' };
      if (s.metagraph.coldkeys[uid] !== a.coldkey) return { ...base, result: 'NonAssociatedColdKey' };
      const pop = w.population.get(a.netuid)!;
      if (pop.roles[uid] !== 'miner') return { ...base, result: 'NotSimulated', detail: `uid ${uid} is the built-in population's ${pop.roles[uid]}` };
      if (!(a.quality >= 0 && a.quality <= 1)) return { ...base, result: 'NotSimulated', detail: `quality ${a.quality} is not in [0, 1]` };
      w.population.set(a.netuid, { ...pop, quality: withAt(pop.quality, uid, a.quality) });
      return undefined;
    }
    case 'register_network': {
      const cost = lockCost(w, w.block + 1);
      const base = { ...at, kind: 'register_network', coldkey: a.coldkey, hotkey: a.hotkey, amount: cost, unit: 'tao' as const, amountOut: 0n };
      const r = paidFromOutside(w, a.coldkey, a.fromOutside ? cost : taoRao(0n), () => registerNetwork(w, a.coldkey, a.hotkey, w.block + 1, w.subnetDefaults.params));
      if (!r.ok) return { ...base, netuid: null, result: r.error, detail: '' };
      if (r.dissolved !== undefined) {
        w.population.delete(r.dissolved.netuid);
        w.meters.delete(r.dissolved.netuid);
      }
      w.population.set(r.netuid, { spec: w.subnetDefaults.population, ownerFraction: 0, roles: ['owner'], quality: [0] });
      w.meters.set(r.netuid, { flows: ZERO_FLOWS(), last: undefined });
      const paid = r.dissolved?.payouts.reduce((x, p) => x + p.tao, 0n) ?? 0n;
      return { ...base, netuid: r.netuid, result: 'ok', detail: r.dissolved === undefined ? '' : `pruned ${r.dissolved.netuid}: ${paid} rao TAO to its stakers, ${r.dissolved.recycled} recycled` };
    }
    case 'start_call': {
      const r = startCall(w, a.coldkey, a.netuid, w.block + 1);
      return { ...at, kind: 'start_call', netuid: a.netuid, coldkey: a.coldkey, hotkey: '', amount: 0n, unit: '', amountOut: 0n, result: r.ok ? 'ok' : r.error, detail: '' };
    }
    case 'increase_take':
    case 'decrease_take':
    case 'set_childkey_take': {
      const now = w.block + 1;
      const r =
        a.kind === 'set_childkey_take'
          ? setChildkeyTake(w, a.coldkey, a.hotkey, a.netuid, a.take, now)
          : (a.kind === 'increase_take' ? increaseTake : decreaseTake)(w, a.coldkey, a.hotkey, a.take, now);
      const netuid = a.kind === 'set_childkey_take' ? a.netuid : null;
      return { ...at, kind: a.kind, netuid, coldkey: a.coldkey, hotkey: a.hotkey, amount: 0n, unit: '', amountOut: 0n, result: r.ok ? 'ok' : r.error, detail: `take ${a.take}` };
    }
    case 'set_param':
    case 'set_share_rule':
      return applyScripted(w, a);
  }
}

function setWeightsBatch(w: World, a: Extract<Action, { kind: 'set_weights_batch' }>): SimEvent[] {
  const results = setWeightsMany(w, a.netuid, a.uids, a.rows, w.block + 1);
  const out: SimEvent[] = [];
  results.forEach((r, t) => {
    if (!(r.ok && a.quiet)) out.push(weightsEvent(w, a.netuid, a.rows[t]!.hotkey, r));
  });
  return out;
}

function weightsEvent(w: World, netuid: number, hotkey: string, r: ReturnType<typeof setWeights>): SimEvent {
  const m = subnetOf(w, netuid)?.metagraph;
  const uid = m?.uid(hotkey);
  const base = { block: w.block, kind: 'set_weights', netuid, coldkey: uid === undefined ? '' : m!.coldkeys[uid]!, hotkey, amount: 0n, unit: '' as const, amountOut: 0n };
  return r.ok ? { ...base, result: 'ok', detail: `uid ${r.uid}` } : { ...base, result: r.error, detail: uid === undefined ? '' : `uid ${uid}` };
}

const withAt = <T>(col: readonly T[], uid: number, v: T): T[] => {
  const out = [...col];
  out[uid] = v;
  return out;
};

/**
 * A call paid from the free balance, with `amount` brought in from outside the model first and
 * taken back out if the call is refused (the whole action refused as one).
 */
function paidFromOutside<R extends { ok: true }>(w: World, coldkey: string, amount: TaoRao, call: () => R | Refused): R | Refused {
  if (amount > w.outside) return refuse('NotEnoughBalanceToStake');
  w.outside = taoRao(w.outside - amount);
  w.ledger.creditFree(coldkey, amount);
  const r = call();
  if (!r.ok) {
    w.ledger.debitFree(coldkey, amount);
    w.outside = taoRao(w.outside + amount);
  }
  return r;
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
