/**
 * agents.csv and strategies.csv: the populations' agents after each epoch, one by one and by
 * class × strategy. Amounts are TAO (exact decimals); stakes are valued at spot.
 *
 *   wealth   = free TAO + Σ stake · spot
 *   rewards  = Σ over steps of (alpha received during the step's blocks) · spot at the step's end
 *   apy      = (wealth_t / wealth_(t−L) − 1) · Y/L, L = min(t, 30 days of epochs), Y = epochs a year
 *              (simple, not compounded: compounding a few epochs' growth over a year says nothing)
 *   entries  = uids the group registered this epoch; exits = uids it lost (pruned) this epoch
 */
import { formatUnits } from '../core/units.js';
import { stream } from '../core/rng.js';
import type { EpochRecord } from '../sim/run.js';
import type { Agent } from '../sim/agents.js';
import { ownUid, priceCache, stakeValueTao } from '../sim/agents.js';
import type { World } from '../sim/world.js';
import type { Cell } from './csv.js';

export const AGENT_HEADER = ['epoch', 'agent', 'class', 'strategy', 'free_tao', 'stake_value_tao', 'wealth_tao', 'rewards_tao', 'costs_tao', 'uids'] as const;
export const STRATEGY_HEADER = ['epoch', 'class', 'strategy', 'agents', 'wealth_tao', 'rewards_tao', 'apy', 'entries', 'exits'] as const;

export type AgentSelection = { readonly kind: 'all' } | { readonly kind: 'off' } | { readonly kind: 'sample'; readonly n: number };

/** `all`, `off` or `sample:N` (the --agents flag). */
export function parseAgentSelection(text: string): AgentSelection | undefined {
  if (text === 'all' || text === 'off') return { kind: text };
  const m = /^sample:([1-9]\d{0,8})$/.exec(text);
  return m ? { kind: 'sample', n: Number(m[1]) } : undefined;
}

interface Group {
  readonly cls: string;
  readonly strategy: string;
  readonly members: readonly Agent[];
  /** Wealth after each epoch so far (rao), for the APY. */
  readonly wealth: bigint[];
  uids: number;
}

export class AgentReporter {
  private readonly groups: Group[];
  private readonly sampled: readonly Agent[];
  private readonly lookback: number;
  private readonly perYear: number;

  constructor(w: World, selection: AgentSelection, epochSeconds: number) {
    const by = new Map<string, Agent[]>();
    for (const a of w.agents) {
      const k = `${a.class}\u0000${a.strategy.name}`;
      by.set(k, [...(by.get(k) ?? []), a]);
    }
    this.groups = [...by.keys()].sort().map((k) => {
      const members = by.get(k)!;
      return { cls: members[0]!.class, strategy: members[0]!.strategy.name, members, wealth: [], uids: uidsOf(w, members) };
    });
    this.sampled = sample(w, selection);
    this.perYear = (365 * 86_400) / epochSeconds;
    this.lookback = Math.max(1, Math.round((30 * 86_400) / epochSeconds));
  }

  /** The epoch's agents.csv and strategies.csv rows (each agent valued once, at this epoch's spot prices). */
  rows(w: World, r: EpochRecord): { agents: Cell[][]; strategies: Cell[][] } {
    const price = priceCache(w);
    const held = new Map<Agent, { free: bigint; stake: bigint; uids: number }>();
    const of = (a: Agent) => {
      let h = held.get(a);
      if (h === undefined) held.set(a, (h = { free: w.ledger.freeBalance(a.coldkey), stake: stakeValueTao(w, a, price), uids: uidsOf(w, [a]) }));
      return h;
    };
    const agents = this.sampled.map((a): Cell[] => {
      const { free, stake, uids } = of(a);
      return [r.epoch, a.id, a.class, a.strategy.name, formatUnits(free), formatUnits(stake), formatUnits(free + stake), formatUnits(a.rewardsTao), formatUnits(a.costsTao), uids];
    });
    return { agents, strategies: this.strategyRows(r, of) };
  }

  private strategyRows(r: EpochRecord, of: (a: Agent) => { free: bigint; stake: bigint; uids: number }): Cell[][] {
    return this.groups.map((g) => {
      let wealth = 0n;
      let rewards = 0n;
      let uids = 0;
      const coldkeys = new Set(g.members.map((a) => a.coldkey));
      for (const a of g.members) {
        const h = of(a);
        wealth += h.free + h.stake;
        uids += h.uids;
        rewards += a.rewardsTao;
      }
      g.wealth.push(wealth);
      const L = Math.min(this.lookback, g.wealth.length - 1);
      const past = L > 0 ? g.wealth[g.wealth.length - 1 - L]! : 0n;
      const apy = L > 0 && past > 0n && wealth > 0n ? (Number(wealth) / Number(past) - 1) * (this.perYear / L) : null;
      const entries = r.events.filter((e) => e.kind === 'burned_register' && e.result === 'ok' && coldkeys.has(e.coldkey)).length;
      const exits = Math.max(0, g.uids + entries - uids);
      g.uids = uids;
      return [r.epoch, g.cls, g.strategy, g.members.length, formatUnits(wealth), formatUnits(rewards), apy !== null && Number.isFinite(apy) ? apy : null, entries, exits];
    });
  }
}

function uidsOf(w: World, agents: readonly Agent[]): number {
  let n = 0;
  for (const a of agents)
    for (const p of a.positions.values()) if (ownUid(w, a, p) !== undefined) n++;
  return n;
}

/** The agents agents.csv follows: all, none, or a fixed seeded sample (in agent order). */
function sample(w: World, s: AgentSelection): readonly Agent[] {
  if (s.kind === 'off') return [];
  if (s.kind === 'all' || s.n >= w.agents.length) return w.agents;
  const rng = stream(w.seed, 'output/agents-sample');
  const idx = w.agents.map((_, i) => i);
  for (let i = 0; i < s.n; i++) {
    const j = i + rng.int(idx.length - i);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx
    .slice(0, s.n)
    .sort((a, b) => a - b)
    .map((i) => w.agents[i]!);
}
