/**
 * The agent layer in the world: the populations made into agents when the world is built, and,
 * each step, their decide phase (one shared observation, every agent's actions from its own
 * view and stream, before any is applied), the order in which their extrinsics land, and the
 * bookkeeping the reporters need (rewards received during the blocks, valued at spot).
 *
 * SIM-DIVERGENCE: the chain orders a block's extrinsics by priority and arrival; here the agents
 * of a step are put in an order drawn from one seeded stream (`agents/order`), and each agent's
 * own actions keep the order it gave them.
 */
import type { Action } from '../agents/actions.js';
import type { AgentView } from '../agents/observation.js';
import { draw, type Params } from '../agents/params.js';
import type { StrategyRegistry } from '../agents/registry.js';
import type { AgentClass } from '../agents/classes.js';
import type { Strategy } from '../agents/strategy.js';
import { InputError } from '../core/errors.js';
import { stream, type Stream } from '../core/rng.js';
import { type AlphaRao, taoRao } from '../core/units.js';
import { subnetOf } from '../chain/state.js';
import { ROOT_NETUID, type StakeMemo } from '../chain/staking/ledger.js';
import { validatorColdkey, validatorHotkey } from '../agents/population.js';
import { currentPrice } from '../chain/swap/index.js';
import type { ResolvedPopulation, ResolvedScenario } from '../scenario/types.js';
import type { SimEvent } from './events.js';
import type { ChainState } from '../chain/state.js';
import type { TaoRao } from '../core/units.js';

/** What the agent layer needs of the world (not world.ts's type: world.ts builds the agents). */
interface World extends ChainState {
  outside: TaoRao;
  readonly seed: number;
}

export interface Agent {
  readonly id: string;
  readonly class: AgentClass;
  readonly strategy: Strategy;
  readonly population: string;
  readonly coldkey: string;
  readonly home: number;
  readonly subnets: readonly number[];
  readonly params: Params;
  readonly state: unknown;
  readonly rng: Stream;
  /** The (netuid, hotkey) stakes it may hold: adopted, or named in one of its actions. */
  readonly positions: Map<string, { readonly hotkey: string; readonly netuid: number }>;
  /** Alpha held per position after the step's actions, before its blocks. */
  before: Map<string, bigint>;
  /** The last read of each position's stake (most do not change from one read to the next). */
  readonly memos: Map<string, StakeMemo>;
  rewardsTao: bigint;
  costsTao: bigint;
  /** Its stakes at spot as valued after the blocks of the step ending at `block` (agentsAccount). */
  valued?: { readonly block: number; readonly stakeTao: bigint };
  /** TAO it was given at the start. */
  readonly budgetTao: bigint;
  /** The built-in validator's hotkey it took over (adopt 'validator'). */
  readonly validatorHotkey?: string;
}

/** An agent before the world exists: who it will be and which accounts it takes over. */
export interface AgentPlan {
  readonly id: string;
  readonly pop: ResolvedPopulation;
  readonly strategy: Strategy;
  readonly home: number;
  readonly subnets: readonly number[];
  readonly coldkey: string;
  /** The built-in validator it takes over (adopt 'validator'). */
  readonly validator?: number;
}

export interface SubnetRank {
  readonly netuid: number;
  readonly tao_in: bigint;
  readonly moving_price: bigint;
  readonly alpha_out: bigint;
  readonly owner: string;
}

/** Which subnets a population is given, ascending. */
function selection(pop: ResolvedPopulation, subnets: readonly SubnetRank[]): number[] {
  const have = new Set(subnets.map((s) => s.netuid));
  if (pop.subnets === 'all') return subnets.map((s) => s.netuid).sort((a, b) => a - b);
  if (Array.isArray(pop.subnets)) {
    pop.subnets.forEach((n, k) => {
      if (!have.has(n)) throw new InputError(`populations[${pop.index}].subnets[${k}]`, `no subnet ${n} at the start of the run`);
    });
    return [...pop.subnets];
  }
  const { top, by } = pop.subnets as { top: number; by: 'tao_in' | 'moving_price' | 'alpha_out' };
  // largest first, netuid breaking ties
  const ranked = [...subnets].sort((a, b) => (a[by] === b[by] ? a.netuid - b.netuid : a[by] > b[by] ? -1 : 1));
  return ranked.slice(0, top).map((s) => s.netuid).sort((a, b) => a - b);
}

/** The scenario's populations as agents to be: ids, homes, coldkeys. */
export function planAgents(sc: ResolvedScenario, subnets: readonly SubnetRank[], reg: StrategyRegistry): AgentPlan[] {
  const plans: AgentPlan[] = [];
  const owners = new Map(subnets.map((s) => [s.netuid, s.owner]));
  const adopted = new Map<string, string>();
  let validators = 0; // built-in validators taken so far, in index order
  for (const pop of sc.populations) {
    const strategy = reg.get(pop.class, pop.strategy)!;
    const sel = selection(pop, subnets);
    if (sel.length === 0) throw new InputError(`populations[${pop.index}].subnets`, 'selects no subnet');
    const homes = pop.count === 'per_subnet' ? sel.map((n) => [n, `${pop.name}/${n}`] as const) : Array.from({ length: pop.count }, (_, k) => [sel[k % sel.length]!, `${pop.name}/${k}`] as const);
    for (const [home, id] of homes) {
      const adopt = strategy.adopt ?? 'none';
      if (adopt === 'validator') {
        const k = validators++;
        plans.push({ id, pop, strategy, home, subnets: sel, coldkey: validatorColdkey(k), validator: k });
        continue;
      }
      if (adopt !== 'none') {
        const key = `${adopt}/${home}`;
        const other = adopted.get(key);
        if (other !== undefined) throw new InputError(`populations[${pop.index}]`, `subnet ${home}'s ${adopt === 'owner' ? 'owner is' : 'built-in miners are'} taken over by ${other} already`);
        adopted.set(key, id);
      }
      plans.push({ id, pop, strategy, home, subnets: sel, coldkey: adopt === 'owner' ? owners.get(home)! : `agent-${id.replace('/', '-')}` });
    }
  }
  return plans;
}

const posKey = (netuid: number, hotkey: string): string => `${netuid}|${hotkey}`;

/** The agent's stake on a position, through its memo of the last read. */
function stakeOf(w: World, a: Agent, key: string, p: { readonly hotkey: string; readonly netuid: number }): AlphaRao {
  const m = w.ledger.stakeMemo(a.memos.get(key), p.hotkey, a.coldkey, p.netuid);
  a.memos.set(key, m);
  return m.alpha;
}

/** The agents, made once the subnets exist: parameters drawn, budgets brought in from outside. */
export function createAgents(w: World, sc: ResolvedScenario, plans: readonly AgentPlan[]): Agent[] {
  const agents = plans.map((p): Agent => {
    const rng = stream(w.seed, `agent/${p.id}`);
    const params: Record<string, number> = {};
    for (const [k, d] of Object.entries(p.pop.params)) params[k] = draw(p.strategy.params[k]!, d, rng);
    Object.freeze(params);
    const s = subnetOf(w, p.home)!;
    const budget = BigInt(Math.floor((p.strategy.budgetTao?.(params, { taoInTao: Number(s.pool.taoReserve) / 1e9 }) ?? 0) * 1e9));
    const positions = new Map<string, { hotkey: string; netuid: number }>();
    if (p.strategy.adopt === 'owner') positions.set(posKey(p.home, s.ownerHotkey), { hotkey: s.ownerHotkey, netuid: p.home });
    const vhk = p.validator === undefined ? undefined : validatorHotkey(p.validator);
    if (vhk !== undefined) {
      if (!w.ledger.hotkeyExists(vhk))
        throw new InputError(`populations[${p.pop.index}].count`, `takes over built-in validator ${p.validator}, but no subnet has more than ${p.validator} built-in validators`);
      for (const n of [ROOT_NETUID, ...p.subnets]) if (n === ROOT_NETUID || subnetOf(w, n)?.metagraph.uid(vhk) !== undefined) positions.set(posKey(n, vhk), { hotkey: vhk, netuid: n });
    }
    if (p.strategy.adopt === 'miners')
      s.metagraph.hotkeys.forEach((hk, uid) => {
        if (s.metagraph.coldkeys[uid] === p.coldkey) positions.set(posKey(p.home, hk), { hotkey: hk, netuid: p.home });
      });
    return {
      id: p.id, class: p.pop.class, strategy: p.strategy, population: p.pop.name, coldkey: p.coldkey, home: p.home, subnets: Object.freeze([...p.subnets]),
      params, state: p.strategy.init(params, rng), rng, positions, before: new Map(), memos: new Map(), rewardsTao: 0n, costsTao: 0n, budgetTao: budget,
      ...(vhk === undefined ? {} : { validatorHotkey: vhk }),
    };
  });
  const total = agents.reduce((a, x) => a + x.budgetTao, 0n);
  if (total > w.outside) {
    const first = agents.find((a) => a.budgetTao > 0n)!;
    const pop = sc.populations.find((p) => p.name === first.population)!;
    const key = first.params.budget_tao === undefined || (first.params.budget_tao === 0 && first.params.budget_pool_fraction !== undefined) ? 'budget_pool_fraction' : 'budget_tao';
    throw new InputError(
      `populations[${pop.index}].params.${key}`,
      `the agents' budgets come to ${total} rao (${Number(total) / 1e9} TAO), more than the TAO outside the model (${w.outside} rao; raise network.total_issuance or lower the budgets)`,
    );
  }
  for (const a of agents) {
    if (a.budgetTao === 0n) continue;
    w.outside = taoRao(w.outside - a.budgetTao);
    w.ledger.creditFree(a.coldkey, taoRao(a.budgetTao));
  }
  return agents;
}

/** The uid a position's hotkey holds as the agent's own (registered under its coldkey), if any. */
export function ownUid(w: World, a: Agent, p: { readonly hotkey: string; readonly netuid: number }): number | undefined {
  const m = subnetOf(w, p.netuid)?.metagraph;
  const uid = m?.uid(p.hotkey);
  return uid !== undefined && m!.coldkeys[uid] === a.coldkey ? uid : undefined;
}

/** The agent's own holdings; its stakes and uids are read on first use (most steps need neither). */
export function agentView(w: World, a: Agent): AgentView {
  let held: { positions: AgentView['positions']; uids: AgentView['uids']; hotkeys: readonly string[] } | undefined;
  const read = () => {
    if (held !== undefined) return held;
    const positions: AgentView['positions'][number][] = [];
    const uids: AgentView['uids'][number][] = [];
    const hotkeys = new Set<string>();
    for (const p of [...a.positions.values()].sort((x, y) => x.netuid - y.netuid || (x.hotkey < y.hotkey ? -1 : x.hotkey > y.hotkey ? 1 : 0))) {
      const alpha = stakeOf(w, a, posKey(p.netuid, p.hotkey), p);
      if (alpha > 0n) positions.push(Object.freeze({ ...p, alpha }));
      const uid = ownUid(w, a, p);
      if (uid !== undefined) {
        uids.push(Object.freeze({ netuid: p.netuid, uid, hotkey: p.hotkey }));
        hotkeys.add(p.hotkey);
      }
    }
    return (held = { positions: Object.freeze(positions), uids: Object.freeze(uids), hotkeys: Object.freeze([...hotkeys].sort()) });
  };
  return Object.freeze({
    id: a.id, coldkey: a.coldkey, freeTao: w.ledger.freeBalance(a.coldkey), subnets: a.subnets, home: a.home, rewardsTao: a.rewardsTao, costsTao: a.costsTao,
    ...(a.validatorHotkey === undefined ? {} : { validatorHotkey: a.validatorHotkey }),
    get hotkeys() {
      return read().hotkeys;
    },
    get positions() {
      return read().positions;
    },
    get uids() {
      return read().uids;
    },
  });
}

/** Actions an agent may not send: another account's, the scripted ones (sudo), outside money. */
function originProblem(a: Agent, x: Action): string | undefined {
  switch (x.kind) {
    case 'set_param':
    case 'set_share_rule':
      return `${x.kind} is a root (sudo) call`;
    case 'set_weights':
    case 'set_weights_batch':
      return undefined; // signed by the hotkey: checked below
    default:
      if ('fromOutside' in x && x.fromOutside) return 'an agent pays from its own balance';
      return x.coldkey === a.coldkey ? undefined : `signed by ${x.coldkey}, not the agent's coldkey ${a.coldkey}`;
  }
}

function hotkeysOf(x: Action): string[] {
  if (x.kind === 'set_weights') return [x.hotkey];
  if (x.kind === 'set_weights_batch') return x.rows.map((r) => r.hotkey);
  return [];
}

/** The positions an action may create. */
function touched(x: Action): { hotkey: string; netuid: number }[] {
  switch (x.kind) {
    case 'add_stake':
    case 'remove_stake':
    case 'burned_register':
    case 'serve':
      return [{ hotkey: x.hotkey, netuid: x.netuid }];
    case 'move_stake':
      return [x.from, x.to];
    case 'swap_stake':
      return [{ hotkey: x.hotkey, netuid: x.from }, { hotkey: x.hotkey, netuid: x.to }];
    case 'transfer_stake':
      return [{ hotkey: x.hotkey, netuid: x.from }];
    default:
      return [];
  }
}

/**
 * The agents' step: every agent decides on the same observation, then their actions are applied
 * agent by agent in a seeded order. Returns the events.
 */
export function agentsAct(w: World, agents: readonly Agent[], obs: Parameters<Strategy['decide']>[0], apply: (x: Action) => SimEvent[], order: Stream): SimEvent[] {
  const queues = agents.map((a) => {
    a.valued = undefined; // the actions below move stakes within the same block
    const me = agentView(w, a);
    const ctx = { params: a.params, state: a.state, rng: a.rng };
    const cost = a.strategy.costTao?.(obs, me, ctx) ?? 0;
    if (cost > 0) a.costsTao += BigInt(Math.floor(cost * 1e9));
    return a.strategy.decide(obs, me, ctx);
  });
  const idx = agents.map((_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = order.int(i + 1);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  const events: SimEvent[] = [];
  for (const i of idx) {
    const a = agents[i]!;
    for (const x of queues[i]!) {
      let why = originProblem(a, x);
      if (why === undefined)
        for (const hk of hotkeysOf(x)) if (w.ledger.hotkeyExists(hk) && w.ledger.ownerOf(hk) !== a.coldkey) why = `hotkey ${hk} is not the agent's`;
      if (why !== undefined) {
        events.push({ block: w.block, kind: x.kind, netuid: null, coldkey: a.coldkey, hotkey: '', amount: 0n, unit: '', result: 'BadOrigin', amountOut: 0n, detail: `${a.id}: ${why}` });
        continue;
      }
      for (const p of touched(x)) a.positions.set(posKey(p.netuid, p.hotkey), p);
      const done = apply(x);
      // a subnet it registered: its owner hotkey's stake (the owner cut) is the agent's
      if (x.kind === 'register_network')
        for (const ev of done) if (ev.result === 'ok' && ev.netuid !== null) a.positions.set(posKey(ev.netuid, x.hotkey), { hotkey: x.hotkey, netuid: ev.netuid });
      events.push(...done);
    }
  }
  for (const a of agents) a.before = holdings(w, a);
  return events;
}

function holdings(w: World, a: Agent): Map<string, bigint> {
  const m = new Map<string, bigint>();
  for (const [k, p] of a.positions) m.set(k, stakeOf(w, a, k, p));
  return m;
}

/** Spot prices (U64F64) read once per subnet per use: a weighted pool's price is a power, not a ratio. */
export function priceCache(w: World): (netuid: number) => bigint {
  const price = new Map<number, bigint>();
  return (netuid) => {
    let px = price.get(netuid);
    if (px === undefined) {
      const s = subnetOf(w, netuid);
      px = netuid === 0 ? 1n << 64n : s === undefined ? 0n : currentPrice(s.pool);
      price.set(netuid, px);
    }
    return px;
  };
}

/**
 * After the step's blocks: what each agent received in them, valued at spot now (rao); and its
 * stakes at spot, read in the same pass for the tables of this block.
 */
export function agentsAccount(w: World, agents: readonly Agent[]): void {
  const price = priceCache(w);
  for (const a of agents) {
    let v = 0n;
    for (const [k, p] of a.positions) {
      const alpha = stakeOf(w, a, k, p);
      if (alpha === 0n) continue;
      const px = price(p.netuid);
      const d = alpha - (a.before.get(k) ?? 0n);
      if (d > 0n) a.rewardsTao += (d * px) >> 64n;
      v += (alpha * px) >> 64n;
    }
    a.valued = { block: w.block, stakeTao: v };
  }
}

/** Stake value at spot, rao (the value agentsAccount took at this block, when it did). */
export function stakeValueTao(w: World, a: Agent, price = priceCache(w)): bigint {
  if (a.valued?.block === w.block) return a.valued.stakeTao;
  let v = 0n;
  for (const [k, p] of a.positions) {
    const alpha = stakeOf(w, a, k, p);
    if (alpha !== 0n) v += (alpha * price(p.netuid)) >> 64n;
  }
  return v;
}
