/**
 * `set_weights`: a validator's weights on the subnet's uids, the chain's checks in the chain's
 * order (shared/spec/yuma.md §1).
 * Mirrors: pallets/subtensor/src/subnets/weights.rs (`do_set_weights`, `internal_set_weights`,
 * `check_rate_limit`, `check_validator_permit`, `check_length`) and epoch/math.rs
 * (`vec_u16_max_upscale_to_u16`).
 *
 *   1 netuid = root                                          → CanNotSetRootNetworkWeights
 *   2 |uids| ≠ |values|                                      → WeightVecNotEqualSize
 *   3 subnet exists                                          → MechanismDoesNotExist
 *   4 |uids| ≤ SubnetworkN                                   → UidsLengthExceedUidsInSubNet
 *   5 hotkey has a uid                                       → HotKeyNotRegisteredInSubNet
 *   6 rate limit r > 0: LastUpdate = 0 ∨ now − LastUpdate ≥ r → SettingWeightsTooFast
 *   7 self-weight, the owner's uid, or a validator permit    → NeuronNoValidatorPermit
 *   8 no uid twice                                           → DuplicateUids
 *   9 every uid < SubnetworkN                                → UidVecContainInvalidOne
 *  10 self-weight or |uids| ≥ min(MinAllowedWeights, n)      → WeightVecLengthIsLow
 *   stored: Weights[uid] = (uids, max-upscaled values); LastUpdate[uid] = now
 *
 * SIM-DIVERGENCE: weights are set directly (commit–reveal off: the chain's default is on, which
 * refuses `set_weights` with CommitRevealEnabled), and the rate limit is the scenario's
 * `weights_rate_limit`, off by default (the chain's WeightsSetRateLimit is 100 blocks). StakeThreshold and
 * WeightsVersionKey are at their defaults (0), so `NotEnoughStakeToSetWeights` and
 * `IncorrectWeightVersionKey` never refuse.
 */
import { vecU16MaxUpscaleToU16 } from '../../math/upscale.js';
import { refuse, type Refused } from '../errors.js';
import { type ChainState, subnetOf } from '../state.js';
import { ROOT_NETUID } from '../staking/ledger.js';

export interface WeightsSet {
  readonly ok: true;
  readonly uid: number;
}

export interface SetWeightsOptions {
  /** Blocks between two set_weights of one uid (0: no limit); default the subnet's `weights_rate_limit`. */
  readonly rateLimit?: number;
}

// A stamp per uid instead of a set per call: the built-in validators make ~1,500 calls an epoch.
let stamp = new Uint32Array(0);
let generation = 0;

/** `has_duplicate_uids`, then `contains_invalid_uids`, in one pass. */
function checkUids(uids: ArrayLike<number>, n: number): 'DuplicateUids' | 'UidVecContainInvalidOne' | undefined {
  if (stamp.length < n) stamp = new Uint32Array(Math.max(n, 2 * stamp.length));
  generation = (generation + 1) >>> 0;
  if (generation === 0) {
    stamp.fill(0);
    generation = 1;
  }
  let outside: Set<number> | undefined;
  for (let t = 0; t < uids.length; t++) {
    const j = uids[t]!;
    if (Number.isInteger(j) && j >= 0 && j < n) {
      if (stamp[j] === generation) return 'DuplicateUids';
      stamp[j] = generation;
    } else {
      outside ??= new Set();
      if (outside.has(j)) return 'DuplicateUids';
      outside.add(j);
    }
  }
  return outside === undefined ? undefined : 'UidVecContainInvalidOne';
}

/** `max(values) = 65535` (or all 0) is stored as given; anything else is upscaled. */
function stored(values: ArrayLike<number>): ArrayLike<number> {
  let max = 0;
  for (let t = 0; t < values.length; t++) if (values[t]! > max) max = values[t]!;
  return max === 65535 || max === 0 ? values : vecU16MaxUpscaleToU16(Array.from(values));
}

export function setWeights(
  c: ChainState,
  hotkey: string,
  netuid: number,
  uids: ArrayLike<number>,
  values: ArrayLike<number>,
  now: number,
  opts: SetWeightsOptions = {},
): WeightsSet | Refused {
  return setWeightsMany(c, netuid, uids, [{ hotkey, values }], now, opts)[0]!;
}

/**
 * `set_weights` of several hotkeys on one subnet over one uid vector, call after call (the
 * built-in validators' batch). Each call is checked and applied as on its own; the checks that read
 * only the uid vector and the subnet's size are made once, since no call changes what they read.
 */
export function setWeightsMany(
  c: ChainState,
  netuid: number,
  uids: ArrayLike<number>,
  calls: readonly { readonly hotkey: string; readonly values: ArrayLike<number> }[],
  now: number,
  opts: SetWeightsOptions = {},
): (WeightsSet | Refused)[] {
  const s = netuid === ROOT_NETUID ? undefined : subnetOf(c, netuid);
  const m = s?.metagraph;
  const n = m?.n ?? 0;
  let bad: ReturnType<typeof checkUids> | null = null; // null: not checked yet
  const owner = m?.uid(s!.ownerHotkey);
  const limit = opts.rateLimit ?? s?.params.weights_rate_limit ?? 0;
  return calls.map(({ hotkey, values }): WeightsSet | Refused => {
    if (netuid === ROOT_NETUID) return refuse('CanNotSetRootNetworkWeights');
    if (uids.length !== values.length) return refuse('WeightVecNotEqualSize');
    if (s === undefined || m === undefined) return refuse('MechanismDoesNotExist');
    if (uids.length > n) return refuse('UidsLengthExceedUidsInSubNet');
    const uid = m.uid(hotkey);
    if (uid === undefined) return refuse('HotKeyNotRegisteredInSubNet');
    if (limit > 0 && m.lastUpdate[uid] !== 0 && now - m.lastUpdate[uid]! < limit) return refuse('SettingWeightsTooFast');
    const selfWeight = uids.length === 1 && uids[0] === uid;
    if (!selfWeight && uid !== owner && !m.permits[uid]) return refuse('NeuronNoValidatorPermit');
    if (bad === null) bad = checkUids(uids, n);
    if (bad !== undefined) return refuse(bad);
    if (!selfWeight && uids.length < Math.min(s.params.min_allowed_weights, n)) return refuse('WeightVecLengthIsLow');
    s.weights[uid] = { j: uids, v: stored(values) };
    m.lastUpdate[uid] = now;
    return { ok: true, uid };
  });
}
