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
 * refuses `set_weights` with CommitRevealEnabled), and the rate limit applies only where the
 * caller gives one (the chain's WeightsSetRateLimit is 100 blocks). StakeThreshold and
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
  /** Blocks between two set_weights of one uid (0: no limit). */
  readonly rateLimit?: number;
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
  if (netuid === ROOT_NETUID) return refuse('CanNotSetRootNetworkWeights');
  if (uids.length !== values.length) return refuse('WeightVecNotEqualSize');
  const s = subnetOf(c, netuid);
  if (s === undefined) return refuse('MechanismDoesNotExist');
  const m = s.metagraph;
  const n = m.n;
  if (uids.length > n) return refuse('UidsLengthExceedUidsInSubNet');
  const uid = m.uid(hotkey);
  if (uid === undefined) return refuse('HotKeyNotRegisteredInSubNet');
  const limit = opts.rateLimit ?? 0;
  if (limit > 0 && m.lastUpdate[uid] !== 0 && now - m.lastUpdate[uid]! < limit) return refuse('SettingWeightsTooFast');
  const selfWeight = uids.length === 1 && uids[0] === uid;
  if (!selfWeight && uid !== m.uid(s.ownerHotkey) && !m.permits[uid]) return refuse('NeuronNoValidatorPermit');
  const seen = new Uint8Array(n);
  const outside = new Set<number>();
  for (let t = 0; t < uids.length; t++) {
    const j = uids[t]!;
    const inRange = j >= 0 && j < n;
    if (inRange ? seen[j] === 1 : outside.has(j)) return refuse('DuplicateUids');
    if (inRange) seen[j] = 1;
    else outside.add(j);
  }
  for (let t = 0; t < uids.length; t++) if (!(uids[t]! >= 0 && uids[t]! < n)) return refuse('UidVecContainInvalidOne');
  if (!selfWeight && uids.length < Math.min(s.params.min_allowed_weights, n)) return refuse('WeightVecLengthIsLow');
  s.weights[uid] = { j: uids, v: stored(values) };
  m.lastUpdate[uid] = now;
  return { ok: true, uid };
}
