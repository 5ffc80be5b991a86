/**
 * Subnet owners: the owner cut accrues as stake on the owner hotkey; what an owner does with it.
 */
import type { Strategy } from '../strategy.js';
import type { Action } from '../actions.js';
import { budgetTao, everyEpochs, fraction, minOrder, sell, taoFraction } from './common.js';

/** Sells `sell_fraction` of its alpha every `sell_every_epochs` ("salary" owner). */
export const ownerSeller: Strategy<Record<string, never>> = {
  name: 'seller',
  class: 'owner',
  doc: 'owner who sells a fraction of its alpha (the owner cut) on a schedule',
  adopt: 'owner',
  params: {
    sell_fraction: fraction(0.5, 'share of its alpha sold at each sale', 'judgement (behaviour.md owner types: "salary" sells 50–100% of the cut monthly)'),
    sell_every_epochs: everyEpochs(600, 'epochs between sales (600 epochs of 360 blocks: a month)', 'judgement (behaviour.md: monthly)'),
  },
  init: () => ({}),
  decide(obs, me, { params }) {
    if (obs.epoch === 0 || obs.epoch % params.sell_every_epochs! !== 0) return [];
    return sell(obs, me, me.home, params.sell_fraction!);
  },
};

/** Holds until `dump_at_epoch`, then sells everything in equal parts over `dump_epochs` epochs. */
export const ownerDumper: Strategy<Record<string, never>> = {
  name: 'dumper',
  class: 'owner',
  doc: 'owner who walks away: from dump_at_epoch sells all its alpha over dump_epochs epochs',
  adopt: 'owner',
  params: {
    dump_at_epoch: { doc: 'first epoch of the dump', unit: 'epoch', min: 0, max: 100_000_000, default: 0, integer: true, source: 'scenario' },
    dump_epochs: everyEpochs(10, 'epochs the dump is spread over'),
  },
  init: () => ({}),
  decide(obs, me, { params }) {
    const k = obs.epoch - params.dump_at_epoch!;
    const n = params.dump_epochs!;
    if (k < 0 || k >= n) return [];
    // 1/(n−k) of what is left: all of it by the last epoch of the dump
    return sell(obs, me, me.home, 1 / (n - k));
  },
};

/**
 * Buys its own alpha back: every `buy_every_epochs` it stakes `buy_fraction` of its free TAO (its
 * budget) into its subnet at the owner hotkey, and holds the cut it earns. It holds what it buys
 * (the chain's burn_alpha / recycle_alpha are not among the simulated extrinsics yet).
 */
export const ownerBuyback: Strategy<Record<string, never>> = {
  name: 'buyback',
  class: 'owner',
  doc: 'owner who buys its own alpha back: stakes a fraction of its free TAO into its subnet on a schedule, and holds its cut',
  adopt: 'owner',
  params: {
    budget_tao: budgetTao(1000, 'judgement (behaviour.md §4.2: buy-back-and-burn is the most used value-accrual mechanism; volumes not measured)'),
    buy_fraction: fraction(0.1, 'share of its free TAO staked at each buy'),
    buy_every_epochs: everyEpochs(20, 'epochs between buys (daily)'),
  },
  budgetTao: (p) => p.budget_tao!,
  init: () => ({}),
  decide(obs, me, { params }) {
    const s = obs.subnet(me.home);
    if (s === undefined || obs.epoch % params.buy_every_epochs! !== 0) return [];
    const amount = taoFraction(me.freeTao, params.buy_fraction!);
    // the owner's own hotkey, so the bought alpha is its own stake
    if (amount < minOrder(obs)) return [];
    return [{ kind: 'add_stake', coldkey: me.coldkey, hotkey: s.ownerHotkey, netuid: me.home, amount }];
  },
};

interface FounderState {
  /** Registrations sent so far (names of owner hotkeys are never reused). */
  made: number;
}

/**
 * A founder: an owner-to-be with its own coldkey and budget. Every `every_epochs` it prices a new
 * subnet: a proxy of the owner's income — the owner cut of an average subnet's share of the block
 * emission, per day, over `payback_days` — against the lock cost (`register_network` pays it;
 * at the 128-subnet limit the chain prunes the non-immune subnet with the lowest moving price,
 * paying its stakers out). When it pays and the budget covers it, it registers (owning up to
 * `max_subnets` at a time), calls `start_call` once its subnet shows, and then sells
 * `sell_fraction` of its owner alpha every `sell_every_epochs`.
 */
export const ownerFounder: Strategy<FounderState> = {
  name: 'founder',
  class: 'owner',
  doc: 'founder who registers a new subnet when an average owner cut pays the lock cost back, starts it, and sells its cut on a schedule',
  params: {
    budget_tao: budgetTao(5000),
    payback_days: { doc: 'days of an average owner cut the lock cost must be paid back in', unit: 'days', min: 0, max: 100_000, default: 365, source: 'judgement' },
    every_epochs: everyEpochs(20, 'how often it prices a new subnet (daily)'),
    max_subnets: { doc: 'most subnets it owns at a time', unit: 'subnets', min: 0, max: 1000, default: 1, integer: true, source: 'judgement' },
    sell_fraction: fraction(0.5, 'share of its owner alpha sold at each sale', 'judgement (behaviour.md owner types: "salary")'),
    sell_every_epochs: everyEpochs(600, 'epochs between sales (monthly)'),
  },
  budgetTao: (p) => p.budget_tao!,
  init: () => ({ made: 0 }),
  decide(obs, me, { params: p, state }) {
    const out: Action[] = [];
    const mine = obs.subnets.filter((s) => s.ownerColdkey === me.coldkey);
    for (const s of mine) {
      if (!s.subtokenEnabled) out.push({ kind: 'start_call', coldkey: me.coldkey, netuid: s.netuid });
      else if (obs.epoch % p.sell_every_epochs! === 0) out.push(...sell(obs, me, s.netuid, p.sell_fraction!));
    }
    // a refused registration (the chain's rate limit, say) is tried again at the next look
    if (mine.length >= p.max_subnets! || obs.epoch % p.every_epochs! !== 0) return out;
    // a proxy of what owning a subnet pays: the (median) owner cut of an average subnet's TAO emission
    const cuts = obs.subnets.map((s) => s.ownerCut).sort((a, b) => a - b);
    const cut = cuts.length === 0 ? 0 : cuts[cuts.length >> 1]!;
    const cutPerDayTao = ((Number(obs.network.blockEmission) / 1e9) * 7_200 * cut) / Math.max(1, obs.subnets.length);
    const lock = obs.network.lockCost;
    if (me.freeTao < lock || Number(lock) / 1e9 > cutPerDayTao * p.payback_days!) return out;
    out.push({ kind: 'register_network', coldkey: me.coldkey, hotkey: `${me.coldkey}-owner-hk${state.made++}` });
    return out;
  },
};

export const OWNER_STRATEGIES = [ownerSeller, ownerDumper, ownerBuyback, ownerFounder] as const;
