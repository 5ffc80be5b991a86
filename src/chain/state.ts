/**
 * The chain's storage as the simulation keeps it: what every extrinsic and per-block step of
 * chain/ reads and writes, and nothing of the agents or the reporters.
 * Mirrors the storage items of pallets/subtensor/src/lib.rs named beside each field.
 *
 * Who owns TAO (invariants.ts checks it every block):
 *   issuance = off-model TAO + Σ SubnetTAO + root TAO + Σ free balances + author fees + stranded
 * Alpha of subnet i:
 *   SubnetAlphaOut_i = Σ ledger stake on i + pending buckets + unclaimed root alpha + unowned_i
 * where unowned_i is alpha nobody in the model holds (off-model holders at the start,
 * SubnetProtocolAlpha from chain buys, burned incentive, dust and stranded payout remainders).
 */
import type { SubnetHyperparams } from './epoch/yuma.js';
import type { Ledger } from './staking/ledger.js';
import type { Pool } from './swap/pool.js';
import type { Metagraph } from './subnets/metagraph.js';
import type { SparseMatrix } from '../math/sparse.js';
import type { AlphaRao, TaoRao } from '../core/units.js';

/** A subnet's hyperparameters: the epoch's (`SubnetHyperparams`) and the rest of the chain's. */
export interface SubnetParams extends SubnetHyperparams {
  readonly bonds_moving_average: number;
  readonly bonds_reset: boolean;
  readonly max_allowed_uids: number;
  readonly min_allowed_weights: number;
  readonly activity_cutoff_factor_milli: number;
  readonly owner_cut: number;
  readonly fee_rate: number;
  readonly immunity_period: number;
  /** `WeightsSetRateLimit`, blocks (0: off). */
  readonly weights_rate_limit: number;
  readonly burn: TaoRao;
  readonly min_burn: TaoRao;
  readonly max_burn: TaoRao;
  readonly ema_price_halving_blocks: number;
}

/** The subnet share rule in force (coinbase/shares.ts): the chain's eras of it. */
export type ShareRule =
  | { readonly rule: 'price-ema' | 'price-burn' }
  | {
      readonly rule: 'price-burn-gate';
      readonly gate_exponent: number;
      readonly gate_rank: number;
      readonly gate_period_blocks: number;
      /** U64F64 bits, or null: compute θ from the state at the start. */
      readonly gate_threshold: bigint | null;
    }
  | {
      readonly rule: 'taoflow' | 'net-taoflow';
      /** Numerator over i64::MAX. */
      readonly flow_smoothing: bigint;
      readonly flow_cutoff: TaoRao;
      readonly flow_exponent: number;
    };

/** `PendingServerEmission`, `PendingValidatorEmission`, `PendingRootAlphaDivs`, `PendingOwnerCut`. */
export interface Pending {
  server: AlphaRao;
  validator: AlphaRao;
  root: AlphaRao;
  ownerCut: AlphaRao;
}

export const NO_PENDING = (): Pending => ({ server: 0n as AlphaRao, validator: 0n as AlphaRao, root: 0n as AlphaRao, ownerCut: 0n as AlphaRao });

export interface Subnet {
  readonly netuid: number;
  params: SubnetParams;
  /** `SubnetTAO`, `SubnetAlphaIn` and the pool's weights and fee. */
  pool: Pool;
  /** `SubnetAlphaOut`. */
  alphaOut: AlphaRao;
  /** `SubnetMovingPrice`, I96F32 raw. */
  movingPrice: bigint;
  /** `MinerBurned`, U32F32 raw. */
  minerBurned: bigint;
  /** `SubnetEmissionEnabled`, `SubtokenEnabled`, `NetworkRegistrationAllowed`. */
  emissionEnabled: boolean;
  subtokenEnabled: boolean;
  registrationAllowed: boolean;
  /** `FirstEmissionBlockNumber`. */
  firstEmissionBlock: bigint | null;
  /** `LastEpochBlock`, `BlocksSinceLastStep`, the pending epoch flag, `LastMechansimStepBlock`. */
  lastEpochBlock: number;
  blocksSinceLastStep: number;
  pendingEpochAt: number;
  lastMechanismStepBlock: number;
  pending: Pending;
  unowned: AlphaRao;
  /** `Burn`: the neuron registration price, decaying every block, bumped by each registration. */
  burn: TaoRao;
  /** `NetworkRegisteredAt`. */
  readonly registeredAt: number;
  /** `SubnetOwner`, `SubnetOwnerHotkey`. */
  readonly ownerColdkey: string;
  readonly ownerHotkey: string;
  readonly metagraph: Metagraph;
  /** `Weights`, `Bonds` by uid. */
  weights: SparseMatrix;
  bonds: SparseMatrix;
  /** The flow rules' EMAs and this block's flows (`record_tao_inflow` / `record_tao_outflow`). */
  userFlowEma: bigint;
  protocolFlowEma: bigint;
  userFlowBlock: bigint;
  /** TAO the protocol put in this block: tao_in plus chain buys (for net-taoflow). */
  protocolFlowBlock: bigint;
}

export interface Network {
  /** Fixed block emission, or null: the halving schedule from the issuance. */
  blockEmission: TaoRao | null;
  /** `TaoWeight`, numerator over u64::MAX. */
  taoWeight: bigint;
  /** `SubnetMovingAlpha`, I96F32 raw. */
  movingAlpha: bigint;
  maxEpochsPerBlock: number;
  /** `NumRootClaim`. */
  rootClaimsPerBlock: number;
  rootSell: 'auto' | 'always' | 'never';
  shareRule: ShareRule;
  /** The price-burn gate's θ, U64F64 raw. */
  gateBar: bigint;
  /** `NetworkLastLockCost`. */
  lastLockCost: TaoRao;
  /** `LastRateLimitedBlock[NetworkLastRegistered]` (0: never). */
  lastLockBlock: number;
  /** `TaoInRefundDeploymentBlock`. */
  taoInRefundDeploymentBlock: number;
}

export interface ChainState {
  block: number;
  /** `TotalIssuance`. */
  issuance: TaoRao;
  authorFees: TaoRao;
  /** TAO left in subnet accounts outside SubnetTAO. */
  strandedTao: TaoRao;
  /** Cumulative TAO recycled (unspent coinbase credit): it left the issuance. */
  recycledTao: TaoRao;
  /** Root's `SubnetTAO`, 1:1. */
  rootPool: Pool;
  readonly ledger: Ledger;
  /** The take rate limits' last blocks: `LastTxBlockDelegateTake` by hotkey, `TransactionKeyLastBlock` of childkey takes by (hotkey, netuid). */
  readonly takeChanged: Map<string, number>;
  /** `NetworksAdded` but root, ascending netuid. */
  readonly subnets: Subnet[];
  readonly network: Network;
}

/** `if_subnet_exist`, for a non-root netuid (the subnets are kept in ascending netuid). */
export function subnetOf(c: ChainState, netuid: number): Subnet | undefined {
  const xs = c.subnets;
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]!.netuid < netuid) lo = mid + 1;
    else hi = mid;
  }
  return xs[lo]?.netuid === netuid ? xs[lo] : undefined;
}
