/**
 * What a policy sees: a read-only view of the world at a step boundary, computed once per step
 * and shared by every policy; what is costly (histories, validator rankings) is computed on first
 * read. Views, not copies: the types are readonly all the way down, and the arrays are frozen.
 * Prices and yields are floats: they feed behaviour, never money.
 */
import type { TaoRao, AlphaRao } from '../core/units.js';
import type { BuiltinSubnet } from './population.js';

export interface SubnetView {
  readonly netuid: number;
  readonly ownerHotkey: string;
  readonly ownerColdkey: string;
  /** By uid. */
  readonly hotkeys: readonly string[];
  readonly population: BuiltinSubnet;
  /** Spot price, TAO per alpha. */
  readonly price: number;
  /** SubnetMovingPrice, TAO per alpha. */
  readonly movingPrice: number;
  readonly taoIn: TaoRao;
  readonly alphaIn: AlphaRao;
  readonly alphaOut: AlphaRao;
  /** The subnet's last share of block emission, in [0, 1]. */
  readonly emissionShare: number;
  /** Its owner's cut of the subnet's emission (`SubnetOwnerCut` / 65535). */
  readonly ownerCut: number;
  /** The neuron registration burn now. */
  readonly burn: TaoRao;
  readonly immunityPeriod: number;
  readonly uids: number;
  readonly maxUids: number;
  readonly validators: number;
  readonly miners: number;
  readonly registeredAt: number;
  readonly subtokenEnabled: boolean;
  /** Alpha paid to stake (validators and their nominators) per staked alpha over the last step. */
  readonly stakerYield: number;
  /** TAO value of the miners' emission per miner uid over the last step. */
  readonly minerRewardPerUidTao: number;
  /** Spot prices of the last `n` steps (fewer at the start), oldest first, this step's last. */
  history(n: number): readonly number[];
  /** The validator hotkey a nominator picks here: the largest by stake (the owner's if none). */
  readonly topValidator: string;
  /** The built-in population's validators here, largest stake first (uid breaking ties). */
  readonly validatorsByStake: readonly string[];
  /**
   * `Weights` of a hotkey's uid as stored on chain now (uids ascending in the row's order, u16
   * values), or undefined if it holds no uid. Read at decide time: a weight set earlier in the
   * step (the built-in validators') is already there.
   */
  weightsOf(hotkey: string): { readonly uids: readonly number[]; readonly values: readonly number[] } | undefined;
}

export interface NetworkView {
  readonly issuance: TaoRao;
  readonly blockEmission: TaoRao;
  /** USD per TAO (market.tao_usd). */
  readonly taoUsd: number;
  readonly subnetCount: number;
  /** What register_network costs now. */
  readonly lockCost: TaoRao;
  readonly rootTao: TaoRao;
  /** TAO value of root's dividends per root TAO over the last step. */
  readonly rootYield: number;
  /** The root validator a root staker picks: the largest by root stake. */
  readonly rootValidator: string;
  /** Blocks per step (one decide per step). */
  readonly blocksPerStep: number;
  /** DefaultMinStake: the smallest stake or unstake the chain accepts. */
  readonly minStake: TaoRao;
}

export interface Observation {
  readonly epoch: number;
  /** The last block applied; the step's actions land in the next one. */
  readonly block: number;
  /** Ascending netuid. */
  readonly subnets: readonly SubnetView[];
  readonly network: NetworkView;
  subnet(netuid: number): SubnetView | undefined;
}

/** One agent's own holdings, as its strategy sees them (never another agent's). */
export interface AgentView {
  readonly id: string;
  readonly coldkey: string;
  readonly hotkeys: readonly string[];
  readonly freeTao: TaoRao;
  /** Its stakes, ascending (netuid, hotkey); zero stakes left out. */
  readonly positions: readonly { readonly hotkey: string; readonly netuid: number; readonly alpha: AlphaRao }[];
  /** The uids its hotkeys hold. */
  readonly uids: readonly { readonly netuid: number; readonly uid: number; readonly hotkey: string }[];
  /** The subnets its population was given (ascending), and the one assigned to it. */
  readonly subnets: readonly number[];
  readonly home: number;
  /** The built-in validator's hotkey it took over (a validator strategy's), if any. */
  readonly validatorHotkey?: string;
  /** Cumulative, rao. */
  readonly rewardsTao: bigint;
  readonly costsTao: bigint;
}
