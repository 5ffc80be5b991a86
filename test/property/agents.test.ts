/**
 * The economy's invariants hold with every population active: generated mixes of the built-in
 * strategies (taosim/testing's populationArb), with generated parameters, run with every invariant checked after every block.
 * And a drawn parameter always lies in the distribution's support and the parameter's range.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { draw, misfit, support, type Distribution, type ParamSpec } from '../../src/agents/params.js';
import { StrategyRegistry } from '../../src/agents/registry.js';
import { stream } from '../../src/core/rng.js';
import { populationArb } from '../../src/testing/populations.js';
import { agentWorld, runAll, withPopulations } from '../agents/helpers.js';

const reg = StrategyRegistry.builtin();

describe('invariants with agents', () => {
  it('hold after every block for generated population mixes', () => {
    let acted = 0;
    fc.assert(
      fc.property(populationArb({ netuids: [1, 2], maxPopulations: 5, maxBudgetTao: 5_000, validators: 3 }), fc.integer({ min: 0, max: 1000 }), (pops, seed) => {
        const { sc, w } = agentWorld(withPopulations(pops, { epochs: 8 }), reg, seed);
        const rs = runAll(sc, w, true);
        acted += rs.flatMap((r) => r.events).filter((e) => e.result === 'ok').length;
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 25) },
    );
    // the mixes traded: an all-quiet generator would prove nothing
    expect(acted).toBeGreaterThan(25);
  });
});

const spec: ParamSpec = { doc: '', unit: '', min: -1e9, max: 1e9, default: 0, source: 'test' };
const dist: fc.Arbitrary<Distribution> = fc.oneof(
  fc.double({ min: -100, max: 100, noNaN: true }).map((value) => ({ kind: 'constant' as const, value })),
  fc.tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true })).map(([low, w]) => ({ kind: 'uniform' as const, low, high: low + w })),
  fc.tuple(fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true })).map(([median, sigma]) => ({ kind: 'lognormal' as const, median, sigma })),
  fc.tuple(fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: 0.5, max: 10, noNaN: true })).map(([min, shape]) => ({ kind: 'pareto' as const, min, shape })),
  fc.tuple(fc.double({ min: 0.05, max: 20, noNaN: true }), fc.double({ min: 0.05, max: 20, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true })).map(([a, b, low]) => ({ kind: 'beta' as const, a, b, low, high: low + 2 })),
);

describe('parameter draws', () => {
  it('fall in the support, and in the range when the support fits it', () => {
    fc.assert(
      fc.property(dist, fc.integer({ min: 0, max: 1e6 }), (d, seed) => {
        const rng = stream(seed, 'p');
        const [lo, hi] = support(d);
        for (let i = 0; i < 20; i++) {
          const x = draw(spec, d, rng);
          expect(Number.isFinite(x)).toBe(true);
          expect(x).toBeGreaterThanOrEqual(lo);
          expect(x).toBeLessThanOrEqual(hi);
        }
      }),
    );
  });

  it('a distribution reaching outside the range is refused, one inside accepted', () => {
    const unit: ParamSpec = { ...spec, min: 0, max: 1 };
    expect(misfit(unit, { kind: 'uniform', low: 0.2, high: 0.8 })).toBeUndefined();
    expect(misfit(unit, { kind: 'beta', a: 2, b: 3, low: 0, high: 1 })).toBeUndefined();
    expect(misfit(unit, { kind: 'uniform', low: 0.2, high: 1.2 })).toContain('outside');
    expect(misfit(unit, { kind: 'lognormal', median: 0.1, sigma: 0.1 })).toContain('[0, Infinity]');
    expect(misfit({ ...unit, max: 10, integer: true }, { kind: 'constant', value: 2.5 })).toContain('whole number');
  });

  it('lognormal draws have the given median, beta draws the given mean', () => {
    const rng = stream(1, 'moments');
    const ln = Array.from({ length: 4001 }, () => draw(spec, { kind: 'lognormal', median: 7, sigma: 1 }, rng)).sort((a, b) => a - b);
    expect(ln[2000]!).toBeGreaterThan(6.3);
    expect(ln[2000]!).toBeLessThan(7.7);
    const b = Array.from({ length: 4000 }, () => draw(spec, { kind: 'beta', a: 2, b: 6, low: 0, high: 1 }, rng));
    expect(b.reduce((x, y) => x + y, 0) / b.length).toBeCloseTo(0.25, 1);
  });
});
