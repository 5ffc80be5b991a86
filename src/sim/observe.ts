/**
 * The step's observation (agents/observation.ts) built from the world, and the trailing figures
 * the agent layer keeps between steps for it: each subnet's spot price history, the yield to
 * stake and the miners' reward per uid over the last step, root's yield, TAO/USD.
 *
 *   stakerYield_i  = validator alpha paid_i / Σ_h TotalHotkeyAlpha[h, i]       (last step)
 *   minerReward_i  = miner alpha paid_i · spot_i / miners_i                     (TAO)
 *   rootYield      = Σ_i root alpha paid_i · spot_i / SubnetTAO[root]           (TAO per TAO)
 *   TAO/USD (gbm)  : p ← p · exp((μ − σ²/2) Δt + σ √Δt z), Δt = step in years, z from `market/tao_usd`
 */
import type { NetworkView, Observation, SubnetView } from '../agents/observation.js';
import { stream, type Stream } from '../core/rng.js';
import { type TaoRao, taoRao } from '../core/units.js';
import { subnetOf } from '../chain/state.js';
import { lockCost } from '../chain/subnets/subnet.js';
import { currentPrice, DEFAULT_MIN_STAKE } from '../chain/swap/index.js';
import { ROOT_NETUID } from '../chain/staking/ledger.js';
import type { TaoUsd } from '../scenario/types.js';
import type { World } from './world.js';

/** Steps of price history kept per subnet. */
export const HISTORY_STEPS = 2_048;

export interface Trail {
  readonly prices: Map<number, number[]>;
  readonly stakerYield: Map<number, number>;
  readonly minerReward: Map<number, number>;
  rootYield: number;
  taoUsd: number;
  readonly market: TaoUsd;
  readonly marketRng: Stream;
  /** Years per step (the GBM's Δt). */
  readonly dtYears: number;
}

const Q64 = 2 ** 64;
const Q32 = 2 ** 32;
const priceOf = (netuid: number, w: World): number => {
  const s = subnetOf(w, netuid);
  return s === undefined ? 0 : Number(currentPrice(s.pool)) / Q64;
};

export function newTrail(w: World, market: TaoUsd, blocksPerStep: number, blockTimeSeconds: number): Trail {
  const t: Trail = {
    prices: new Map(), stakerYield: new Map(), minerReward: new Map(), rootYield: 0, taoUsd: market.kind === 'constant' ? market.value : market.start,
    market, marketRng: stream(w.seed, 'market/tao_usd'), dtYears: (blocksPerStep * blockTimeSeconds) / (365.25 * 86_400),
  };
  recordPrices(w, t);
  return t;
}

function recordPrices(w: World, t: Trail): void {
  for (const s of w.subnets) {
    let h = t.prices.get(s.netuid);
    if (h === undefined) t.prices.set(s.netuid, (h = []));
    h.push(Number(currentPrice(s.pool)) / Q64);
    if (h.length > 2 * HISTORY_STEPS) h.splice(0, h.length - HISTORY_STEPS);
  }
  // a dissolved subnet's history goes with it (its netuid may be reused)
  for (const n of [...t.prices.keys()]) if (subnetOf(w, n) === undefined) t.prices.delete(n);
}

/** After a step's blocks (its flows still in the meters): the trailing figures for the next step. */
export function advanceTrail(w: World, t: Trail): void {
  recordPrices(w, t);
  let rootDivs = 0;
  for (const s of w.subnets) {
    const f = w.meters.get(s.netuid)!.flows;
    const staked = Number(w.ledger.totalStakeOnSubnet(s.netuid));
    const p = priceOf(s.netuid, w);
    t.stakerYield.set(s.netuid, staked > 0 ? Number(f.validatorAlphaPaid) / staked : 0);
    const miners = w.population.get(s.netuid)!.roles.filter((r) => r === 'miner').length;
    t.minerReward.set(s.netuid, miners > 0 ? (Number(f.minerAlphaPaid) * p) / 1e9 / miners : 0);
    rootDivs += Number(f.rootAlphaPaid) * p;
  }
  const root = Number(w.rootPool.taoReserve);
  t.rootYield = root > 0 ? rootDivs / root : 0;
  if (t.market.kind === 'gbm') {
    const { drift: mu, volatility: sigma } = t.market;
    t.taoUsd *= Math.exp((mu - (sigma * sigma) / 2) * t.dtYears + sigma * Math.sqrt(t.dtYears) * t.marketRng.normal());
  }
}

/** The largest hotkey by stake among `hotkeys` on `netuid` (first in order on a tie), or `fallback`. */
function largest(w: World, hotkeys: Iterable<string>, netuid: number, fallback: string): string {
  let best = fallback;
  let most = -1n;
  for (const hk of hotkeys) {
    const v = w.ledger.totalHotkeyAlpha(hk, netuid);
    if (v > most) [best, most] = [hk, v];
  }
  return best;
}

const EMPTY: readonly number[] = Object.freeze([]);

/** One frozen observation for every policy of the step; costly fields are computed on first read. */
export interface ObserveContext {
  readonly trail: Trail | undefined;
  readonly blocksPerStep: number;
  /** TAO minted in the last block. */
  readonly lastEmission: TaoRao;
  /** TAO/USD when no trail is kept (no agents): the market's start. */
  readonly taoUsd: number;
}

export function observe(w: World, epoch: number, ctx: ObserveContext): Observation {
  const { trail, blocksPerStep } = ctx;
  const subnets = w.subnets.map((s): SubnetView => {
    const pop = w.population.get(s.netuid)!;
    let top: string | undefined;
    let ranked: readonly string[] | undefined;
    let validators = 0;
    let miners = 0;
    for (const r of pop.roles) {
      if (r === 'validator') validators++;
      else if (r === 'miner') miners++;
    }
    const flows = w.meters.get(s.netuid)!.flows;
    const view: SubnetView = {
      netuid: s.netuid, ownerHotkey: s.ownerHotkey, ownerColdkey: s.ownerColdkey, hotkeys: s.metagraph.hotkeys, population: pop,
      price: Number(currentPrice(s.pool)) / Q64, movingPrice: Number(s.movingPrice) / Q32, taoIn: s.pool.taoReserve, alphaIn: s.pool.alphaReserve, alphaOut: s.alphaOut,
      emissionShare: Number(flows.share) / Q64, ownerCut: s.params.owner_cut / 65_535, burn: s.burn, immunityPeriod: s.params.immunity_period, uids: s.metagraph.n, maxUids: s.params.max_allowed_uids,
      validators, miners, registeredAt: s.registeredAt, subtokenEnabled: s.subtokenEnabled,
      stakerYield: trail?.stakerYield.get(s.netuid) ?? 0, minerRewardPerUidTao: trail?.minerReward.get(s.netuid) ?? 0,
      history(n: number): readonly number[] {
        const h = trail?.prices.get(s.netuid);
        return h === undefined ? EMPTY : Object.freeze(h.slice(Math.max(0, h.length - n)));
      },
      get topValidator(): string {
        return (top ??= largest(w, s.metagraph.hotkeys.filter((_, uid) => pop.roles[uid] === 'validator'), s.netuid, s.ownerHotkey));
      },
      get validatorsByStake(): readonly string[] {
        if (ranked !== undefined) return ranked;
        const vs = s.metagraph.hotkeys.flatMap((hk, uid) => (pop.roles[uid] === 'validator' ? [{ hk, uid, stake: w.ledger.totalHotkeyAlpha(hk, s.netuid) }] : []));
        vs.sort((a, b) => (a.stake === b.stake ? a.uid - b.uid : a.stake > b.stake ? -1 : 1));
        return (ranked = Object.freeze(vs.map((v) => v.hk)));
      },
      weightsOf(hotkey: string) {
        const uid = s.metagraph.uid(hotkey);
        const row = uid === undefined ? undefined : s.weights[uid];
        return row === undefined ? undefined : Object.freeze({ uids: Object.freeze(Array.from(row.j)), values: Object.freeze(Array.from(row.v)) });
      },
    };
    return Object.freeze(view);
  });
  const byNetuid = new Map(subnets.map((v) => [v.netuid, v]));
  let rootValidator: string | undefined;
  let lock: TaoRao | undefined;
  const network: NetworkView = {
    issuance: w.issuance, blockEmission: ctx.lastEmission, taoUsd: trail?.taoUsd ?? ctx.taoUsd, subnetCount: w.subnets.length,
    get lockCost(): TaoRao {
      return (lock ??= lockCost(w, w.block + 1));
    },
    rootTao: w.rootPool.taoReserve, rootYield: trail?.rootYield ?? 0,
    get rootValidator(): string {
      return (rootValidator ??= largest(w, w.ledger.hotkeysOnSubnet(ROOT_NETUID), ROOT_NETUID, ''));
    },
    blocksPerStep,
    minStake: taoRao(DEFAULT_MIN_STAKE),
  };
  return Object.freeze({ epoch, block: w.block, subnets: Object.freeze(subnets), network: Object.freeze(network), subnet: (n: number) => byNetuid.get(n) });
}
