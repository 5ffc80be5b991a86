/**
 * Every default a scenario can leave out, in one place, in internal units, each with its unit and
 * where the value comes from (chain file and constant, as named in shared/spec/economics.md §9 and
 * shared/spec/yuma.md §6). "taosim" marks a choice of this simulator, not a chain value.
 * scenarios/README.md lists the same values in the units a scenario file uses.
 */
import { type AlphaRao, type TaoRao, alphaRao, taoRao } from '../core/units.js';

export interface Default<T> {
  readonly value: T;
  /** The internal unit of `value`. */
  readonly unit: string;
  /** Where the value comes from. */
  readonly source: string;
}

const d = <T>(value: T, unit: string, source: string): Default<T> => Object.freeze({ value, unit, source });

/** The share rules a scenario can name (shared/spec/emission-rules.md, one per mainnet era). */
export const SHARE_RULES = ['price-ema', 'taoflow', 'net-taoflow', 'price-burn', 'price-burn-gate'] as const;
export type ShareRuleName = (typeof SHARE_RULES)[number];

export const ROOT_SELL_MODES = ['auto', 'always', 'never'] as const;
export type RootSellMode = (typeof ROOT_SELL_MODES)[number];

/** Denominators of the chain's fixed-point ratios (economics.md §0). */
export const U64_MAX_BIG = (1n << 64n) - 1n;
export const I64_MAX_BIG = (1n << 63n) - 1n;
export const Q32 = 1n << 32n;
export const Q64 = 1n << 64n;
export const PERQUINTILL = 1_000_000_000_000_000_000n;

export const RUN_DEFAULTS = {
  seed: d(0, 'integer', 'taosim: a fixed seed so a run without --seed is still reproducible'),
  block_time_seconds: d(12, 's per block', 'subtensor target block time (emission-rules.md: 12 s)'),
  blocks_per_epoch: d(360, 'blocks per simulated epoch', 'runtime/src/lib.rs INITIAL_SUBNET_TEMPO (one default tempo)'),
  start_block: d(0, 'block number', 'taosim: a genesis-like chain starts at block 0'),
  block_step: d(1, 'blocks per coinbase step', 'taosim: 1 is block-exact; K > 1 aggregates K blocks (SIM-DIVERGENCE, see README)'),
} as const;

export const NETWORK_DEFAULTS = {
  total_issuance: d<TaoRao>(taoRao(0n), 'rao', 'runtime InitialIssuance'),
  block_emission: d<TaoRao | null>(
    null,
    'rao per block, or null for the halving schedule',
    'coinbase/block_emission.rs get_block_emission_for_issuance with lib.rs DefaultBlockEmission (1e9 rao)',
  ),
  tao_weight: d(971_718_665_099_567_868n, 'u64 numerator over u64::MAX', 'runtime SubtensorInitialTaoWeight'),
  moving_alpha: d(12_885n, 'I96F32 bits (value / 2^32) per block', 'lib.rs DefaultMovingAlpha = I96F32(0.000003)'),
  max_epochs_per_block: d(2, 'epochs per block', 'runtime SubtensorMaxEpochsPerBlock (prod)'),
  root_claims_per_block: d(5, 'coldkeys auto-claimed per block (0: none)', 'lib.rs NumRootClaim default (econ §6.7, run_auto_claim_root_divs)'),
  root_sell: d<RootSellMode>('auto', 'auto | always | never', 'coinbase get_network_root_sell_flag (auto: sum of EMA prices > 1)'),
  share_rule: d<ShareRuleName>('price-burn-gate', 'rule name', 'emission-rules.md: rule live since runtime v440'),
} as const;

/** Parameters of the share rules (emission-rules.md; economics.md §3.5 and §9 "Dead-code TaoFlow parameters"). */
export const SHARE_RULE_DEFAULTS = {
  gate_exponent: d(3, 'integer exponent h', 'emission-rules.md price-burn-gate step 4 ("h = 3 unless set")'),
  gate_rank: d(32, 'rank (θ = rank-th largest positive share)', 'emission-rules.md price-burn-gate step 4'),
  gate_period_blocks: d(360, 'blocks (θ recomputed when block % period == 0)', 'emission-rules.md price-burn-gate step 4'),
  gate_threshold: d<bigint | null>(
    null,
    'U64F64 bits (value / 2^64), or null to compute θ from the initial state',
    'emission-rules.md: θ is stored between recomputes',
  ),
  flow_smoothing: d(29_597_889_189_277n, 'i64 numerator over i64::MAX, per block', 'lib.rs FlowEmaSmoothingFactor'),
  flow_cutoff: d<TaoRao>(taoRao(0n), 'rao (signed)', 'lib.rs TaoFlowCutoff'),
  flow_exponent: d(1, 'exponent p', 'lib.rs FlowNormExponent'),
} as const;

export const SUBNET_PARAM_DEFAULTS = {
  tempo: d(360, 'blocks (u16)', 'runtime/src/lib.rs INITIAL_SUBNET_TEMPO'),
  kappa: d(32_767, 'u16 (κ = value / 65535)', 'runtime/src/lib.rs:971 SubtensorInitialKappa'),
  bonds_moving_average: d(900_000, 'parts per million (α = 1 − value / 1e6)', 'runtime/src/lib.rs:988 (yuma.md §6)'),
  bonds_penalty: d(65_535, 'u16 (β = value / 65535)', 'runtime/src/lib.rs:989 (yuma.md §6)'),
  bonds_reset: d(false, 'bool', 'runtime/src/lib.rs:990 BondsResetOn (yuma.md §6)'),
  yuma3: d(true, 'bool', 'subnets/subnet.rs:319 init_new_network (Yuma3On true for new subnets)'),
  liquid_alpha: d(false, 'bool', 'lib.rs:977 DefaultLiquidAlpha'),
  alpha_low: d(45_875, 'u16 (value / 65535 ≈ 0.7)', 'lib.rs:989 DefaultAlphaValues'),
  alpha_high: d(58_982, 'u16 (value / 65535 ≈ 0.9)', 'lib.rs:989 DefaultAlphaValues'),
  alpha_sigmoid_steepness: d(1_000, 'i16 (k = value / 100)', 'runtime/src/lib.rs:970 (yuma.md §6)'),
  max_allowed_validators: d(64, 'UIDs (u16)', 'subnets/subnet.rs:316 init_new_network (runtime default 128)'),
  max_allowed_uids: d(256, 'UIDs (u16)', 'runtime/src/lib.rs:972 (yuma.md §6)'),
  min_allowed_weights: d(1, 'weights (u16)', 'subnets/subnet.rs init_new_network (runtime default 1024)'),
  activity_cutoff_factor_milli: d(13_889, '‰ of tempo (u32, 1000..50000)', 'lib.rs:1821 ActivityCutoffFactorMilli default (yuma.md §1.4)'),
  owner_cut: d(11_796, 'u16 (value / 65535 ≈ 0.18)', 'runtime SubtensorInitialSubnetOwnerCut'),
  fee_rate: d(33, 'u16 (value / 65535 ≈ 0.05%)', 'pallets/swap/src/pallet/mod.rs DefaultFeeRate'),
  immunity_period: d(5_000, 'blocks (u16)', 'subnets/subnet.rs init_new_network (runtime default 4096)'),
  // SIM-DIVERGENCE: off by default; the chain's WeightsSetRateLimit is 100 blocks, with commit–reveal
  weights_rate_limit: d(0, 'blocks (0: off)', 'runtime default WeightsSetRateLimit 100 (lib.rs); off here, as weights are set without commit–reveal'),
  burn: d<TaoRao>(taoRao(1_000_000_000n), 'rao', 'lib.rs DefaultNeuronBurnCost (set in init_new_network)'),
  min_burn: d<TaoRao>(taoRao(500_000n), 'rao', 'runtime MinBurn'),
  max_burn: d<TaoRao>(taoRao(100_000_000_000n), 'rao', 'runtime MaxBurn'),
  ema_price_halving_blocks: d(201_600, 'blocks', 'runtime InitialEmaPriceHalvingPeriod'),
} as const;

/** Initial state of an inline subnet, where the file leaves it out. */
export const SUBNET_STATE_DEFAULTS = {
  alpha_out: d<AlphaRao>(alphaRao(0n), 'alpha-rao', 'lib.rs SubnetAlphaOut storage default'),
  moving_price: d(0n, 'I96F32 bits (TAO per alpha / 2^32)', 'lib.rs DefaultMovingPrice'),
  miner_burned: d(0n, 'U96F32 bits (value / 2^32)', 'lib.rs MinerBurned storage default'),
  pool_quote_weight: d(PERQUINTILL / 2n, 'Perquintill (value / 1e18)', 'pallets/swap/src/pallet/balancer.rs default weight 0.5'),
  emission_enabled: d(true, 'bool', 'lib.rs SubnetEmissionEnabled storage default (an existing subnet)'),
  subtoken_enabled: d(true, 'bool', 'taosim: an existing subnet has called start_call (economics.md §3.1)'),
  registration_allowed: d(true, 'bool', 'taosim: burned registration open (economics.md §3.1)'),
  first_emission_block: d(
    (startBlock: number): number | null => startBlock,
    'block number, or null (not started)',
    'taosim: started when the run starts',
  ),
  last_epoch_block: d(
    (startBlock: number, netuid: number, tempo: number): number => startBlock - (tempo === 0 ? 0 : netuid % tempo),
    'block number (may be below 0: it only sets the phase of the tempo)',
    'subnets/subnet.rs init_new_network (now − netuid mod tempo)',
  ),
  owner: d((netuid: number): string => `owner-${netuid}`, 'coldkey name', 'taosim'),
} as const;

export const INITIAL_DEFAULTS = {
  root_tao: d<TaoRao>(taoRao(0n), 'rao (SubnetTAO[0])', 'lib.rs SubnetTAO storage default'),
} as const;

/** The built-in population has no chain source: these are taosim choices (an empty subnet by default). */
export const POPULATION_DEFAULTS = {
  validators: d(0, 'count', 'taosim: no built-in neurons unless asked'),
  miners: d(0, 'count', 'taosim: no built-in neurons unless asked'),
  validator_stake_kind: d('equal' as const, 'distribution', 'taosim'),
  validator_stake_total: d<AlphaRao>(alphaRao(0n), 'alpha-rao', 'taosim'),
  pareto_shape: d(1.16, 'Pareto shape (1.16 ≈ 80/20)', 'taosim'),
  lognormal_sigma: d(1, 'σ of log stake', 'taosim'),
  miner_quality_kind: d('uniform' as const, 'distribution', 'taosim'),
  quality_low: d(0, 'quality in [0,1]', 'taosim'),
  quality_high: d(1, 'quality in [0,1]', 'taosim'),
  validator_noise: d(0, 'σ of the validator view of quality', 'taosim'),
  weight_period_epochs: d(1, 'simulated epochs between weight sets', 'taosim'),
  childkey_take: d(0, 'u16 (value/65535), ≤ 11796', 'runtime childkey take default 0, max 11796 (econ §6.4, §9)'),
} as const;

/** Coldkey used by timeline stake/unstake events that name none. */
export const EVENT_COLDKEY_DEFAULT = d('scenario', 'coldkey name', 'taosim');

/** Coldkey of a built-in nominator that names none. */
export const NOMINATOR_COLDKEY_DEFAULT = d(
  (netuid: number, index: number): string => `nominator-${netuid}-${index}`,
  'coldkey name',
  'taosim',
);

/** market.tao_usd when the file gives none: behaviour.md §5 (TAO start price $250, 2025-Q2 … 2026-Q3 range $185–460). */
export const TAO_USD_DEFAULT = d(250, 'USD per TAO', 'shared/spec/behaviour.md, TAO/USD and the alpha market: start price $250');
