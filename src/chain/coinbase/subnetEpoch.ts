/**
 * One subnet's epoch as a pure function: Yuma (chain/epoch) on the storage it reads, then the
 * payout terms (chain/payout `computePayout`) of what it emitted. Applying the terms to the ledger
 * is the engine's, in the chain's order; Yuma can be computed on any thread (sim/epochPool.ts).
 * Mirrors: pallets/subtensor/src/coinbase/run_coinbase.rs (`distribute_emission`: the epoch, then the split).
 */
import { yumaPaid, type YumaInput, type YumaPaid, type YumaParams } from '../epoch/yuma.js';
import { computePayoutColumns, type DrainedPending, type PayoutParams, type PayoutReads, type PayoutTerms } from '../payout/distribute.js';
import type { Coldkey, Hotkey } from '../staking/ledger.js';

export interface EpochJob {
  readonly input: YumaInput;
  readonly params: YumaParams;
}

/** What the engine keeps of an epoch's output. */
export type EpochResult = YumaPaid;


export interface PayoutJob {
  /** The subnet's hotkeys in uid order: who the epoch's emissions are for. */
  readonly hotkeys: readonly Hotkey[];
  /** `Owner[h]` of each, as the subnet's neurons hold it (saves the payout a ledger lookup per uid). */
  readonly owners: readonly Coldkey[];
  /** The uids in ascending hotkey order (the payout's order; saves it a sort). */
  readonly uidsByName: readonly number[];
  readonly pending: DrainedPending;
  readonly params: PayoutParams;
  readonly reads: PayoutReads;
}

export interface SubnetEpochJob {
  readonly epoch: EpochJob;
  readonly payout: PayoutJob;
}

export interface SubnetEpochResult {
  readonly epoch: EpochResult;
  readonly terms: PayoutTerms;
}

export function runEpochJob(job: EpochJob): EpochResult {
  return yumaPaid(job.input, job.params);
}

export function runSubnetEpoch(job: SubnetEpochJob): SubnetEpochResult {
  const epoch = runEpochJob(job.epoch);
  return { epoch, terms: payoutTermsOf(job.payout, epoch) };
}

/** The payout terms of what an epoch emitted. */
export function payoutTermsOf(job: PayoutJob, epoch: EpochResult): PayoutTerms {
  const { hotkeys, owners, uidsByName, pending, params, reads } = job;
  return computePayoutColumns(reads, { hotkeys, owners, incentive: epoch.serverEmission, dividend: epoch.validatorEmission }, pending, params, uidsByName);
}
