/** Small worlds with populations, run in-process. */
import { StrategyRegistry } from '../../src/agents/registry.js';
import { resolveScenario } from '../../src/scenario/resolve.js';
import { validateScenario } from '../../src/scenario/schema.js';
import type { ResolvedScenario } from '../../src/scenario/types.js';
import { run, type EpochRecord } from '../../src/sim/run.js';
import { buildWorld, type World } from '../../src/sim/world.js';
import { smallScenario } from '../helpers/world.js';

export function agentWorld(raw: Record<string, unknown>, reg = StrategyRegistry.builtin(), seed?: number): { sc: ResolvedScenario; w: World } {
  const sc = resolveScenario(validateScenario(raw, 'test-scenario.yaml'), { file: 'test-scenario.yaml', seed, strategies: reg });
  return { sc, w: buildWorld(sc, undefined, reg) };
}

/** smallScenario with TAO outside the model, `epochs` epochs of 36 blocks, and these populations. */
export function withPopulations(populations: unknown[], opts: { epochs?: number; subnets?: number } = {}): Record<string, unknown> {
  const base = smallScenario({ subnets: opts.subnets ?? 2, epochs: opts.epochs ?? 30, blockStep: 12 });
  return { ...base, network: { ...(base.network as object), total_issuance: '5000000' }, populations };
}

export function runAll(sc: ResolvedScenario, w: World, check = false): EpochRecord[] {
  return [...run(w, sc, { check })];
}

export const spot = (w: World, netuid: number): number => {
  const s = w.subnets.find((x) => x.netuid === netuid)!;
  return Number(s.pool.taoReserve) / Number(s.pool.alphaReserve);
};
