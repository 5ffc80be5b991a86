/**
 * What the built-in strategies share: parameter specs that recur, and the step from a behaviour's
 * float (a fraction) to an amount of rao, by integer arithmetic on the amount held.
 */
import type { Action } from '../actions.js';
import type { AgentView, Observation } from '../observation.js';
import type { ParamSpec } from '../params.js';
import { type AlphaRao, type TaoRao, alphaRao, taoRao } from '../../core/units.js';

const PPB = 1_000_000_000;

/** ⌊amount · f⌋ for f in [0, 1], to a billionth of the amount. */
export function fractionOf(amount: bigint, f: number): bigint {
  if (!(f > 0)) return 0n;
  if (f >= 1) return amount;
  return (amount * BigInt(Math.floor(f * PPB))) / BigInt(PPB);
}
export const taoFraction = (a: TaoRao, f: number): TaoRao => taoRao(fractionOf(a, f));
export const alphaFraction = (a: AlphaRao, f: number): AlphaRao => alphaRao(fractionOf(a, f));

/** A TAO amount an agent decided in floats (whole rao, never negative). */
export const taoFromFloat = (tao: number): TaoRao => taoRao(tao > 0 ? BigInt(Math.floor(tao * PPB)) : 0n);

/** The smallest order worth sending: DefaultMinStake with 5% headroom for the fee (smaller ones are refused). */
export const minOrder = (obs: Observation): bigint => obs.network.minStake + obs.network.minStake / 20n;

export const budgetTao = (dflt: number, source = 'judgement: no measurement of budgets per participant'): ParamSpec => ({
  doc: 'TAO the agent starts with, taken from outside the model',
  unit: 'TAO',
  min: 0,
  // unbounded here, so lognormal and Pareto budgets fit: the sum is bounded by the TAO outside the model
  max: Infinity,
  default: dflt,
  source,
});

export const everyEpochs = (dflt: number, doc: string, source = 'judgement'): ParamSpec => ({ doc, unit: 'epochs', min: 1, max: 1_000_000, default: dflt, integer: true, source });

export const fraction = (dflt: number, doc: string, source = 'judgement'): ParamSpec => ({ doc, unit: '', min: 0, max: 1, default: dflt, source });

/** The agent's alpha on a subnet, summed over its hotkeys there. */
export function alphaOn(me: AgentView, netuid: number): AlphaRao {
  let a = 0n;
  for (const p of me.positions) if (p.netuid === netuid) a += p.alpha;
  return alphaRao(a);
}

/** Stake `amount` into `netuid` at its top validator (nothing if below the chain's minimum, or before its subtoken is enabled). */
export function buy(obs: Observation, me: AgentView, netuid: number, amount: TaoRao): Action[] {
  const s = obs.subnet(netuid);
  if (s === undefined || !s.subtokenEnabled || amount < minOrder(obs)) return [];
  return [{ kind: 'add_stake', coldkey: me.coldkey, hotkey: s.topValidator, netuid, amount }];
}

/**
 * Sell the fraction `f` of each of the agent's stakes on `netuid` worth at least `minHeldTao` at
 * spot (orders worth less than the chain's minimum are not sent).
 */
export function sell(obs: Observation, me: AgentView, netuid: number, f: number, minHeldTao = 0): Action[] {
  const price = obs.subnet(netuid)?.price ?? 0;
  const out: Action[] = [];
  for (const p of me.positions) {
    if (p.netuid !== netuid || Number(p.alpha) * price < minHeldTao * 1e9) continue;
    const amount = alphaFraction(p.alpha, f);
    if (amount > 0n && Number(amount) * price >= Number(minOrder(obs))) out.push({ kind: 'remove_stake', coldkey: me.coldkey, hotkey: p.hotkey, netuid, amount });
  }
  return out;
}
