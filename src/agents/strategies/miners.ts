/**
 * Miners. On mainnet most miners sell most of what they earn (shared/spec/behaviour.md §1.1):
 * that sell pressure is the drift of real alpha prices.
 */
import type { Action } from '../actions.js';
import type { Strategy } from '../strategy.js';
import { everyEpochs, fraction, sell } from './common.js';

/**
 * The built-in miners of its subnet, as one operator: every `sell_every_epochs` it sells
 * `sell_fraction` of the alpha each of its hotkeys holds (those holding at least `min_sale_tao`);
 * with `quality_sigma` > 0 its miners' quality is a random walk (the work they serve, `serve`), so
 * the validators' view must follow it.
 */
export const minerSeller: Strategy<Record<string, never>> = {
  name: 'seller',
  class: 'miner',
  doc: "operator of its subnet's built-in miners: sells a fraction of their alpha on a schedule",
  adopt: 'miners',
  params: {
    sell_fraction: fraction(0.8, 'share of the alpha held sold at each sale', 'judgement (behaviour.md: miner_sell_fraction 0.8, range 0.3–1.0, never measured)'),
    sell_every_epochs: everyEpochs(20, 'epochs between sales (20 epochs of 360 blocks: daily)', 'judgement (behaviour.md: miner_sell_interval_blocks 7,200)'),
    min_sale_tao: {
      doc: 'a hotkey is sold from only once its alpha is worth this much at spot (0: at every sale), so the many small uids sell less often',
      unit: 'TAO',
      min: 0,
      max: 1_000_000,
      default: 0,
      source: 'judgement, calibrated (scenarios/README.md, Calibration)',
    },
    quality_sigma: {
      doc: "each epoch every miner's quality takes a step N(0, quality_sigma), kept in [0, 1] (0: fixed quality)",
      unit: 'quality per epoch',
      min: 0,
      max: 1,
      default: 0,
      source: 'judgement (behaviour.md §1.2: incentive is far from equal and shifts as miners improve; not measured)',
    },
  },
  init: () => ({}),
  decide(obs, me, { params, rng }) {
    const out: Action[] = [];
    const sigma = params.quality_sigma!;
    const s = sigma > 0 ? obs.subnet(me.home) : undefined;
    if (s !== undefined)
      for (const u of me.uids) {
        if (u.netuid !== me.home || s.population.roles[u.uid] !== 'miner') continue;
        const q = Math.min(1, Math.max(0, s.population.quality[u.uid]! + sigma * rng.normal()));
        out.push({ kind: 'serve', coldkey: me.coldkey, hotkey: u.hotkey, netuid: me.home, quality: q });
      }
    // the subnet's own phase, so the operators of different subnets do not all sell in one epoch
    const phase = me.home % params.sell_every_epochs!;
    if (obs.epoch % params.sell_every_epochs! === phase) out.push(...sell(obs, me, me.home, params.sell_fraction!, params.min_sale_tao!));
    return out;
  },
};

interface EntrantState {
  /** Hotkeys made so far (names are never reused). */
  made: number;
  /** Epochs in a row its uids earned less than they cost. */
  losing: number;
  /** Its rewards at the last step, rao. */
  lastRewards: bigint;
  /** Until this epoch it stays out after leaving. */
  outUntil: number;
  /** The hotkeys it serves with (and pays compute for). */
  serving: string[];
}

const stepsPerDay = (obs: { network: { blocksPerStep: number } }): number => 7_200 / obs.network.blocksPerStep;

/**
 * A miner that enters when mining pays and leaves when it does not. It registers a uid
 * (`burned_register`, paying the burn from its budget) when a uid's expected reward — the subnet's
 * trailing miner emission per uid × TAO/USD — exceeds its cost per day plus the burn amortised
 * over `payback_days`, up to `max_uids`; it serves at `quality`; it sells `sell_fraction` of its
 * alpha every `sell_every_epochs`. When its own rewards stay below its costs for
 * `patience_epochs`, it stops serving (quality 0: the chain prunes the uid in time), sells what
 * it holds and stays out as long again.
 */
export const minerEntrant: Strategy<EntrantState> = {
  name: 'entrant',
  class: 'miner',
  doc: 'miner who registers when expected reward beats cost plus the amortised burn, sells its alpha, and leaves when unprofitable',
  params: {
    budget_tao: { doc: 'TAO for registration burns, taken from outside the model', unit: 'TAO', min: 0, max: Infinity, default: 10, source: 'judgement' },
    cost_usd_per_day: {
      doc: 'compute cost of one uid per day',
      unit: 'USD',
      min: 0,
      max: 1_000_000,
      default: 10,
      source: 'behaviour.md §1.2: the median subnet pays about $9 per uid per day at an equal split; zero-profit entry assumed (D)',
    },
    quality: fraction(0.5, 'quality of its work, as the validators see it'),
    max_uids: { doc: 'most uids it holds', unit: 'uids', min: 1, max: 256, default: 1, integer: true, source: 'behaviour.md §1.6: median 1–2 per operator (J)' },
    payback_days: { doc: 'days over which it counts the burn back', unit: 'days', min: 0.01, max: 10_000, default: 30, source: 'judgement' },
    patience_epochs: everyEpochs(140, 'epochs of losses before it leaves (140: a week)'),
    sell_fraction: fraction(0.8, 'share of its alpha sold at each sale', 'judgement (behaviour.md: miner_sell_fraction 0.8)'),
    sell_every_epochs: everyEpochs(20, 'epochs between sales (daily)', 'judgement (behaviour.md: miner_sell_interval_blocks 7,200)'),
  },
  budgetTao: (p) => p.budget_tao!,
  init: () => ({ made: 0, losing: 0, lastRewards: 0n, outUntil: 0, serving: [] }),
  costTao(obs, me, { params: p, state }) {
    // a uid the chain pruned is no longer served
    state.serving = state.serving.filter((hk) => me.uids.some((u) => u.hotkey === hk));
    return obs.network.taoUsd > 0 ? (state.serving.length * p.cost_usd_per_day!) / stepsPerDay(obs) / obs.network.taoUsd : 0;
  },
  decide(obs, me, { params: p, state }) {
    const s = obs.subnet(me.home);
    if (s === undefined) return [];
    const out: Action[] = [];
    const perStep = p.cost_usd_per_day! / stepsPerDay(obs);
    const earned = Number(me.rewardsTao - state.lastRewards) / 1e9;
    state.lastRewards = me.rewardsTao;
    const held = state.serving.length;
    if (held > 0) {
      state.losing = earned * obs.network.taoUsd < perStep * held ? state.losing + 1 : 0;
      if (state.losing >= p.patience_epochs!) {
        state.losing = 0;
        state.outUntil = obs.epoch + p.patience_epochs!;
        for (const hotkey of state.serving) out.push({ kind: 'serve', coldkey: me.coldkey, hotkey, netuid: me.home, quality: 0 });
        state.serving = [];
        return [...out, ...sell(obs, me, me.home, 1)];
      }
    }
    if (obs.epoch % p.sell_every_epochs! === me.home % p.sell_every_epochs!) out.push(...sell(obs, me, me.home, p.sell_fraction!));
    const burnTao = Number(s.burn) / 1e9;
    const expected = s.minerRewardPerUidTao * stepsPerDay(obs) * obs.network.taoUsd;
    const entering = obs.epoch >= state.outUntil && held < p.max_uids! && s.subtokenEnabled;
    if (entering && expected > p.cost_usd_per_day! + (burnTao * obs.network.taoUsd) / p.payback_days! && me.freeTao >= s.burn) {
      const hotkey = `${me.coldkey}-hk${state.made++}`;
      out.push({ kind: 'burned_register', coldkey: me.coldkey, hotkey, netuid: me.home }, { kind: 'serve', coldkey: me.coldkey, hotkey, netuid: me.home, quality: p.quality! });
      // counted once the uid shows in its view (a refused registration never does)
      state.serving.push(hotkey);
    }
    return out;
  },
};

export const MINER_STRATEGIES = [minerSeller, minerEntrant] as const;
