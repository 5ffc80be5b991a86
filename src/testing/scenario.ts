/**
 * fast-check arbitraries of scenarios as a file holds them (so they go through the same
 * validation and resolution as a file): a few subnets with pools, parameters within the chain's
 * ranges, a small built-in population each. Small by default, so a property test of a hundred
 * runs takes seconds.
 */
import fc from 'fast-check';
import type { ScenarioDocument } from '../api/simulation.js';

/** @public */
export interface ScenarioArbOptions {
  /** Subnets (netuids 1..n), at most. Default 3. */
  readonly maxSubnets?: number;
  /** Epochs the scenario runs. Default 20. */
  readonly epochs?: number;
  /** Blocks per epoch. Default 36. */
  readonly blocksPerEpoch?: number;
  /** Blocks per coinbase step (1 = block-exact). Default 4. */
  readonly blockStep?: number;
  /** Validators per subnet, at most. Default 4. */
  readonly maxValidators?: number;
  /** Miners per subnet, at most. Default 8. */
  readonly maxMiners?: number;
}

/** A decimal TAO amount as a scenario file writes it, whole TAO in [min, max]. */
const taoText = (min: number, max: number): fc.Arbitrary<string> => fc.integer({ min, max }).map(String);

/** One subnet's initial state: its pool's reserves, outstanding alpha, moving price. @public */
export const subnetStateArb = (netuid: number): fc.Arbitrary<Record<string, unknown>> =>
  fc.record({
    netuid: fc.constant(netuid),
    tao_in: taoText(1_000, 200_000),
    alpha_in: taoText(1_000, 2_000_000),
    alpha_out: taoText(10_000, 500_000),
    moving_price: fc.integer({ min: 0, max: 1_000 }).map((m) => String(m / 1_000)),
    miner_burned: fc.constantFrom('0', '0.1', '0.5'),
  });

/**
 * A small scenario: 1..maxSubnets subnets, tempo, immunity and uid limits in the chain's ranges,
 * TaoWeight in [0, 1], one of the share rules, yuma3 on or off, a Pareto or equal validator stake.
 * Populations (the agent layer's strategies) will come as their own arbitrary.
 * @public
 */
export function scenarioArb(opts: ScenarioArbOptions = {}): fc.Arbitrary<ScenarioDocument> {
  const maxSubnets = opts.maxSubnets ?? 3;
  return fc
    .record({
      seed: fc.nat({ max: 2 ** 31 - 1 }),
      subnets: fc.integer({ min: 1, max: maxSubnets }),
      taoWeight: fc.integer({ min: 0, max: 100 }),
      rule: fc.constantFrom('price-burn-gate', 'price-ema', 'price-burn', 'taoflow', 'net-taoflow'),
      tempo: fc.integer({ min: 4, max: 36 }),
      yuma3: fc.boolean(),
      validators: fc.integer({ min: 1, max: opts.maxValidators ?? 4 }),
      miners: fc.integer({ min: 1, max: opts.maxMiners ?? 8 }),
      stake: fc.oneof(
        taoText(100, 10_000).map((total) => ({ kind: 'pareto', total })),
        taoText(100, 10_000).map((total) => ({ kind: 'equal', total })),
      ),
      noise: fc.integer({ min: 0, max: 50 }).map((n) => n / 100),
      rootTao: taoText(0, 100_000),
      issuance: taoText(1_000_000, 10_000_000),
    })
    .chain((p) =>
      fc.tuple(...Array.from({ length: p.subnets }, (_, k) => subnetStateArb(k + 1))).map((subnets) => ({
        name: 'generated',
        seed: p.seed,
        run: { epochs: opts.epochs ?? 20, blocks_per_epoch: opts.blocksPerEpoch ?? 36, block_step: opts.blockStep ?? 4 },
        network: { total_issuance: p.issuance, tao_weight: String(p.taoWeight / 100), share_rule: { rule: p.rule } },
        subnet_defaults: {
          params: { tempo: p.tempo, max_allowed_uids: 64, yuma3: p.yuma3 },
          population: { validators: p.validators, miners: p.miners, validator_stake: p.stake, validator_noise: p.noise },
        },
        initial: { root_tao: p.rootTao, subnets },
      })),
    );
}
