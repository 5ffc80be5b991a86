/**
 * Neuron immunity and the choice of the uid to replace. Mirrors subtensor
 * `pallets/subtensor/src/subnets/registration.rs` (`get_immune_owner_tuples`,
 * `get_neuron_to_prune`) and `utils/misc.rs` (`get_neuron_is_immune`); shared/spec/economics.md §8.3.
 *
 *   immune(uid)   ⇔ now − BlockAtRegistration[uid] < ImmunityPeriod          (saturating)
 *   immortal keys = the owner coldkey's hotkeys with a uid, by (registration block, uid) ascending,
 *                   first ImmuneOwnerUidsLimit; SubnetOwnerHotkey put first if missing, truncated again
 *   candidates    = lowest Emission, then earliest registration, then lowest uid, among the
 *                   non-immortal uids, separately for immune and non-immune
 *   prune the best non-immune if #non-immune > MinNonImmuneUids, else the best immune (none ⇒ undefined)
 */
import type { AlphaRao } from '../../core/units.js';
import type { Coldkey, Hotkey } from '../staking/ledger.js';

export const DEFAULT_IMMUNITY_PERIOD = 5000;
export const DEFAULT_IMMUNE_OWNER_UIDS_LIMIT = 1;
export const DEFAULT_MIN_NON_IMMUNE_UIDS = 10;

export interface Neuron {
  readonly uid: number;
  readonly hotkey: Hotkey;
  /** The hotkey's owner coldkey. */
  readonly owner: Coldkey;
  /** `Emission[uid]` of the last epoch. */
  readonly emission: AlphaRao;
  readonly registeredAt: bigint;
}

export interface PruneParams {
  readonly now: bigint;
  readonly immunityPeriod: number;
  readonly subnetOwner: Coldkey | undefined;
  readonly subnetOwnerHotkey: Hotkey | undefined;
  readonly immuneOwnerUidsLimit: number;
  readonly minNonImmuneUids: number;
}

/** `get_neuron_is_immune`. */
export const isImmune = (registeredAt: bigint, now: bigint, immunityPeriod: number): boolean =>
  (now > registeredAt ? now - registeredAt : 0n) < BigInt(immunityPeriod);

/** `get_immune_owner_tuples`: the owner's immortal (uid, hotkey) pairs. */
export function immuneOwnerUids(neurons: readonly Neuron[], p: PruneParams): { uid: number; hotkey: Hotkey }[] {
  const owned = neurons
    .filter((n) => p.subnetOwner !== undefined && n.owner === p.subnetOwner)
    .sort((a, b) => (a.registeredAt !== b.registeredAt ? (a.registeredAt < b.registeredAt ? -1 : 1) : a.uid - b.uid))
    .slice(0, p.immuneOwnerUidsLimit)
    .map((n) => ({ uid: n.uid, hotkey: n.hotkey }));
  const ownerNeuron = neurons.find((n) => n.hotkey === p.subnetOwnerHotkey);
  if (ownerNeuron !== undefined && !owned.some((t) => t.uid === ownerNeuron.uid && t.hotkey === ownerNeuron.hotkey)) {
    owned.unshift({ uid: ownerNeuron.uid, hotkey: ownerNeuron.hotkey });
    owned.length = Math.min(owned.length, p.immuneOwnerUidsLimit);
  }
  return owned;
}

/** `get_neuron_to_prune`: the uid a new registration replaces, or undefined (`NoNeuronIdAvailable`). */
export function neuronToPrune(neurons: readonly Neuron[], p: PruneParams): number | undefined {
  const immortal = new Set(immuneOwnerUids(neurons, p).map((t) => t.hotkey));
  const better = (a: Neuron, b: Neuron): boolean =>
    a.emission !== b.emission ? a.emission < b.emission : a.registeredAt !== b.registeredAt ? a.registeredAt < b.registeredAt : a.uid < b.uid;
  let free = 0;
  let bestNonImmune: Neuron | undefined;
  let bestImmune: Neuron | undefined;
  for (const n of [...neurons].sort((a, b) => a.uid - b.uid)) {
    if (immortal.has(n.hotkey)) continue;
    if (isImmune(n.registeredAt, p.now, p.immunityPeriod)) {
      if (bestImmune === undefined || better(n, bestImmune)) bestImmune = n;
    } else {
      free++;
      if (bestNonImmune === undefined || better(n, bestNonImmune)) bestNonImmune = n;
    }
  }
  if (free > p.minNonImmuneUids && bestNonImmune !== undefined) return bestNonImmune.uid;
  return bestImmune?.uid;
}
