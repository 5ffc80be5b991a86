/**
 * fast-check arbitraries for Yuma: random metagraphs in the epoch-vector format (yuma.md §8.1)
 * with sparse weights (explicit zeros, sometimes unsorted), permits, registration blocks, both
 * bond models, liquid alpha on and off, and several epochs with neuron replacements.
 */
import fc from 'fast-check';
import type { EpochVectorInput } from '../scenario/epochInput.js';

export interface MetagraphOptions {
  maxN?: number;
  maxSteps?: number;
  withTao?: boolean;
}

const weightRow = (n: number) =>
  fc
    .uniqueArray(fc.nat({ max: n - 1 }), { minLength: 1, maxLength: Math.min(n, 24) })
    .chain((uids) =>
      fc.record({
        uids: fc.boolean().map((sorted) => (sorted ? [...uids].sort((a, b) => a - b) : uids)),
        values: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 65535 })), {
          minLength: uids.length,
          maxLength: uids.length,
        }),
      }),
    );

export function metagraphArb(opts: MetagraphOptions = {}): fc.Arbitrary<EpochVectorInput> {
  const maxN = opts.maxN ?? 64;
  const maxSteps = opts.maxSteps ?? 4;
  return fc.integer({ min: 2, max: maxN }).chain((n) => {
    const stake = fc.oneof(
      { weight: 1, arbitrary: fc.constant(0) },
      { weight: 5, arbitrary: fc.integer({ min: 1, max: 1_000_000_000_000_000 }) },
    );
    const blockInit = fc.integer({ min: 0, max: 20 });
    const action = fc.oneof(
      { weight: 8, arbitrary: fc.record({ uid: fc.nat({ max: n - 1 }), row: weightRow(n), dblock: fc.integer({ min: 0, max: 3 }) }).map((r) => ({ type: 'set_weights' as const, uid: r.uid, uids: r.row.uids, values: r.row.values, dblock: r.dblock })) },
      { weight: 1, arbitrary: fc.record({ uid: fc.nat({ max: n - 1 }), stake }).map((r) => ({ type: 'replace_neuron' as const, uid: r.uid, alpha_stake: r.stake })) },
      { weight: 1, arbitrary: fc.nat({ max: n - 1 }).map((uid) => ({ type: 'reset_bonds' as const, uid })) },
    );
    return fc
      .record({
        tempo: fc.integer({ min: 1, max: 12 }),
        cutoff: fc.integer({ min: 1, max: 30 }),
        kappa: fc.oneof(fc.constant(32767), fc.integer({ min: 0, max: 65535 })),
        bondsPenalty: fc.oneof(fc.constant(65535), fc.constant(0), fc.integer({ min: 0, max: 65535 })),
        bma: fc.oneof(fc.constant(900_000), fc.constant(975_000), fc.integer({ min: 0, max: 1_000_000 })),
        yuma3: fc.boolean(),
        liquidAlpha: fc.boolean(),
        alphas: fc.tuple(fc.integer({ min: 1638, max: 65535 }), fc.integer({ min: 1638, max: 65535 })).map(([a, b]) => (a <= b ? [a, b] : [b, a])),
        steepness: fc.oneof(fc.constant(1000), fc.integer({ min: -32768, max: 32767 })),
        maxValidators: fc.integer({ min: 1, max: n + 2 }),
        threshold: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1_000_000_000 })),
        owner: fc.option(fc.nat({ max: n - 1 }), { nil: null }),
        taoWeight: opts.withTao === false ? fc.constant(0n) : fc.oneof(fc.constant(0n), fc.constant(971_718_665_099_567_868n), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })),
        alpha: fc.array(stake, { minLength: n, maxLength: n }),
        tao: fc.array(opts.withTao === false ? fc.constant(0) : stake, { minLength: n, maxLength: n }),
        reg: fc.array(blockInit, { minLength: n, maxLength: n }),
        lastUpdate: fc.array(blockInit, { minLength: n, maxLength: n }),
        permits: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
        steps: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 15 }), actions: fc.array(action, { maxLength: 2 * n }), emission: fc.integer({ min: 0, max: 1_000_000_000_000 }) }), { minLength: 1, maxLength: maxSteps }),
      })
      .map((r): EpochVectorInput => {
        let block = 20;
        return {
          params: {
            n, tempo: r.tempo, activity_cutoff_blocks: r.cutoff, kappa: r.kappa, bonds_penalty: r.bondsPenalty,
            bonds_moving_average: r.bma, yuma3: r.yuma3, liquid_alpha: r.liquidAlpha, alpha_low: r.alphas[0]!,
            alpha_high: r.alphas[1]!, alpha_sigmoid_steepness: r.steepness, max_allowed_validators: r.maxValidators,
            stake_threshold: r.threshold, owner_uid: r.owner, tao_weight: r.taoWeight.toString(), last_mechanism_step_block: 0,
          },
          initial_state: {
            alpha_stake: r.alpha, tao_stake: r.tao, block_at_registration: r.reg, last_update: r.lastUpdate,
            validator_permits: r.permits,
          },
          steps: r.steps.map((s, k) => {
            block += s.gap;
            const at = block;
            return {
              label: `step${k}`,
              epoch_block: at,
              rao_emission: s.emission,
              actions: s.actions.map((a) =>
                a.type === 'set_weights'
                  ? { type: a.type, uid: a.uid, uids: a.uids, values: a.values, block: Math.max(0, at - a.dblock) }
                  : a.type === 'replace_neuron'
                    ? { type: a.type, uid: a.uid, block: at - 1, alpha_stake: a.alpha_stake, tao_stake: 0 }
                    : a,
              ),
            };
          }),
        };
      });
  });
}
