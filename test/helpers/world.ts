/** Build a world from an in-memory scenario object (the same validation and resolution as a file). */
import { resolveScenario } from '../../src/scenario/resolve.js';
import type { ResolvedScenario } from '../../src/scenario/types.js';
import { validateScenario } from '../../src/scenario/schema.js';
import { buildWorld, type World } from '../../src/sim/world.js';

export function scenarioFrom(raw: unknown, seed?: number): ResolvedScenario {
  return resolveScenario(validateScenario(raw, 'test-scenario.yaml'), { file: 'test-scenario.yaml', seed });
}

export function worldFrom(raw: unknown, seed?: number): { sc: ResolvedScenario; w: World } {
  const sc = scenarioFrom(raw, seed);
  return { sc, w: buildWorld(sc) };
}

/** A small economy: `subnets` subnets with a few validators and miners each. */
export function smallScenario(opts: { subnets?: number; validators?: number; miners?: number; epochs?: number; blockStep?: number; yuma3?: boolean; rule?: string } = {}): Record<string, unknown> {
  const n = opts.subnets ?? 2;
  return {
    name: 'small',
    seed: 3,
    run: { epochs: opts.epochs ?? 4, blocks_per_epoch: 36, block_step: opts.blockStep ?? 1 },
    network: { total_issuance: '2000000', tao_weight: '0.18', ...(opts.rule ? { share_rule: { rule: opts.rule } } : {}) },
    subnet_defaults: {
      params: { tempo: 12, max_allowed_uids: 32, yuma3: opts.yuma3 ?? true },
      population: {
        validators: opts.validators ?? 3,
        miners: opts.miners ?? 6,
        validator_stake: { kind: 'pareto', total: '3000' },
        validator_noise: 0.1,
      },
    },
    initial: {
      root_tao: '50000',
      subnets: Array.from({ length: n }, (_, k) => ({
        netuid: k + 1,
        tao_in: String(10000 * (k + 1)),
        alpha_in: String(40000 + 7000 * k),
        alpha_out: '20000',
        moving_price: String(0.2 + 0.1 * k),
        miner_burned: k === 0 ? '0.1' : '0',
      })),
    },
  };
}
