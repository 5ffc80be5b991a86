/**
 * `burned_register`: a hotkey buys a uid on a subnet for the current burn, and the burn's
 * per-block decay; the chain's checks in the chain's order (shared/spec/economics.md §8.2–§8.3).
 * Mirrors: pallets/subtensor/src/subnets/registration.rs (`do_register`,
 * `update_registration_prices_for_networks`, `get_neuron_to_prune`) and subnets/uids.rs
 * (`append_neuron`, `replace_neuron`, `clear_neuron`).
 *
 *   1 netuid = root                                       → RegistrationNotPermittedOnRootSubnet
 *   2 subnet exists                                       → SubnetNotExists
 *   3 NetworkRegistrationAllowed                          → SubNetRegistrationDisabled
 *   4 the hotkey has no uid here                          → HotKeyAlreadyRegisteredInSubNet
 *   5 free(c) ≥ Burn                                      → NotEnoughBalanceToStake
 *   6 the hotkey is new or the coldkey's                  → NonAssociatedColdKey
 *   7 a uid: n < MaxAllowedUids, or one to prune          → NoNeuronIdAvailable
 *   the burn buys alpha through the pool (fees on) and the alpha is destroyed: SubnetTAO += paid_in,
 *   SubnetAlphaIn −= out, SubnetAlphaOut unchanged, the fee stays in the subnet account; the uid
 *   is appended or replaces the pruned one (its weights and bonds cleared, other rows' weight on
 *   it set to 0); Burn = clamp(Burn·BurnIncreaseMult, MinBurn, MaxBurn)
 *   per block, first: Burn = clamp(⌊Burn·f / 2³²⌋, MinBurn, MaxBurn), f^BurnHalfLife ≈ ½ (burn.ts)
 *
 * SIM-DIVERGENCE: BurnHalfLife and BurnIncreaseMult are the chain's defaults for every subnet.
 */
import { type TaoRao, alphaRao, taoRao } from '../../core/units.js';
import { refuse, type Refused } from '../errors.js';
import { bumpBurn, decayBurn, DEFAULT_BURN_HALF_LIFE, DEFAULT_BURN_INCREASE_MULT } from '../registration/burn.js';
import { DEFAULT_IMMUNE_OWNER_UIDS_LIMIT, DEFAULT_MIN_NON_IMMUNE_UIDS, neuronToPrune } from '../registration/pruning.js';
import { type ChainState, type Subnet, subnetOf } from '../state.js';
import { ROOT_NETUID } from '../staking/ledger.js';
import { MAX_PRICE, swapTaoForAlpha } from '../swap/index.js';

export interface NeuronRegistered {
  readonly ok: true;
  readonly uid: number;
  /** The burn paid. */
  readonly burn: TaoRao;
  /** The hotkey the uid was taken from (pruned), if any. */
  readonly replaced: string | undefined;
}

/** `get_neuron_to_prune` over the subnet's metagraph. */
export function uidToPrune(s: Subnet, now: number): number | undefined {
  const m = s.metagraph;
  const emission = m.emission();
  const neurons = m.hotkeys.map((hotkey, uid) => ({ uid, hotkey, owner: m.coldkeys[uid]!, emission: alphaRao(emission[uid]!), registeredAt: BigInt(m.registeredAt[uid]!) }));
  return neuronToPrune(neurons, {
    now: BigInt(now),
    immunityPeriod: s.params.immunity_period,
    subnetOwner: s.ownerColdkey,
    subnetOwnerHotkey: s.ownerHotkey,
    immuneOwnerUidsLimit: DEFAULT_IMMUNE_OWNER_UIDS_LIMIT,
    minNonImmuneUids: DEFAULT_MIN_NON_IMMUNE_UIDS,
  });
}

export function burnedRegister(c: ChainState, coldkey: string, hotkey: string, netuid: number, now: number): NeuronRegistered | Refused {
  if (netuid === ROOT_NETUID) return refuse('RegistrationNotPermittedOnRootSubnet');
  const s = subnetOf(c, netuid);
  if (s === undefined) return refuse('SubnetNotExists');
  if (!s.registrationAllowed) return refuse('SubNetRegistrationDisabled');
  const m = s.metagraph;
  if (m.uid(hotkey) !== undefined) return refuse('HotKeyAlreadyRegisteredInSubNet');
  const burn = s.burn;
  if (c.ledger.freeBalance(coldkey) < burn) return refuse('NotEnoughBalanceToStake');
  if (c.ledger.hotkeyExists(hotkey) && c.ledger.ownerOf(hotkey) !== coldkey) return refuse('NonAssociatedColdKey');
  const max = s.params.max_allowed_uids;
  if (max === 0) return refuse('NoNeuronIdAvailable');
  const prune = m.n < max ? undefined : uidToPrune(s, now);
  if (m.n >= max && prune === undefined) return refuse('NoNeuronIdAvailable');
  const buy = swapTaoForAlpha(s.pool, burn, { limitPrice: MAX_PRICE });
  if (!buy.ok) return buy;

  if (!c.ledger.hotkeyExists(hotkey)) c.ledger.createHotkey(hotkey, coldkey);
  c.ledger.debitFree(coldkey, burn);
  s.pool = buy.pool; // the bought alpha is destroyed with it: SubnetAlphaOut does not change
  c.strandedTao = taoRao(c.strandedTao + burn - buy.amountPaidIn); // the fee stays in the subnet account
  s.userFlowBlock += burn; // record_tao_inflow
  let uid: number;
  let replaced: string | undefined;
  if (prune === undefined) {
    uid = m.append(hotkey, coldkey, now);
    s.weights.push({ j: [], v: [] });
    s.bonds.push({ j: [], v: [] });
  } else {
    uid = prune;
    replaced = m.hotkeys[uid];
    // replace_neuron leaves the subnet owner's hotkey in place (pruning never picks it)
    if (replaced !== s.ownerHotkey) {
      m.replace(uid, hotkey, coldkey, now);
      s.weights = s.weights.map((row, i) => (i === uid ? { j: [], v: [] } : zeroColumn(row, uid)));
      s.bonds[uid] = { j: [], v: [] };
    }
  }
  s.burn = bumpBurn(s.burn, DEFAULT_BURN_INCREASE_MULT, { minBurn: s.params.min_burn, maxBurn: s.params.max_burn });
  return { ok: true, uid, burn, replaced };
}

/** A weight row with its entry for `uid` set to 0 (a new row: stored rows are shared, never mutated). */
function zeroColumn(row: Subnet['weights'][number], uid: number): Subnet['weights'][number] {
  for (let t = 0; t < row.j.length; t++)
    if (row.j[t] === uid) {
      const v = Array.from(row.v);
      v[t] = 0;
      return { j: row.j, v };
    }
  return row;
}

/** `update_registration_prices_for_networks` for blocks [b0, b0 + k): the burn's decay, clamped. */
export function updateRegistrationPrices(c: ChainState, b0: number, k: number): void {
  for (const s of c.subnets) {
    const bounds = { minBurn: s.params.min_burn, maxBurn: s.params.max_burn };
    let burn = s.burn;
    for (let b = b0; b < b0 + k; b++) {
      const next = decayBurn(burn, DEFAULT_BURN_HALF_LIFE, BigInt(b), bounds);
      // at the floor it stays there until the next registration (⌊min·f⌋ < min clamps back)
      if (next === burn && burn === bounds.minBurn) break;
      burn = next;
    }
    s.burn = burn;
  }
}
