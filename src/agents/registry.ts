/**
 * The strategy registry: scenario names → strategies, per agent class. The built-in strategies
 * are registered in every registry; a caller may add its own under new names.
 */
import { MINER_STRATEGIES } from './strategies/miners.js';
import { OWNER_STRATEGIES } from './strategies/owners.js';
import { STAKER_STRATEGIES } from './strategies/stakers.js';
import { VALIDATOR_STRATEGIES } from './strategies/validators.js';
import type { AgentClass } from './classes.js';
import type { Strategy } from './strategy.js';

export class StrategyRegistry {
  private readonly byKey = new Map<string, Strategy>();

  /** A registry holding the built-in strategies. */
  static builtin(): StrategyRegistry {
    const r = new StrategyRegistry();
    for (const s of [...STAKER_STRATEGIES, ...MINER_STRATEGIES, ...OWNER_STRATEGIES, ...VALIDATOR_STRATEGIES]) r.register(s as Strategy);
    return r;
  }

  register(s: Strategy): this {
    const key = `${s.class}/${s.name}`;
    if (this.byKey.has(key)) throw new Error(`a ${s.class} strategy named ${s.name} is already registered`);
    this.byKey.set(key, Object.freeze(s));
    return this;
  }

  get(cls: AgentClass, name: string): Strategy | undefined {
    return this.byKey.get(`${cls}/${name}`);
  }

  /** Names of a class's strategies, sorted. */
  names(cls: AgentClass): string[] {
    return [...this.byKey.values()].filter((s) => s.class === cls).map((s) => s.name).sort();
  }

  all(): Strategy[] {
    return [...this.byKey.values()].sort((a, b) => (a.class + '/' + a.name < b.class + '/' + b.name ? -1 : 1));
  }
}
