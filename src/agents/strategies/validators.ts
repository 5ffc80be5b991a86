/**
 * Validators. Each agent takes over one built-in validator (adopt 'validator': its coldkey, its
 * hotkey registered on every subnet, its stakes) and sets the weights on its population's subnets
 * where that hotkey holds a uid. What it sees of a miner is the miner's quality (the off-chain
 * work, SIM-DIVERGENCE in sim/actions.ts `serve`) through its own noise; what it does:
 *
 *   honest  every `weight_every_epochs`: the built-in view (owner's uid at the subnet's owner
 *           fraction, miners at quality + N(0, noise), floored at 0, max-upscaled to u16)
 *   lazy    honest, but only every `weight_every_epochs` (default 10: past activity_cutoff)
 *   copier  the weights the subnet's largest other validator had on chain `lag_epochs` steps ago
 *   cabal   registers `own_miners` uids under its coldkey (which do no work) and gives them
 *           `boost` of its row: row = (1 − boost)·honest/Σhonest + boost/own on each own uid
 *   offline never sets weights
 *
 * Every one sets its delegate take to `take` at the start (decrease_take: the built-in validators
 * hold the chain's default, the maximum) and sells `sell_fraction` of its stake every
 * `sell_every_epochs` (0: it holds, so its dividends stay staked: restaked).
 */
import type { Action } from '../actions.js';
import { roles } from '../builtin.js';
import type { AgentView, Observation, SubnetView } from '../observation.js';
import type { ParamSpec, Params } from '../params.js';
import { weightRows, weightRowUids } from '../population.js';
import type { Strategy } from '../strategy.js';
import type { Stream } from '../../core/rng.js';
import { everyEpochs, fraction, sell } from './common.js';

/** `DefaultDelegateTake` = `MaxDelegateTake`, u16 (the built-in validators' take). */
const DEFAULT_TAKE_U16 = 11_796;
const U16 = 65_535;

const common: Record<string, ParamSpec> = {
  take: {
    doc: 'delegate take it sets at the start (the chain allows 0 to 0.18)',
    unit: 'fraction',
    min: 0,
    max: DEFAULT_TAKE_U16 / U16,
    default: DEFAULT_TAKE_U16 / U16,
    source: 'behaviour.md §2.1: 0.18 is the default and the median of SN64 permit holders; a cohort sits at or near 0',
  },
  sell_fraction: fraction(0, 'share of its stake it sells at each sale (0: holds, its dividends restaked)', 'judgement (behaviour.md §2.6: self-stake vs nominated not measured)'),
  sell_every_epochs: everyEpochs(20, 'epochs between sales (daily)'),
};

const cadence = (dflt: number, source: string): ParamSpec => everyEpochs(dflt, 'epochs between its weight settings', source);
const noise: ParamSpec = { doc: 'standard deviation of its view of a miner quality', unit: 'quality', min: 0, max: 10, default: 0.05, source: 'judgement (the built-in population default validator_noise)' };

interface Base {
  started: boolean;
}

/** The take, once, and the sales: what every validator strategy does besides its weights. */
function housekeeping(obs: Observation, me: AgentView, p: Params, state: Base, hotkey: string | undefined): Action[] {
  const out: Action[] = [];
  if (!state.started) {
    state.started = true;
    const take = Math.round(p.take! * U16);
    if (hotkey !== undefined && take < DEFAULT_TAKE_U16) out.push({ kind: 'decrease_take', coldkey: me.coldkey, hotkey, take });
  }
  if (p.sell_fraction! > 0 && obs.epoch > 0 && obs.epoch % p.sell_every_epochs! === 0) for (const n of me.subnets) out.push(...sell(obs, me, n, p.sell_fraction!));
  return out;
}

/**
 * The subnets it sets weights on: its population's, where its hotkey holds a validator's uid
 * (found in the subnet's uid list: reading `me.uids` would read all its stakes every epoch).
 */
function validating(obs: Observation, me: AgentView): { s: SubnetView; hotkey: string }[] {
  const out: { s: SubnetView; hotkey: string }[] = [];
  const hotkey = me.validatorHotkey;
  if (hotkey === undefined) return out;
  for (const n of [...me.subnets].sort((a, b) => a - b)) {
    const s = obs.subnet(n);
    const uid = s?.hotkeys.indexOf(hotkey) ?? -1;
    if (uid >= 0 && s!.population.roles[uid] === 'validator') out.push({ s: s!, hotkey });
  }
  return out;
}

/** An honest row on `s`: the built-in view with the agent's own noise and stream. */
function honestRow(s: SubnetView, sigma: number, rng: Stream): { uids: Int32Array; values: Uint16Array } | undefined {
  const { minerUids, quality } = roles(s.population);
  const view = { minerUids, quality, ownerUid: 0, ownerFraction: s.population.ownerFraction, noise: sigma };
  const uids = weightRowUids(view);
  if (uids.length === 0) return undefined;
  return { uids, values: weightRows(view, rng, 1)[0]! };
}

const setWeights = (hotkey: string, netuid: number, uids: ArrayLike<number>, values: ArrayLike<number>): Action => ({ kind: 'set_weights', hotkey, netuid, uids, values });

/** Honest and lazy: one shape, two cadences. */
const honestShape = (name: 'honest' | 'lazy', doc: string, every: ParamSpec): Strategy<Base> => ({
  name,
  class: 'validator',
  doc,
  adopt: 'validator',
  params: { ...common, noise, weight_every_epochs: every },
  init: () => ({ started: false }),
  decide(obs, me, { params: p, state, rng }) {
    const out = housekeeping(obs, me, p, state, me.validatorHotkey);
    if (obs.epoch % p.weight_every_epochs! !== 0) return out;
    for (const { s, hotkey } of validating(obs, me)) {
      const row = honestRow(s, p.noise!, rng);
      if (row !== undefined) out.push(setWeights(hotkey, s.netuid, row.uids, row.values));
    }
    return out;
  },
});

export const validatorHonest = honestShape(
  'honest',
  'validator who measures the miners (their quality through its own noise) and sets weights every weight_every_epochs',
  cadence(1, 'behaviour.md §2.4: validators resubmit about every 100 blocks, i.e. every epoch of 360'),
);

export const validatorLazy = honestShape(
  'lazy',
  'honest validator who sets weights only every weight_every_epochs (default 10 epochs, 3,600 blocks; activity_cutoff is 5,000)',
  cadence(10, 'judgement (behaviour.md §2.4: once a day falls out of activity_cutoff)'),
);

interface CopierState extends Base {
  /** Per subnet, the rows it read, oldest first (at most lag_epochs + 1). */
  seen: Map<number, ({ uids: readonly number[]; values: readonly number[] } | undefined)[]>;
}

/** Copies the largest other validator's weights, `lag_epochs` steps late. */
export const validatorCopier: Strategy<CopierState> = {
  name: 'copier',
  class: 'validator',
  doc: "weight copier: sets the weights the subnet's largest other validator had on chain lag_epochs steps ago (no evaluation of its own)",
  adopt: 'validator',
  params: {
    ...common,
    lag_epochs: { doc: 'steps between reading the weights and setting them', unit: 'epochs', min: 1, max: 1_000, default: 1, integer: true, source: 'judgement (behaviour.md §2.5: commit-reveal delays what a copier can read)' },
  },
  init: () => ({ started: false, seen: new Map() }),
  decide(obs, me, { params: p, state }) {
    const out = housekeeping(obs, me, p, state, me.validatorHotkey);
    const lag = p.lag_epochs!;
    for (const { s, hotkey } of validating(obs, me)) {
      const leader = s.validatorsByStake.find((hk) => hk !== hotkey);
      let q = state.seen.get(s.netuid);
      if (q === undefined) state.seen.set(s.netuid, (q = []));
      q.push(leader === undefined ? undefined : s.weightsOf(leader));
      if (q.length > lag + 1) q.shift();
      const row = q.length > lag ? q[0] : undefined;
      if (row !== undefined && row.uids.length > 0) out.push(setWeights(hotkey, s.netuid, row.uids, row.values));
    }
    return out;
  },
};

interface CabalState extends Base {
  made: number;
}

/** Registers its own miners on its home subnet and boosts them in its weights. */
export const validatorCabal: Strategy<CabalState> = {
  name: 'cabal',
  class: 'validator',
  doc: 'validator who registers own_miners uids of its own on its home subnet (doing no work) and gives them boost of its weight',
  adopt: 'validator',
  params: {
    ...common,
    noise,
    weight_every_epochs: cadence(1, 'behaviour.md §2.4'),
    own_miners: { doc: 'miner uids it registers under its coldkey on its home subnet', unit: 'uids', min: 0, max: 256, default: 4, integer: true, source: 'judgement' },
    boost: fraction(0.5, 'share of its row it puts on its own miners'),
    budget_tao: { doc: 'TAO for the registration burns, taken from outside the model', unit: 'TAO', min: 0, max: Infinity, default: 10, source: 'judgement' },
  },
  budgetTao: (p) => p.budget_tao!,
  init: () => ({ started: false, made: 0 }),
  decide(obs, me, { params: p, state, rng }) {
    const out = housekeeping(obs, me, p, state, me.validatorHotkey);
    const home = obs.subnet(me.home);
    const own = me.uids.filter((u) => u.netuid === me.home && home?.population.roles[u.uid] === 'miner').map((u) => u.uid);
    if (home !== undefined && state.made < p.own_miners! && me.freeTao >= home.burn) {
      // one a step: the burn rises with each registration
      const hotkey = `${me.coldkey}-m${state.made++}`;
      out.push({ kind: 'burned_register', coldkey: me.coldkey, hotkey, netuid: me.home });
    }
    if (obs.epoch % p.weight_every_epochs! !== 0) return out;
    for (const { s, hotkey } of validating(obs, me)) {
      const row = honestRow(s, p.noise!, rng);
      if (row === undefined) continue;
      const mine = s.netuid === me.home ? own : [];
      if (mine.length === 0 || p.boost! === 0) {
        out.push(setWeights(hotkey, s.netuid, row.uids, row.values));
        continue;
      }
      const total = row.values.reduce((a, v) => a + v, 0);
      const w = new Map<number, number>();
      row.uids.forEach((uid, t) => w.set(uid, total > 0 ? ((1 - p.boost!) * row.values[t]!) / total : 0));
      for (const uid of mine) w.set(uid, (w.get(uid) ?? 0) + p.boost! / mine.length);
      const uids = [...w.keys()].sort((a, b) => a - b);
      const max = Math.max(...uids.map((u) => w.get(u)!));
      out.push(setWeights(hotkey, s.netuid, uids, uids.map((u) => Math.round((w.get(u)! / max) * U16))));
    }
    return out;
  },
};

/** Never sets weights: its permit and stake stay, its weights go stale past activity_cutoff. */
export const validatorOffline: Strategy<Base> = {
  name: 'offline',
  class: 'validator',
  doc: 'validator who never sets weights (its last weights age past activity_cutoff); keeps its take and stake policy',
  adopt: 'validator',
  params: { ...common },
  init: () => ({ started: false }),
  decide: (obs, me, { params: p, state }) => housekeeping(obs, me, p, state, me.validatorHotkey),
};

export const VALIDATOR_STRATEGIES = [validatorHonest, validatorLazy, validatorCopier, validatorCabal, validatorOffline] as const;
