/**
 * The resolved scenario's types: what the resolver produces and the simulation reads. Kept apart
 * from the resolver so that sim/ imports the shapes without the merging, defaults and hashing.
 */
import type { ShareRule, SubnetParams } from '../chain/state.js';
import type { AlphaRao, TaoRao } from '../core/units.js';
import type { Distribution } from '../agents/params.js';
import type { AgentClass } from '../agents/classes.js';
import type { RootSellMode } from './defaults.js';
import type { NETWORK_PARAM_FIELDS, SUBNET_FLAG_FIELDS } from './schema.js';

export type { ShareRule, SubnetParams };

export type ValidatorStake =
  | { readonly kind: 'equal'; readonly total: AlphaRao }
  | { readonly kind: 'pareto'; readonly total: AlphaRao; readonly shape: number }
  | { readonly kind: 'lognormal'; readonly total: AlphaRao; readonly sigma: number };

export type MinerQuality =
  | { readonly kind: 'uniform'; readonly low: number; readonly high: number }
  | { readonly kind: 'beta'; readonly a: number; readonly b: number }
  | { readonly kind: 'constant'; readonly value: number };

export interface Nominator {
  readonly coldkey: string;
  /** Index of the validator (in the population's validator list) the nominator stakes to. */
  readonly validator: number;
  readonly amount: AlphaRao;
}

export interface Population {
  readonly validators: number;
  readonly miners: number;
  readonly validator_stake: ValidatorStake;
  readonly miner_quality: MinerQuality;
  readonly validator_noise: number;
  readonly weight_period_epochs: number;
  readonly nominators: readonly Nominator[];
  /** Childkey links among this subnet's validators (indices), proportion over u64::MAX. */
  readonly children: readonly ChildLinkSpec[];
  /** ChildkeyTake of every child, u16. */
  readonly childkey_take: number;
}

export interface ChildLinkSpec {
  readonly parent: number;
  readonly child: number;
  /** Numerator over u64::MAX. */
  readonly proportion: bigint;
}

/** Fixed-point fields hold the chain's representation; the unit of each is in defaults.ts. */
export interface SubnetState {
  readonly netuid: number;
  readonly tao_in: TaoRao;
  readonly alpha_in: AlphaRao;
  readonly alpha_out: AlphaRao;
  /** I96F32 bits. */
  readonly moving_price: bigint;
  /** U96F32 bits. */
  readonly miner_burned: bigint;
  /** Perquintill. */
  readonly pool_quote_weight: bigint;
  readonly emission_enabled: boolean;
  readonly subtoken_enabled: boolean;
  readonly registration_allowed: boolean;
  readonly first_emission_block: number | null;
  readonly last_epoch_block: number;
  readonly owner: string;
}

export interface ResolvedSubnet extends SubnetState {
  readonly params: SubnetParams;
  readonly population: Population;
}

export interface NetworkParams {
  readonly block_emission: TaoRao | null;
  /** Numerator over u64::MAX. */
  readonly tao_weight: bigint;
  /** I96F32 bits. */
  readonly moving_alpha: bigint;
  readonly max_epochs_per_block: number;
  /** NumRootClaim: coldkeys whose root dividends are claimed (swapped to root TAO) per block. */
  readonly root_claims_per_block: number;
  readonly root_sell: RootSellMode;
}

export interface ResolvedNetwork extends NetworkParams {
  readonly total_issuance: TaoRao;
  readonly share_rule: ShareRule;
}

export interface ResolvedRun {
  readonly epochs: number;
  /** As written, when the file gave days instead of epochs. */
  readonly days: string | null;
  readonly block_time_seconds: number;
  readonly blocks_per_epoch: number;
  /** Blocks per coinbase step: 1 is block-exact. */
  readonly block_step: number;
  readonly start_block: number;
  readonly total_blocks: number;
}

export interface InlineInitial {
  readonly kind: 'inline';
  readonly root_tao: TaoRao;
  /** Ascending netuid. */
  readonly subnets: readonly ResolvedSubnet[];
}

/** Per-netuid changes applied on top of a snapshot: only the state the file gave, all parameters. */
export interface SnapshotOverride {
  readonly netuid: number;
  readonly state: Partial<Omit<SubnetState, 'netuid'>>;
  readonly params: SubnetParams;
  readonly population: Population;
}

export interface SnapshotInitial {
  readonly kind: 'snapshot';
  /** Absolute path, for the reader. */
  readonly path: string;
  /** As written in the scenario file. */
  readonly file: string;
  readonly sha256: string;
  /** null: as in the snapshot. */
  readonly root_tao: TaoRao | null;
  readonly uids_per_subnet: number | null;
  /** Ascending netuid; subnets not listed take subnet_defaults. */
  readonly overrides: readonly SnapshotOverride[];
}

export type SubnetParamKey = keyof SubnetParams | keyof typeof SUBNET_FLAG_FIELDS;
export type NetworkParamKey = keyof typeof NETWORK_PARAM_FIELDS;

/** `index`: position in the file's events list. Stake/unstake `validator` null: the subnet owner's hotkey. */
export type ResolvedEvent = { readonly index: number; readonly at_epoch: number } & (
  | { readonly kind: 'stake'; readonly coldkey: string; readonly netuid: number; readonly validator: number | null; readonly amount: TaoRao }
  | { readonly kind: 'unstake'; readonly coldkey: string; readonly netuid: number; readonly validator: number | null; readonly amount: AlphaRao }
  | { readonly kind: 'set_param'; readonly scope: 'subnet'; readonly netuid: number; readonly key: SubnetParamKey; readonly value: number | boolean | bigint }
  | { readonly kind: 'set_param'; readonly scope: 'network'; readonly key: NetworkParamKey; readonly value: number | bigint | string | null }
  | { readonly kind: 'set_share_rule'; readonly share_rule: ShareRule }
  | { readonly kind: 'burned_register'; readonly coldkey: string; readonly hotkey: string; readonly netuid: number }
  | { readonly kind: 'register_network'; readonly coldkey: string; readonly hotkey: string }
  | { readonly kind: 'start_call'; readonly netuid: number }
);

/** An agent population: its strategy's every parameter as a distribution (defaults filled in). */
export interface ResolvedPopulation {
  /** Position in the file's populations list. */
  readonly index: number;
  readonly name: string;
  readonly class: AgentClass;
  readonly strategy: string;
  readonly count: number | 'per_subnet';
  readonly subnets: 'all' | readonly number[] | { readonly top: number; readonly by: 'tao_in' | 'moving_price' | 'alpha_out' };
  /** Sorted by name. */
  readonly params: Readonly<Record<string, Distribution>>;
}

/** USD per TAO over the run. */
export type TaoUsd =
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'gbm'; readonly start: number; readonly drift: number; readonly volatility: number };

export interface ResolvedScenario {
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  readonly run: ResolvedRun;
  readonly network: ResolvedNetwork;
  readonly subnet_defaults: { readonly params: SubnetParams; readonly population: Population };
  readonly initial: InlineInitial | SnapshotInitial;
  /** By at_epoch; events of one epoch in file order (`index`). */
  readonly events: readonly ResolvedEvent[];
  /** In file order. */
  readonly populations: readonly ResolvedPopulation[];
  readonly market: { readonly tao_usd: TaoUsd };
}

