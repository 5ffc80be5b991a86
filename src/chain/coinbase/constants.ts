/**
 * Chain defaults used by the coinbase, each with the subtensor item it comes from
 * (shared/spec/economics.md §9, subtensor HEAD 14bc6f9f9). Fixed-point values are raw bigints:
 * U64F64 / I64F64 scaled by 2^64, U96F32 / I96F32 scaled by 2^32.
 */
import { fromF64, I96F32 } from '../../core/fixed.js';

/** lib.rs `TotalSupply`; `coinbase/tao.rs` `MAX_TAO_ISSUANCE`: 21M TAO in rao. */
export const TOTAL_SUPPLY = 21_000_000_000_000_000n;
/** lib.rs `DefaultBlockEmission`: 1 TAO (and 1 alpha per subnet) per block before any halving. */
export const DEFAULT_BLOCK_EMISSION = 1_000_000_000n;

/** runtime `SubtensorInitialTaoWeight`: raw u64, divided by u64::MAX (≈ 0.05268). */
export const DEFAULT_TAO_WEIGHT_RAW = 971_718_665_099_567_868n;
/**
 * The live governance TaoWeight 0.18 as raw u64 (floor(0.18·u64::MAX)); the value the subtensor
 * test `test_root_proportion` uses and the one mainnet data needs (emission-rules.md, Check B).
 */
export const LIVE_TAO_WEIGHT_RAW = 3_320_413_933_267_719_290n;

/** runtime `SubtensorInitialSubnetOwnerCut`: 11_796 / 65535 ≈ 18%. */
export const DEFAULT_SUBNET_OWNER_CUT_U16 = 11_796;

/** lib.rs `DefaultMovingAlpha`: I96F32(0.000003) = 12885·2^-32. */
export const DEFAULT_MOVING_ALPHA = fromF64(I96F32, 0.000003);
/** runtime `InitialEmaPriceHalvingPeriod`: blocks for the EMA warm-up b/(b+H). */
export const DEFAULT_EMA_PRICE_HALVING_BLOCKS = 201_600n;

/**
 * Hill gate (runtime v440+, after the spec's HEAD; shared/spec/emission-rules.md step 4 and
 * shared/data/mainnet/README.md): exponent h = 3 when `EmissionGateExponent` is unset; θ is the
 * 32nd-largest positive burn-weighted share, recomputed when block % 360 == 0.
 */
export const DEFAULT_GATE_EXPONENT = 3;
export const DEFAULT_GATE_BAR_RANK = 32;
export const GATE_BAR_UPDATE_INTERVAL = 360n;

/**
 * lib.rs `DefaultFlowEmaSmoothingFactor` (Taoflow era; dead code at HEAD): a = 29_597_889_189_277
 * / i64::MAX ≈ 3.209e-6, a half-life of 216_000 blocks.
 */
export const DEFAULT_FLOW_EMA_SMOOTHING_FACTOR = 29_597_889_189_277n;
export const I64_MAX = (1n << 63n) - 1n;
/** lib.rs `DefaultTaoFlowCutoff` (I64F64 raw) and `DefaultFlowNormExponent` (1). */
export const DEFAULT_TAO_FLOW_CUTOFF = 0n;
export const DEFAULT_FLOW_NORM_EXPONENT = 1;
