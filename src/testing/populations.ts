/**
 * Populations as fast-check arbitraries: mixes of strategies (the built-in ones, or a registry's
 * own) with parameters spread over their declared ranges, in the scenario's `populations` form.
 */
import fc from 'fast-check';
import { StrategyRegistry } from '../agents/registry.js';
import type { Strategy } from '../agents/strategy.js';

/** @public */
export interface PopulationArbOptions {
  /** Netuids the populations may be given (default [1]). */
  readonly netuids?: readonly number[];
  /** Populations in a mix, at most (default 4). */
  readonly maxPopulations?: number;
  /** Agents per counted population, at most (default 4). */
  readonly maxCount?: number;
  /** Largest budget drawn, TAO (default 1000): the mix's budgets must fit the TAO outside the model. */
  readonly maxBudgetTao?: number;
  /** Largest value of a parameter counted in epochs (default 8), so that short runs see them act. */
  readonly maxEpochs?: number;
  /** Built-in validators on every subnet of the scenario (default 1): a validator population takes at most this many. */
  readonly validators?: number;
  /** Strategies to draw from (default: the built-in ones). */
  readonly strategies?: readonly Strategy[];
}

/**
 * A list of populations for a scenario's `populations`: each a strategy, a count (`per_subnet`
 * for the strategies that take over a subnet's owner or miners, at most one such per class; for
 * validators at most `validators`, in one population), its
 * subnets and parameters. Parameters are drawn evenly over their ranges (budgets and epoch counts
 * capped as the options say).
 * @public
 */
export function populationArb(opts: PopulationArbOptions = {}): fc.Arbitrary<Record<string, unknown>[]> {
  const strategies = opts.strategies ?? StrategyRegistry.builtin().all();
  const netuids = opts.netuids ?? [1];
  const subsets = netuids.map((n) => [n]).concat(netuids.length > 1 ? [[...netuids]] : []);
  const paramsOf = (s: Strategy) =>
    fc.record(
      Object.fromEntries(
        Object.entries(s.params).map(([k, p]) => {
          const hi = Math.min(p.max, k === 'budget_tao' ? (opts.maxBudgetTao ?? 1000) : p.unit === 'epochs' ? (opts.maxEpochs ?? 8) : p.max);
          if (p.integer) return [k, fc.integer({ min: Math.ceil(p.min), max: Math.max(Math.ceil(p.min), Math.floor(hi)) })];
          // evenly over the range: fc.double leans to the ends and to tiny values
          return [k, fc.integer({ min: 0, max: 1000 }).map((x) => p.min + ((hi - p.min) * x) / 1000)];
        }),
      ),
    );
  const one = fc.constantFrom(...strategies).chain((s) => {
    const perSubnet = s.adopt === 'owner' || s.adopt === 'miners';
    const validator = s.adopt === 'validator';
    return fc.record({
      class: fc.constant(s.class),
      strategy: fc.constant(s.name),
      count: perSubnet ? fc.constant('per_subnet') : fc.integer({ min: 1, max: validator ? Math.max(1, opts.validators ?? 1) : (opts.maxCount ?? 4) }),
      subnets: perSubnet ? fc.constant('all') : fc.constantFrom<'all' | number[]>('all', ...subsets),
      params: paramsOf(s),
    });
  });
  return fc
    .uniqueArray(one, { minLength: 1, maxLength: opts.maxPopulations ?? 4, selector: (p) => (p.count === 'per_subnet' || p.class === 'validator' ? `takes-over/${p.class}` : `${p.class}/${p.strategy}`) })
    .map((list) => list.map((p, i) => ({ name: `p${i}`, ...p })));
}
