/**
 * Stakers and nominators: TAO from outside staked into subnets through `add_stake`, taken out
 * through `remove_stake`, moved through `move_stake`; each at its subnet's largest validator.
 * Fees and slippage are the chain's: every order is a real swap on the pool.
 */
import type { Action } from '../actions.js';
import type { ParamSpec } from '../params.js';
import type { Strategy } from '../strategy.js';
import { alphaOn, budgetTao, buy, everyEpochs, fraction, sell, taoFraction, taoFromFloat } from './common.js';

const BUDGET = budgetTao(1_000);

/** Holds: stakes its budget into its subnet at the start and never sells. */
export const holder: Strategy<{ done: boolean }> = {
  name: 'holder',
  class: 'staker',
  doc: 'passive subnet holder: stakes its whole budget into its subnet on the first epoch, then holds',
  params: { budget_tao: BUDGET },
  budgetTao: (p) => p.budget_tao!,
  init: () => ({ done: false }),
  decide(obs, me, { state }) {
    if (state.done) return [];
    state.done = true;
    return buy(obs, me, me.home, me.freeTao);
  },
};

/**
 * Trades at random: each epoch, with probability `trade_probability`, buys or sells (even odds)
 * an order whose size is lognormal around `trade_fraction` of its budget (fat-tailed with
 * `size_sigma`). The order flow that gives alpha prices their day-to-day noise.
 */
export const noiseTrader: Strategy<{ budget: number }> = {
  name: 'noise_trader',
  class: 'staker',
  doc: 'noise trader: random buys and sells of lognormal size on its subnet',
  params: {
    budget_tao: BUDGET,
    trade_probability: fraction(0.1, 'chance of an order each epoch'),
    trade_fraction: fraction(0.05, 'median order size, as a fraction of the budget (buys) or of the holding (sells)'),
    size_sigma: { doc: 'σ of the log order size (fat tails)', unit: '', min: 0, max: 5, default: 1, source: 'judgement' },
  },
  budgetTao: (p) => p.budget_tao!,
  init: (p) => ({ budget: p.budget_tao! }),
  decide(obs, me, { params, state, rng }) {
    if (rng.next() >= params.trade_probability!) return [];
    const side = rng.next() < 0.5;
    const f = Math.min(1, params.trade_fraction! * Math.exp(params.size_sigma! * rng.normal()));
    if (side) return buy(obs, me, me.home, minTao(me.freeTao, taoFromFloat(state.budget * f)));
    return sell(obs, me, me.home, f);
  },
};

const minTao = <T extends bigint>(a: T, b: T): T => (a < b ? a : b);

/**
 * A trader on its home subnet's price: every `every_epochs` it reads the price history and, on a
 * buy signal, stakes `order_fraction` of its free TAO; on a sell signal, sells that fraction of
 * its holding there.
 */
function priceTrader(
  name: string,
  doc: string,
  lookback: ParamSpec,
  threshold: ParamSpec,
  signal: (history: readonly number[], threshold: number) => 'buy' | 'sell' | undefined,
  /** Prices the signal reads beyond the lookback (1: a return needs the price before the window). */
  extra: number,
): Strategy<Record<string, never>> {
  return {
    name,
    class: 'staker',
    doc,
    params: {
      budget_tao: BUDGET,
      lookback_epochs: lookback,
      threshold,
      order_fraction: fraction(0.2, 'order size: fraction of free TAO (buys) or of the holding (sells)'),
      every_epochs: everyEpochs(5, 'how often it looks'),
    },
    budgetTao: (p) => p.budget_tao!,
    init: () => ({}),
    decide(obs, me, { params }) {
      if (obs.epoch % params.every_epochs! !== 0) return [];
      const h = obs.subnet(me.home)?.history(params.lookback_epochs! + extra);
      const side = h === undefined || h.length < 2 ? undefined : signal(h, params.threshold!);
      if (side === 'buy') return buy(obs, me, me.home, taoFraction(me.freeTao, params.order_fraction!));
      if (side === 'sell') return sell(obs, me, me.home, params.order_fraction!);
      return [];
    },
  };
}

/** Follows the trend: buys after a rise over `lookback_epochs` beyond `threshold`, sells after a fall. */
export const momentum = priceTrader(
  'momentum',
  'momentum trader: buys after a rise, sells after a fall (log return over the lookback against a threshold)',
  everyEpochs(20, 'how far back the return is measured (20 epochs of 360 blocks: a day)'),
  { doc: 'log return that triggers an order', unit: '', min: 0, max: 10, default: 0.05, source: 'judgement' },
  (h, th) => {
    const r = logReturn(h);
    return r === undefined ? undefined : r > th ? 'buy' : r < -th ? 'sell' : undefined;
  },
  1,
);

/** Leans against moves: buys when the price is below its mean over the lookback by the threshold, sells above. */
export const meanReversion = priceTrader(
  'mean_reversion',
  'mean-reversion trader: buys below the trailing mean price, sells above it',
  everyEpochs(100, 'window of the trailing mean (epochs)'),
  { doc: 'relative distance from the mean that triggers an order', unit: '', min: 0, max: 10, default: 0.1, source: 'judgement' },
  (h, th) => {
    const mean = h.reduce((a, x) => a + x, 0) / h.length;
    const p = h[h.length - 1]!;
    return p < mean * (1 - th) ? 'buy' : p > mean * (1 + th) ? 'sell' : undefined;
  },
  0,
);

function logReturn(h: readonly number[]): number | undefined {
  if (h.length < 2) return undefined;
  const a = h[0]!;
  const b = h[h.length - 1]!;
  return a > 0 && b > 0 ? Math.log(b / a) : undefined;
}

/**
 * Chases yield: every `every_epochs`, among its subnets, finds the best trailing staker yield
 * (alpha paid to stake per staked alpha); moves everything there when it beats the current one by
 * `hysteresis` (relative) and the position is at least `min_hold_epochs` old, and when the move's
 * TAO is at most `max_slippage` of the destination pool's TAO (slippage grows with that ratio).
 */
export const yieldChaser: Strategy<{ at: number | undefined; since: number }> = {
  name: 'yield_chaser',
  class: 'staker',
  doc: 'yield-chaser: moves its stake to the subnet with the best trailing yield, with hysteresis, a minimum holding time and a slippage bound',
  params: {
    budget_tao: BUDGET,
    every_epochs: everyEpochs(20, 'how often it compares yields (20 epochs: daily, as APY dashboards are read)'),
    hysteresis: { doc: 'relative yield advantage needed to move', unit: '', min: 0, max: 100, default: 0.25, source: 'judgement' },
    min_hold_epochs: everyEpochs(140, 'minimum time in a position before moving (140 epochs: a week)'),
    max_slippage: fraction(0.01, "largest move as a fraction of the destination pool's TAO"),
  },
  budgetTao: (p) => p.budget_tao!,
  init: () => ({ at: undefined, since: 0 }),
  decide(obs, me, { params, state }) {
    if (obs.epoch % params.every_epochs! !== 0) return [];
    let best: number | undefined;
    let bestYield = -Infinity;
    for (const n of me.subnets) {
      const s = obs.subnet(n);
      if (s !== undefined && s.subtokenEnabled && s.stakerYield > bestYield) [best, bestYield] = [n, s.stakerYield];
    }
    if (best === undefined) return [];
    // where it is now: the subnet it holds most on (a refused move leaves it where it was)
    let at: number | undefined;
    let most = 0n;
    for (const n of me.subnets) {
      const a = alphaOn(me, n);
      if (a > most) [at, most] = [n, a];
    }
    if (at === undefined) {
      state.since = obs.epoch;
      return buy(obs, me, best, me.freeTao);
    }
    if (at !== state.at) [state.at, state.since] = [at, obs.epoch];
    const cur = obs.subnet(at);
    if (best === at || obs.epoch - state.since < params.min_hold_epochs!) return [];
    if (cur !== undefined && bestYield <= cur.stakerYield * (1 + params.hysteresis!)) return [];
    const to = obs.subnet(best)!;
    const valueTao = Number(most) * (cur?.price ?? 0);
    if (valueTao > Number(to.taoIn) * params.max_slippage!) return [];
    const from = at;
    return me.positions
      .filter((p) => p.netuid === from && p.alpha > 0n)
      .map((p): Action => ({ kind: 'move_stake', coldkey: me.coldkey, from: { hotkey: p.hotkey, netuid: from }, to: { hotkey: to.topValidator, netuid: best }, amount: p.alpha }));
  },
};

interface SpeculatorState {
  /** The spell's side: +1 buying, −1 selling, 0 idle. */
  side: number;
  started: boolean;
}

/**
 * Trades in spells of attention (news, a launch, a rumour): idle most of the time, it starts a
 * spell with chance `spell_rate` each epoch, on a side drawn at even odds; a spell ends with
 * chance 1/`spell_epochs` each epoch (a geometric length). In a spell it sends an order with
 * chance `trade_probability` each epoch, on the spell's side with chance `conviction`, of a
 * lognormal value around `order_fraction` of its wealth (free TAO and holding at spot; σ
 * `size_sigma`), bounded by its free TAO
 * (buys) or its holding (sells). Its budget is `budget_tao` plus `budget_pool_fraction` of its
 * subnet's pool TAO at the start, so a subnet's traders are as large as its market; it stakes
 * `start_staked` of it on the first epoch, so it can sell as well as buy from the start. Its
 * holding is a random walk between nothing and everything (an order's size does not depend on
 * what it holds), so it does not pull prices back; the spells make volatility cluster and the
 * tails fat, the conviction makes a spell's days move one way.
 */
export const speculator: Strategy<SpeculatorState> = {
  name: 'speculator',
  class: 'staker',
  doc: 'speculator: trades its subnet in spells of attention (bursts of same-side orders of lognormal size), idle between them',
  params: {
    budget_tao: budgetTao(0),
    budget_pool_fraction: { doc: "adds this share of its subnet's pool TAO at the start to its budget (at most the pool's TAO again)", unit: '', min: 0, max: 1, default: 0.2, source: 'judgement, calibrated (scenarios/README.md, Calibration)' },
    start_staked: fraction(0.5, 'share of its budget staked on the first epoch'),
    spell_rate: fraction(0.005, 'chance an idle speculator starts a spell, each epoch', 'judgement, calibrated'),
    spell_epochs: { doc: 'mean length of a spell', unit: 'epochs', min: 1, max: 1_000_000, default: 20, source: 'judgement, calibrated' },
    trade_probability: fraction(0.5, 'chance of an order each epoch of a spell', 'judgement, calibrated'),
    conviction: fraction(0.8, "chance an order of a spell is on the spell's side", 'judgement, calibrated'),
    order_fraction: fraction(0.05, 'median order value, as a share of its wealth (free TAO and holding at spot)', 'judgement, calibrated'),
    size_sigma: { doc: 'σ of the log order value (fat tails)', unit: '', min: 0, max: 5, default: 1, source: 'judgement, calibrated' },
  },
  budgetTao: (p, home) => p.budget_tao! + p.budget_pool_fraction! * home.taoInTao,
  init: () => ({ side: 0, started: false }),
  decide(obs, me, { params: p, state, rng }) {
    const s = obs.subnet(me.home);
    // a subnet whose subtoken is not enabled takes no orders: it waits
    if (s === undefined || !s.subtokenEnabled) return [];
    if (!state.started) {
      state.started = true;
      return buy(obs, me, me.home, taoFraction(me.freeTao, p.start_staked!));
    }
    if (state.side === 0) {
      if (rng.next() < p.spell_rate!) state.side = rng.next() < 0.5 ? 1 : -1;
      return [];
    }
    if (rng.next() < 1 / p.spell_epochs!) {
      state.side = 0;
      return [];
    }
    if (rng.next() >= p.trade_probability!) return [];
    const side = rng.next() < p.conviction! ? state.side : -state.side;
    const holdingTao = (Number(alphaOn(me, me.home)) / 1e9) * s.price;
    const valueTao = (Number(me.freeTao) / 1e9 + holdingTao) * p.order_fraction! * Math.exp(p.size_sigma! * rng.normal());
    if (side > 0) return buy(obs, me, me.home, minTao(me.freeTao, taoFromFloat(valueTao)));
    return holdingTao > 0 ? sell(obs, me, me.home, Math.min(1, valueTao / holdingTao)) : [];
  },
};

export const STAKER_STRATEGIES = [holder, noiseTrader, momentum, meanReversion, yieldChaser, speculator] as const;
