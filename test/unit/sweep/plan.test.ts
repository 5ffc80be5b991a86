/** Sweep plans (run ids, zips, shards) and the KPI statistics (Gini, type-7 quantiles, mean). */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { finalKpis, gini, isRegistration, pointQuantileRows, registrationOf, summaryTable } from '../../../src/output/kpis.js';
import { inShard, parseShard, plannedRuns, points, shardFromEnv } from '../../../src/cli/sweepPlan.js';

const list = (path: string, values: unknown[]) => values.map((value) => ({ path, value }));

describe('sweep plan', () => {
  it('run ids depend on overrides and seed, not on position: adding a grid value renames no run', () => {
    const small = plannedRuns(points([list('a', [1, 2])], []), [1, 2]);
    const big = plannedRuns(points([list('a', [0, 1, 2, 3])], []), [5, 1, 2]);
    for (const r of small) expect(big.find((b) => b.id === r.id)).toMatchObject({ seed: r.seed, overrides: r.overrides });
    expect(new Set(big.map((r) => r.id)).size).toBe(12);
  });

  it('zips pair value by value, and the grid multiplies them; different lengths are refused naming both keys', () => {
    const ps = points([list('g', [1, 2])], [list('a', [1, 2, 3]), list('b', ['x', 'y', 'z'])]);
    expect(ps.map((p) => p.overrides.map((o) => o.value))).toEqual([
      [1, 1, 'x'], [1, 2, 'y'], [1, 3, 'z'], [2, 1, 'x'], [2, 2, 'y'], [2, 3, 'z'],
    ]);
    expect(() => points([], [list('a', [1, 2]), list('b', [1])])).toThrow(/a has 2 values and b has 1/);
    expect(() => points([list('a', [1])], [list('a', [1])])).toThrow(/a is swept twice/);
  });

  it('shards are strided and together cover every run once', () => {
    const runs = Array.from({ length: 11 }, (_, i) => i);
    const parts = [0, 1, 2].map((k) => inShard(runs, { k, n: 3 }));
    expect(parts[1]).toEqual([1, 4, 7, 10]);
    expect(parts.flat().sort((a, b) => a - b)).toEqual(runs);
    expect(() => parseShard('3/3', '--shard')).toThrow(InputError);
    expect(parseShard('2/3', '--shard')).toEqual({ k: 2, n: 3 });
  });

  it('takes the shard from Slurm or Kubernetes environment variables', () => {
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '7', SLURM_ARRAY_TASK_MIN: '5', SLURM_ARRAY_TASK_COUNT: '4' }, undefined)).toMatchObject({ k: 2, n: 4 });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '3' }, 4)).toMatchObject({ k: 3, n: 4 });
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '3' }, undefined)).toThrow(/--shards/);
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '4' }, 4)).toThrow(/JOB_COMPLETION_INDEX/);
    expect(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: 'x', SLURM_ARRAY_TASK_COUNT: '2' }, undefined)).toThrow(/SLURM_ARRAY_TASK_ID/);
    expect(shardFromEnv({}, 4)).toBeUndefined();
  });
});

describe('KPI statistics', () => {
  it('Gini: 0 for equal amounts, (n−1)/n for one holder of all, and scale-free', () => {
    expect(gini([5, 5, 5, 5])).toBe(0);
    expect(gini([0, 0, 0, 9])).toBe(0.75);
    expect(gini([1, 2, 3])).toBeCloseTo(gini([10, 20, 30]), 15);
    expect(gini([1, 2, 3])).toBeCloseTo(2 / 9, 15); // Σ|xi−xj| / (2 n² mean) = 8 / (2·9·2)
    expect(gini([])).toBe(0);
  });

  it('quantiles are type 7 over the seeds, whatever the order the runs come in', () => {
    const tables = (xs: number[]) =>
      xs.map((x) => ({ network: [{ epoch: '0', issuance_tao: String(x), pool_tao: '1', root_tao: '2' }], subnets: [] }));
    const rows = pointQuantileRows('p', [], tables([5, 1, 4, 2, 3]));
    const iss = rows.find((r) => r[2] === 'issuance_tao')!;
    // numpy.percentile([1,2,3,4,5], [5,25,50,75,95]) = 1.2, 2, 3, 4, 4.8; mean 3
    const want = [5, 1.2, 2, 3, 4, 4.8, 3];
    iss.slice(3).forEach((v, i) => expect(v as number).toBeCloseTo(want[i]!, 12));
    expect(pointQuantileRows('p', [], tables([3, 4, 1, 5, 2]))).toEqual(rows);
  });

  it('agent KPIs: uid counts and subnet registrations add up from the start; an empty APY is no value', () => {
    const network = ['0', '1', '2'].map((epoch) => ({ epoch, issuance_tao: '1', pool_tao: '1', root_tao: '1' }));
    const group = (cls: string, strategy: string, rows: [string, string, string, string][]) => rows.map(([epoch, apy, entries, exits]) => ({ epoch, class: cls, strategy, wealth_tao: `1${epoch}.5`, apy, entries, exits }));
    const events = [
      { epoch: '1', kind: 'register_network', result: 'ok', detail: 'pruned 3: 5 rao TAO to its stakers, 0 recycled' },
      { epoch: '2', kind: 'register_network', result: 'NetworkTxRateLimitExceeded', detail: '' },
      { epoch: '2', kind: 'register_network', result: 'ok', detail: '' },
      { epoch: '2', kind: 'burned_register', result: 'ok', detail: 'uid 4' },
    ];
    const run = (apy1: string) => ({
      network,
      subnets: [],
      agents: {
        strategies: [...group('miner', 'entrant', [['0', '', '2', '0'], ['1', apy1, '1', '1'], ['2', '0.5', '0', '2']]), ...group('staker', 'holder', [['0', '', '0', '0'], ['1', '0.25', '0', '0'], ['2', '0.5', '0', '0']])],
        registrations: events.filter(isRegistration).map(registrationOf),
      },
    });
    const f = finalKpis(run(''));
    expect([f.network.subnets_registered, f.network.subnets_pruned]).toEqual(['2', '1']);
    expect(Object.fromEntries(f.groups!)).toEqual({
      'miner/entrant': { wealth_tao: '12.5', apy: '0.5', uid_entries: '3', uid_exits: '3' },
      'staker/holder': { wealth_tao: '12.5', apy: '0.5' }, // no uid counts for a group of another class
    });
    const sum = summaryTable([], [{ id: 'r', seed: 1, values: [], status: 'complete', final: f }]);
    expect(sum.header.slice(-6)).toEqual(['miner/entrant_wealth_tao', 'miner/entrant_apy', 'miner/entrant_uid_entries', 'miner/entrant_uid_exits', 'staker/holder_wealth_tao', 'staker/holder_apy']);
    const rows = pointQuantileRows('p', [], [run(''), run('0.75')]);
    const at = (epoch: number, kpi: string) => rows.find((r) => r[1] === epoch && r[2] === kpi);
    expect([0, 1, 2].map((e) => [at(e, 'subnets_registered')![3 + 3], at(e, 'subnets_pruned')![3 + 3]])).toEqual([[0, 0], [1, 1], [2, 1]]);
    expect([0, 1, 2].map((e) => [at(e, 'miner/entrant.uid_entries')![6], at(e, 'miner/entrant.uid_exits')![6]])).toEqual([[2, 0], [3, 1], [3, 3]]);
    expect(at(0, 'miner/entrant.apy')).toBeUndefined();
    expect(at(1, 'miner/entrant.apy')!.slice(3)).toEqual([1, 0.75, 0.75, 0.75, 0.75, 0.75, 0.75]); // one seed has an APY
    expect(at(1, 'staker/holder.uid_entries')).toBeUndefined();
    // network, then the event counts, then the groups by name
    expect(rows.filter((r) => r[1] === 2).map((r) => r[2])).toEqual([
      'issuance_tao', 'pool_tao', 'root_tao', 'subnets_registered', 'subnets_pruned',
      'miner/entrant.wealth_tao', 'miner/entrant.apy', 'miner/entrant.uid_entries', 'miner/entrant.uid_exits', 'staker/holder.wealth_tao', 'staker/holder.apy',
    ]);
  });
});
