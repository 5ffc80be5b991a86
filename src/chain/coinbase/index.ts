/**
 * One block's coinbase as pure terms: eligibility, shares, per-subnet TAO emission, injection
 * terms and the pending split of alpha_out. Mirrors subtensor
 * `pallets/subtensor/src/coinbase/run_coinbase.rs::run_coinbase` steps 1–6 up to, not including,
 * the application to the pools (shared/spec/economics.md §1.2, §3, §4, §6.1):
 *
 *   to_emit   = eligible subnets, ascending netuid
 *   share_i   = rule(to_emit) then disabled subnets zeroed and renormalised
 *   e_i       = U96F32(U64F64(E)·share_i)
 *   terms_i   = get_subnet_terms(e_i, A_i, p_i, ρ_i)        (all before any injection)
 *   pending_i = split(alpha_out_i, ρ_i after injection)    (assuming the injection is accepted)
 *
 * The engine applies the terms later: weight update, fee-free chain buy of excessTao, alphaIn and
 * taoIn into the pool (chain/swap), recycling E − Σ(taoIn + excessTao) as unspent credit.
 */
import { type AlphaRao, type TaoRao, alphaRao, taoRao } from '../../core/units.js';
import { alphaBlockEmission } from './blockEmission.js';
import { DEFAULT_FLOW_NORM_EXPONENT, DEFAULT_GATE_BAR_RANK, DEFAULT_GATE_EXPONENT, DEFAULT_TAO_FLOW_CUTOFF, GATE_BAR_UPDATE_INTERVAL } from './constants.js';
import { type ShareRule, burnWeightedShares, enabledShares, flowShares, hillGate, isEligible, priceShares, subnetTaoEmission, updateGateBar } from './shares.js';
import { alphaFloor, ownerCutFraction, pendingSplit, rootProportion, rootSellFlag, subnetTerms, taoFloor, taoWeight } from './terms.js';

export * from './constants.js';
export * from './blockEmission.js';
export * from './movingPrice.js';
export * from './shares.js';
export * from './terms.js';

export interface SubnetCoinbaseInput {
  readonly netuid: number;
  /** `SubnetAlphaIn` x_i. */
  readonly alphaIn: AlphaRao;
  /** `SubnetAlphaOut` o_i. */
  readonly alphaOut: AlphaRao;
  /** `current_alpha_price` at the start of the coinbase, U64F64 raw. */
  readonly spotPrice: bigint;
  /** `SubnetMovingPrice`, I96F32 raw (I96F32(1) for a mechanism-0 subnet). */
  readonly movingPrice: bigint;
  /** `MinerBurned`, U96F32 raw in [0, 1]. */
  readonly minerBurned: bigint;
  readonly firstEmissionBlock: bigint | null;
  readonly subtokenEnabled: boolean;
  readonly registrationAllowed: boolean;
  /** `SubnetEmissionEnabled`. */
  readonly emissionEnabled: boolean;
  /** `OwnerCutEnabled` (chain default true). */
  readonly ownerCutEnabled: boolean;
  /** Flow EMAs of this block (I64F64 raw), needed by the taoflow rules only. */
  readonly userFlowEma?: bigint;
  readonly protocolFlowEma?: bigint;
}

export interface GateParams {
  /** Stored `EmissionGateBar` θ, U64F64 raw. */
  readonly bar: bigint;
  readonly exponent: number;
  readonly rank: number;
  /** Recompute θ when block % updateInterval == 0; 0n never recomputes (use the stored θ). */
  readonly updateInterval: bigint;
}

export interface CoinbaseInput {
  readonly block: bigint;
  /** E: the credit minted this block (from `blockEmission`). */
  readonly blockEmission: TaoRao;
  /** `SubnetTAO[0]`, T0. */
  readonly rootTao: TaoRao;
  /** `TaoWeight`, raw u64. */
  readonly taoWeightRaw: bigint;
  /** `SubnetOwnerCut`, u16. */
  readonly ownerCutU16: number;
  readonly rule: ShareRule;
  readonly gate: GateParams;
  readonly flow: { readonly cutoff: bigint; readonly exponent: number };
  readonly subnets: readonly SubnetCoinbaseInput[];
}

export interface SubnetCoinbaseTerms {
  readonly netuid: number;
  /** In `to_emit` this block. */
  readonly eligible: boolean;
  /** Final share after the rule and the disabled-subnet step, U64F64 raw. */
  readonly share: bigint;
  /** floor(e_i). */
  readonly taoEmission: TaoRao;
  readonly taoIn: TaoRao;
  readonly alphaIn: AlphaRao;
  readonly alphaOut: AlphaRao;
  readonly excessTao: TaoRao;
  /** ρ_i before injection, U96F32 raw. */
  readonly rootProportion: bigint;
  readonly ownerCut: AlphaRao;
  readonly pendingServer: AlphaRao;
  readonly pendingValidator: AlphaRao;
  readonly pendingRoot: AlphaRao;
  readonly recycledRootAlpha: AlphaRao;
  /** The exact U96F32 terms, for conservation checks. */
  readonly fixed: { readonly taoEmission: bigint; readonly taoIn: bigint; readonly alphaIn: bigint; readonly alphaOut: bigint; readonly excessTao: bigint };
}

export interface CoinbaseTerms {
  /** One entry per input subnet, ascending netuid. */
  readonly subnets: readonly SubnetCoinbaseTerms[];
  readonly rootSellFlag: boolean;
  /** θ stored after this block, U64F64 raw. */
  readonly gateBar: bigint;
  /** E − Σ floor(taoIn) − Σ floor(excessTao): credit left unspent (recycled by the chain). */
  readonly unspentTao: TaoRao;
}

export const CHAIN_GATE: GateParams = { bar: 0n, exponent: DEFAULT_GATE_EXPONENT, rank: DEFAULT_GATE_BAR_RANK, updateInterval: GATE_BAR_UPDATE_INTERVAL };
export const CHAIN_FLOW = { cutoff: DEFAULT_TAO_FLOW_CUTOFF, exponent: DEFAULT_FLOW_NORM_EXPONENT } as const;

function ruleShares(input: CoinbaseInput, toEmit: readonly SubnetCoinbaseInput[]): { shares: bigint[]; gateBar: bigint } {
  const gateBarNow = input.gate.bar;
  if (input.rule === 'taoflow' || input.rule === 'net-taoflow') {
    const user = toEmit.map((s) => s.userFlowEma ?? 0n);
    const protocol = toEmit.map((s) => s.protocolFlowEma ?? 0n);
    return { shares: flowShares(user, protocol, { netFlow: input.rule === 'net-taoflow', ...input.flow }), gateBar: gateBarNow };
  }
  const price = priceShares(toEmit.map((s) => s.movingPrice));
  if (input.rule === 'price-ema') return { shares: price, gateBar: gateBarNow };
  const burned = burnWeightedShares(price, toEmit.map((s) => s.minerBurned));
  if (input.rule === 'price-burn') return { shares: burned, gateBar: gateBarNow };
  const bar = input.gate.updateInterval > 0n ? updateGateBar(input.block, gateBarNow, burned, input.gate.rank, input.gate.updateInterval) : gateBarNow;
  return { shares: hillGate(burned, bar, input.gate.exponent), gateBar: bar };
}

/** Compute (do not apply) one block's coinbase. */
export function coinbaseTerms(input: CoinbaseInput): CoinbaseTerms {
  const sorted = [...input.subnets].sort((a, b) => a.netuid - b.netuid);
  const toEmit = sorted.filter(isEligible);
  const { shares: raw, gateBar } = ruleShares(input, toEmit);
  const shares = enabledShares(raw, toEmit.map((s) => s.emissionEnabled));
  const sellFlag = rootSellFlag(toEmit.map((s) => s.movingPrice));
  const tw = taoWeight(input.taoWeightRaw);
  const cut = ownerCutFraction(input.ownerCutU16);
  const shareOf = new Map(toEmit.map((s, i) => [s.netuid, shares[i] ?? 0n]));

  let spent = 0n;
  const out = sorted.map((s): SubnetCoinbaseTerms => {
    const alphaIssuance = alphaRao(s.alphaIn + s.alphaOut);
    const rho = rootProportion(input.rootTao, tw, alphaIssuance);
    const share = shareOf.get(s.netuid);
    if (share === undefined) {
      const z = alphaRao(0n);
      return { netuid: s.netuid, eligible: false, share: 0n, taoEmission: taoRao(0n), taoIn: taoRao(0n), alphaIn: z, alphaOut: z, excessTao: taoRao(0n), rootProportion: rho, ownerCut: z, pendingServer: z, pendingValidator: z, pendingRoot: z, recycledRootAlpha: z, fixed: { taoEmission: 0n, taoIn: 0n, alphaIn: 0n, alphaOut: 0n, excessTao: 0n } };
    }
    const e = subnetTaoEmission(input.blockEmission, share);
    const t = subnetTerms({ taoEmission: e, spotPrice: s.spotPrice, alphaEmission: alphaBlockEmission(alphaIssuance), rootProportion: rho });
    const taoIn = taoFloor(t.taoIn);
    const alphaIn = alphaFloor(t.alphaIn);
    const excessTao = taoFloor(t.excessTao);
    const alphaOut = alphaFloor(t.alphaOut);
    spent += taoIn + excessTao;
    const rhoPost = rootProportion(input.rootTao, tw, alphaRao(alphaIssuance + alphaIn + alphaOut));
    const pending = pendingSplit({ alphaOut: t.alphaOut, ownerCut: cut, ownerCutEnabled: s.ownerCutEnabled, rootProportion: rhoPost, rootSellFlag: sellFlag });
    return {
      netuid: s.netuid, eligible: true, share, taoEmission: taoFloor(e), taoIn, alphaIn, alphaOut, excessTao, rootProportion: rho,
      ownerCut: pending.ownerCut, pendingServer: pending.pendingServer, pendingValidator: pending.pendingValidator,
      pendingRoot: pending.pendingRoot, recycledRootAlpha: pending.recycledRootAlpha,
      fixed: { taoEmission: e, taoIn: t.taoIn, alphaIn: t.alphaIn, alphaOut: t.alphaOut, excessTao: t.excessTao },
    };
  });
  return { subnets: out, rootSellFlag: sellFlag, gateBar, unspentTao: taoRao(input.blockEmission - spent) };
}
