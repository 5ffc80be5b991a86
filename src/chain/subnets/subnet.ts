/**
 * `register_network`, `dissolve_network` and `start_call`: a subnet made for the lock cost (the
 * subnet pruned first at the limit), a subnet dissolved pro rata, a subnet's emission started;
 * the chain's checks in the chain's order (shared/spec/economics.md §8.1, §8.4).
 * Mirrors: pallets/subtensor/src/subnets/subnet.rs (`do_register_network`, `init_new_network`,
 * `do_start_call`), coinbase/root.rs (`do_dissolve_network`, `get_network_lock_cost`,
 * `get_network_to_prune`) and staking/remove_stake.rs (`destroy_alpha_in_out_stakes`).
 *
 * register_network:
 *   1 the hotkey is new or the coldkey's                       → NonAssociatedColdKey
 *   2 now − NetworkLastRegistered ≥ NetworkRateLimit (or never) → NetworkTxRateLimitExceeded
 *   3 fewer than SubnetLimit subnets, or one out of immunity   → SubnetLimitReached
 *   4 free(c) ≥ lock = max(min_lock, 2·last_lock − decay)     → CannotAffordLockCost
 *   dissolve the pruned subnet; netuid = its netuid, or the lowest free one; the whole lock is
 *   the pool's TAO, its alpha = ⌊lock / median spot price⌋ (U64F64), SubnetAlphaOut = 0; the owner's
 *   hotkey is uid 0; SubnetEmissionEnabled = false and SubtokenEnabled = false (until start_call)
 * dissolve: SubnetTAO paid pro rata to the stakers' free balances (registration/dissolve.ts), the
 *   protocol's part recycled; every pool, childkey and root-claim entry of the subnet removed
 * start_call (the owner): FirstEmissionBlockNumber unset → FirstEmissionBlockNumberAlreadySet;
 *   then FirstEmissionBlockNumber = now + 1, SubtokenEnabled = true
 *
 * SIM-DIVERGENCE: taosim keeps SubnetProtocolAlpha together with the other alpha nobody in the
 * model holds (`unowned`); all of it takes the protocol's part of a dissolved pot, recycled.
 * TaoInRefundDeploymentBlock is the run's start block: the initial state's subnets are older. Root
 * validators are not made pending parents of a new owner hotkey. TAO stranded in the dissolved
 * subnet's account stays stranded (not recycled).
 */
import { U64F64, fromInt, safeDiv, toU64 } from '../../core/fixed.js';
import { type TaoRao, alphaRao, taoRao } from '../../core/units.js';
import { refuse, type Refused } from '../errors.js';
import { blockEmission } from '../coinbase/blockEmission.js';
import { applyDissolve, computeDissolve, type DissolveTerms } from '../registration/dissolve.js';
import { NEW_SUBNET_NEURON_BURN } from '../registration/burn.js';
import {
  DEFAULT_SUBNET_LIMIT,
  lockReductionInterval,
  medianSubnetAlphaPrice,
  NETWORK_IMMUNITY_PERIOD,
  NETWORK_LOCK_REDUCTION_INTERVAL,
  NETWORK_MIN_LOCK_COST,
  networkLockCost,
  networkRegistrationSlot,
} from '../registration/network.js';
import { NO_PENDING, type ChainState, type Subnet, type SubnetParams, subnetOf } from '../state.js';
import { createPool, currentPrice } from '../swap/index.js';
import { Metagraph } from './metagraph.js';

/** `NetworkRateLimit` (runtime): blocks between two subnet registrations, by anyone. */
export const NETWORK_RATE_LIMIT = 7_200;
/** `DefaultTempo`. */
export const DEFAULT_TEMPO = 360;

export interface NetworkRegistered {
  readonly ok: true;
  readonly netuid: number;
  readonly lock: TaoRao;
  /** The subnet dissolved to make room, with what it paid out. */
  readonly dissolved: DissolveTerms | undefined;
}

/** `get_network_lock_cost` now. */
export function lockCost(c: ChainState, now: number): TaoRao {
  const e = c.network.blockEmission ?? blockEmission(c.issuance);
  return networkLockCost({
    lastLock: c.network.lastLockCost,
    minLock: NETWORK_MIN_LOCK_COST,
    lastLockBlock: BigInt(c.network.lastLockBlock),
    now: BigInt(now),
    reductionInterval: lockReductionInterval(NETWORK_LOCK_REDUCTION_INTERVAL, e),
  });
}

const subnetInfos = (c: ChainState) => c.subnets.map((s) => ({ netuid: s.netuid, registeredAt: BigInt(s.registeredAt), movingPrice: s.movingPrice }));

/**
 * `register_network` by `coldkey` with `hotkey` as the owner's; `params`: the new subnet's
 * hyperparameters before `init_new_network` sets its own (the scenario's subnet defaults).
 */
export function registerNetwork(c: ChainState, coldkey: string, hotkey: string, now: number, params: SubnetParams): NetworkRegistered | Refused {
  if (c.ledger.hotkeyExists(hotkey) && c.ledger.ownerOf(hotkey) !== coldkey) return refuse('NonAssociatedColdKey');
  if (c.network.lastLockBlock !== 0 && now - c.network.lastLockBlock < NETWORK_RATE_LIMIT) return refuse('NetworkTxRateLimitExceeded');
  const slot = networkRegistrationSlot(subnetInfos(c), DEFAULT_SUBNET_LIMIT, BigInt(now), NETWORK_IMMUNITY_PERIOD);
  if (!slot.ok) return refuse(slot.error);
  const lock = lockCost(c, now);
  if (c.ledger.freeBalance(coldkey) < lock) return refuse('CannotAffordLockCost');

  const dissolved = slot.prune === undefined ? undefined : dissolveNetwork(c, slot.prune);
  let netuid = slot.prune ?? 1;
  if (slot.prune === undefined) while (subnetOf(c, netuid) !== undefined) netuid++;
  const median = medianSubnetAlphaPrice(c.subnets.map((s) => currentPrice(s.pool)));
  c.ledger.debitFree(coldkey, lock);
  c.network.lastLockCost = lock;
  c.network.lastLockBlock = now;
  if (!c.ledger.hotkeyExists(hotkey)) c.ledger.createHotkey(hotkey, coldkey);
  const poolTao = lock < NETWORK_MIN_LOCK_COST ? NETWORK_MIN_LOCK_COST : lock;
  const p: SubnetParams = {
    ...params, tempo: DEFAULT_TEMPO, max_allowed_uids: 256, max_allowed_validators: 64, min_allowed_weights: 1, immunity_period: 5000, yuma3: true, burn: NEW_SUBNET_NEURON_BURN,
  };
  const subnet: Subnet = {
    netuid, params: p,
    pool: createPool({ taoReserve: poolTao, alphaReserve: toU64(U64F64, safeDiv(U64F64, fromInt(U64F64, poolTao), median)), feeRate: p.fee_rate }),
    alphaOut: alphaRao(0n), movingPrice: 0n, minerBurned: 0n, burn: NEW_SUBNET_NEURON_BURN, registeredAt: now,
    emissionEnabled: false, subtokenEnabled: false, registrationAllowed: true, firstEmissionBlock: null,
    lastEpochBlock: now - (netuid % DEFAULT_TEMPO), blocksSinceLastStep: 0, pendingEpochAt: 0, lastMechanismStepBlock: 0,
    pending: NO_PENDING(), unowned: alphaRao(0n), ownerColdkey: coldkey, ownerHotkey: hotkey,
    metagraph: new Metagraph([{ hotkey, coldkey }], now, [false]),
    weights: [{ j: [], v: [] }], bonds: [{ j: [], v: [] }],
    userFlowEma: 0n, protocolFlowEma: 0n, userFlowBlock: 0n, protocolFlowBlock: 0n,
  };
  const at = c.subnets.findIndex((s) => s.netuid > netuid);
  c.subnets.splice(at < 0 ? c.subnets.length : at, 0, subnet);
  return { ok: true, netuid, lock, dissolved };
}

/** `do_dissolve_network` (root-only on the chain; here the step before a registration at the limit). */
export function dissolveNetwork(c: ChainState, netuid: number): DissolveTerms {
  const k = c.subnets.findIndex((s) => s.netuid === netuid);
  const s = c.subnets[k]!;
  const terms = computeDissolve(c.ledger, {
    netuid,
    pot: s.pool.taoReserve,
    subnetAlphaIn: s.pool.alphaReserve,
    protocolAlpha: s.unowned,
    registeredAt: BigInt(s.registeredAt),
    taoInRefundDeploymentBlock: BigInt(c.network.taoInRefundDeploymentBlock),
  });
  applyDissolve(c.ledger, terms);
  c.issuance = taoRao(c.issuance - terms.recycled);
  c.recycledTao = taoRao(c.recycledTao + terms.recycled);
  c.subnets.splice(k, 1);
  return terms;
}

/** `start_call` by the subnet's owner coldkey (the chain's refusal of anyone else is `BadOrigin`). */
export function startCall(c: ChainState, coldkey: string, netuid: number, now: number): { ok: true } | Refused {
  const s = subnetOf(c, netuid);
  if (s === undefined) return refuse('SubnetNotExists');
  if (s.ownerColdkey !== coldkey) return refuse('NotSubnetOwner');
  if (s.firstEmissionBlock !== null) return refuse('FirstEmissionBlockNumberAlreadySet');
  s.firstEmissionBlock = BigInt(now + 1);
  s.subtokenEnabled = true;
  return { ok: true };
}
