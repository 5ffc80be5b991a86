/**
 * Per-subnet injection terms and the per-block split of alpha_out. Mirrors subtensor
 * `pallets/subtensor/src/coinbase/run_coinbase.rs` (`get_subnet_terms`, `emit_to_subnets`,
 * `get_network_root_sell_flag`) and `coinbase/block_step.rs::root_proportion`
 * (shared/spec/economics.md §4.1, §4.3, §6.1). All arithmetic in U96F32 raw (scaled by 2^32):
 *
 *   tw          = TaoWeight / u64::MAX
 *   ρ_i         = (T0·tw) / (T0·tw + A_i)                    (0 if the divisor is 0)
 *   alphaOut_i  = alphaEmission(A_i)
 *   alphaIn_i   = e_i / p_i                                  (0 if p_i = 0)
 *   cap_i       = ρ_i · alphaOut_i
 *   if alphaIn_i > cap_i: alphaIn_i = cap_i, taoIn_i = alphaIn_i · p_i   else taoIn_i = e_i
 *   excessTao_i = e_i − taoIn_i                              (saturating)
 *   rootSellFlag = Σ_{to_emit} p̄_i > 1                       (U64F64)
 *
 *   pending split of α' = alphaOut_i (U96F32, not floored):
 *   ownerCut = α'·cut (if enabled); α' −= ownerCut; root = ρ_post·α'·0.5; server = α'·0.5;
 *   validator = (α' − server) − root; each floored into its bucket; root alpha is recycled when
 *   the root-sell flag is off. ρ_post uses A_i after this block's injection and alpha_out mint.
 */
import { I96F32, U64F64, U96F32, convert, fromF64, fromInt, mul, one, safeDiv, satAdd, satSubF, toU64 } from '../../core/fixed.js';
import { type AlphaRao, type TaoRao, U64_MAX, alphaRao, taoRao } from '../../core/units.js';

/** `get_tao_weight`: raw u64 TaoWeight as a U96F32 fraction of u64::MAX. */
export function taoWeight(raw: bigint): bigint {
  return safeDiv(U96F32, fromInt(U96F32, raw), fromInt(U96F32, U64_MAX));
}

/** `get_float_subnet_owner_cut`: SubnetOwnerCut / 65535 as U96F32. */
export function ownerCutFraction(cutU16: number): bigint {
  return safeDiv(U96F32, fromInt(U96F32, BigInt(cutU16)), fromInt(U96F32, 65_535n));
}

/** `root_proportion`: ρ = T0·tw / (T0·tw + A), U96F32 raw; `taoWeightFixed` from `taoWeight()`. */
export function rootProportion(rootTao: TaoRao, taoWeightFixed: bigint, alphaIssuance: AlphaRao): bigint {
  const weightedRoot = mul(U96F32, fromInt(U96F32, rootTao), taoWeightFixed);
  return safeDiv(U96F32, weightedRoot, satAdd(U96F32, weightedRoot, fromInt(U96F32, alphaIssuance)));
}

/** `get_network_root_sell_flag`: Σ p̄ over `to_emit` > 1; `movingPrices` I96F32 raw. */
export function rootSellFlag(movingPrices: readonly bigint[]): boolean {
  const total = movingPrices.reduce((a, p) => satAdd(U64F64, a, convert(I96F32, U64F64, p)), 0n);
  return total > one(U64F64);
}

export interface SubnetTermsInput {
  /** e_i, U96F32 raw. */
  readonly taoEmission: bigint;
  /** `current_alpha_price`, U64F64 raw (truncated to U96F32 here, as the chain does). */
  readonly spotPrice: bigint;
  /** alphaEmission(A_i) in alpha rao. */
  readonly alphaEmission: AlphaRao;
  /** ρ_i before injection, U96F32 raw. */
  readonly rootProportion: bigint;
}

/** The chain's U96F32 terms of one subnet (`get_subnet_terms`). */
export interface SubnetTermsFixed {
  readonly taoIn: bigint;
  readonly alphaIn: bigint;
  readonly alphaOut: bigint;
  readonly excessTao: bigint;
  readonly injectionCap: bigint;
}

export function subnetTerms(input: SubnetTermsInput): SubnetTermsFixed {
  const t = U96F32;
  const price = convert(U64F64, t, input.spotPrice);
  const alphaOut = fromInt(t, input.alphaEmission);
  const injectionCap = mul(t, input.rootProportion, alphaOut);
  let alphaIn = safeDiv(t, input.taoEmission, price);
  let taoIn = input.taoEmission;
  if (alphaIn > injectionCap) {
    alphaIn = injectionCap;
    taoIn = mul(t, alphaIn, price);
  }
  return { taoIn, alphaIn, alphaOut, excessTao: satSubF(t, input.taoEmission, taoIn), injectionCap };
}

export interface PendingSplitInput {
  /** alpha_out_i, U96F32 raw. */
  readonly alphaOut: bigint;
  /** From `ownerCutFraction`, U96F32 raw. */
  readonly ownerCut: bigint;
  readonly ownerCutEnabled: boolean;
  /** ρ_i after this block's injection and alpha_out mint, U96F32 raw. */
  readonly rootProportion: bigint;
  readonly rootSellFlag: boolean;
}

/** Where one block's alpha_out goes (each bucket floored separately; ≤ 3 rao dust stays in o_i). */
export interface PendingSplit {
  /** floor(alpha_out): minted into o_i (`SubnetAlphaOutEmission`). */
  readonly alphaOutMinted: AlphaRao;
  readonly ownerCut: AlphaRao;
  readonly pendingServer: AlphaRao;
  readonly pendingValidator: AlphaRao;
  /** Into `PendingRootAlphaDivs` when the root-sell flag is on. */
  readonly pendingRoot: AlphaRao;
  /** Root alpha recycled (o_i decreases) when the root-sell flag is off. */
  readonly recycledRootAlpha: AlphaRao;
}

const HALF = fromF64(U96F32, 0.5);

export function pendingSplit(input: PendingSplitInput): PendingSplit {
  const t = U96F32;
  let rest = input.alphaOut;
  let ownerCut = 0n;
  if (input.ownerCutEnabled) {
    ownerCut = mul(t, rest, input.ownerCut);
    rest = satSubF(t, rest, ownerCut);
  }
  const rootAlpha = mul(t, mul(t, input.rootProportion, rest), HALF);
  const server = mul(t, rest, HALF);
  const validator = satSubF(t, satSubF(t, rest, server), rootAlpha);
  const root = alphaRao(toU64(t, rootAlpha));
  return {
    alphaOutMinted: alphaRao(toU64(t, input.alphaOut)),
    ownerCut: alphaRao(toU64(t, ownerCut)),
    pendingServer: alphaRao(toU64(t, server)),
    pendingValidator: alphaRao(toU64(t, validator)),
    pendingRoot: input.rootSellFlag ? root : alphaRao(0n),
    recycledRootAlpha: input.rootSellFlag ? alphaRao(0n) : root,
  };
}

/** Floor a U96F32 TAO amount to rao (`tou64!`). */
export const taoFloor = (raw: bigint): TaoRao => taoRao(toU64(U96F32, raw));
/** Floor a U96F32 alpha amount to alpha rao (`tou64!`). */
export const alphaFloor = (raw: bigint): AlphaRao => alphaRao(toU64(U96F32, raw));
