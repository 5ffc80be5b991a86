/**
 * Replays a Yuma vector: a metagraph, then steps of actions (set weights, replace a neuron, reset
 * bonds, …) each followed by one epoch. State that the chain stores between epochs (bonds,
 * permits, weights, last update, registration blocks, stake) carries over from step to step, as
 * in shared/spec/yuma.md §8.1 and subtensor's own epoch tests.
 */
import {
  activityCutoffBlocks,
  DEFAULT_ACTIVITY_CUTOFF_FACTOR_MILLI,
  yuma,
  yumaParamsOf,
  type YumaInput,
  type YumaOutput,
  type YumaParams,
} from '../chain/epoch/yuma.js';
import type { SparseMatrix } from '../math/sparse.js';
import { vecU16MaxUpscaleToU16 } from '../math/upscale.js';
import { raoToBigint, type EpochVectorInput } from '../scenario/epochInput.js';

export interface ReplayStep {
  readonly label: string;
  readonly output: YumaOutput;
}

export const yumaParams = (v: EpochVectorInput): YumaParams =>
  yumaParamsOf(v.params, {
    stakeThreshold: raoToBigint(v.params.stake_threshold),
    ownerUid: v.params.owner_uid,
    taoWeight: raoToBigint(v.params.tao_weight),
    activityCutoffBlocks: v.params.activity_cutoff_blocks ?? activityCutoffBlocks(DEFAULT_ACTIVITY_CUTOFF_FACTOR_MILLI, v.params.tempo),
  });

const rows = (m: readonly (readonly [number, number])[][] | undefined, n: number): SparseMatrix =>
  Array.from({ length: n }, (_, i) => ({ j: (m?.[i] ?? []).map((e) => e[0]), v: (m?.[i] ?? []).map((e) => e[1]) }));

export function* replay(v: EpochVectorInput): Generator<ReplayStep> {
  const params = yumaParams(v);
  const n = v.params.n;
  const s0 = v.initial_state;
  let alpha = s0.alpha_stake.map(raoToBigint);
  let tao = s0.tao_stake ? s0.tao_stake.map(raoToBigint) : alpha.map(() => 0n);
  const reg = s0.block_at_registration.slice();
  let lastUpdate = s0.last_update.slice();
  let weights = rows(s0.weights, n);
  let bonds = rows(s0.bonds, n);
  let permits = s0.validator_permits.slice();

  for (const step of v.steps) {
    for (const a of step.actions) {
      switch (a.type) {
        case 'set_weights':
          weights[a.uid] = { j: a.uids.slice(), v: vecU16MaxUpscaleToU16(a.values) };
          lastUpdate[a.uid] = a.block;
          break;
        case 'replace_neuron': {
          // clear_neuron/replace_neuron (subnets/uids.rs:23, 54): the uid's own rows go, weights
          // pointing to it are zeroed but kept, bonds towards it wait for the registration mask.
          const u = a.uid;
          reg[u] = a.block;
          lastUpdate[u] = a.block;
          weights = weights.map((r, i) =>
            i === u ? { j: [], v: [] } : { j: r.j, v: Array.from(r.v, (x, t) => (r.j[t] === u ? 0 : x)) },
          );
          bonds[u] = { j: [], v: [] };
          permits[u] = false;
          alpha[u] = raoToBigint(a.alpha_stake);
          tao[u] = raoToBigint(a.tao_stake);
          break;
        }
        case 'reset_bonds':
          bonds = bonds.map((r) => {
            const j = Array.from(r.j);
            const keep = j.map((c) => c !== a.uid);
            return { j: j.filter((_, t) => keep[t]), v: Array.from(r.v).filter((_, t) => keep[t]) };
          });
          break;
        case 'set_last_update':
          lastUpdate = a.last_update.slice();
          break;
        case 'set_permits':
          permits = a.validator_permits.slice();
          break;
        case 'set_stake':
          alpha = a.alpha_stake.map(raoToBigint);
          if (a.tao_stake) tao = a.tao_stake.map(raoToBigint);
          break;
      }
    }
    const input: YumaInput = {
      n,
      currentBlock: step.epoch_block,
      lastMechanismStepBlock: v.params.last_mechanism_step_block,
      alphaStake: alpha,
      taoStake: tao,
      lastUpdate,
      blockAtRegistration: reg,
      weights,
      bonds,
      validatorPermits: permits,
      raoEmission: raoToBigint(step.rao_emission),
    };
    const output = yuma(input, params);
    bonds = output.bondsStored.slice(); // copies: the step record handed out must not change later
    permits = output.newValidatorPermits.slice();
    yield { label: step.label, output };
  }
}
