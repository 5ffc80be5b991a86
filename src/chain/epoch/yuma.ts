/**
 * The Yuma consensus epoch of one subnet (one mechanism), exact to the chain's fixed point.
 * Mirrors subtensor pallets/subtensor/src/epoch/run_epoch.rs `epoch_mechanism` (566), the sparse
 * production path, at HEAD 14bc6f9f9 (shared/spec/yuma.md §1–§5). In the order of §5.3:
 *
 *   total_i = α_i + ⌊τ_i·tw⌋ (I64F64), 0 below StakeThreshold (owner exempt)
 *   S = normalize₆₄(total) → I32F32;  new permits = topk_nonzero(S, K) ∪ {owner}
 *   A = normalize(S masked by inactivity and the *stored* permits)
 *   W = rows of permitted uids, minus self-weights (owner kept), minus weights older than the
 *       target's registration, row-normalised
 *   C_j = stake-weighted median of column j at κ;  Wc = min(W, C);  VT_i = Σ_j Wc_ij
 *   I = normalize(Σ_i A_i·Wc_ij);  WB = W + β·(Wc − W)
 *   original Yuma: B' = colnorm(α·colnorm(WB∘A) + (1−α)·colnorm(B));  D = normalize(B'ᵀ·I)
 *   Yuma3:         B' = EMA(WB, B) with constant or liquid α;  D = normalize(A ∘ (colnorm(B')·I))
 *   server_j = ⌊I_j/(ΣI+ΣD) · E⌋,  validator_i = ⌊D_i/(ΣI+ΣD) · E⌋ (fallback to A, then S)
 *
 * Pure: storage in, storage out. Every intermediate is returned for researchers to inspect.
 */
import { fromInt as fromIntBig, I64F64, safeDiv as safeDivBig } from '../../core/fixed.js';
import { fromInt, ONE, mul, proportionToU16, safeDiv, u16ProportionToFixed, checkedMul } from '../../math/q32.js';
import {
  colMaxUpscale,
  colNormalize,
  interpolate,
  isTopkNonzero,
  matEma,
  matEmaAlpha,
  matmulTranspose,
  colNormalizeMatVecRowSum,
  normalize,
  rowHadamard,
  CsrBuilder,
  fromCsr,
  toCsr,
  type Csr,
  type SparseMatrix,
} from '../../math/sparse.js';
import { EpochKernels } from '../../math/yumaKernels.js';
import { AlphaSigmoid, visibleEntries } from './liquidAlpha.js';

/** Subnet hyperparameters read by the epoch (yuma.md §1.9), in the chain's storage units. */
export interface YumaParams {
  /** Kappa, u16 (κ = kappa/65535). */
  readonly kappa: number;
  /** BondsPenalty, u16 (β = bp/65535). */
  readonly bondsPenalty: number;
  /** BondsMovingAverage, u64 in millionths. */
  readonly bondsMovingAverage: bigint;
  readonly yuma3: boolean;
  readonly liquidAlpha: boolean;
  /** AlphaValues (u16 low, u16 high). */
  readonly alphaLow: number;
  readonly alphaHigh: number;
  /** AlphaSigmoidSteepness, i16. */
  readonly alphaSigmoidSteepness: number;
  readonly maxAllowedValidators: number;
  /** StakeThreshold in rao. */
  readonly stakeThreshold: bigint;
  /** The subnet owner's uid, if its hotkey is registered. */
  readonly ownerUid: number | null;
  /** TaoWeight, raw u64 (tw = TaoWeight / u64::MAX). */
  readonly taoWeight: bigint;
  /** Tempo in blocks. */
  readonly tempo: number;
  /** max(1, ⌊ActivityCutoffFactorMilli·tempo/1000⌋) blocks. */
  readonly activityCutoffBlocks: number;
}

/** `get_activity_cutoff_blocks` (utils/misc.rs:614): max(1, ⌊factor‰ · tempo / 1000⌋). */
export const activityCutoffBlocks = (factorMilli: number, tempo: number): number =>
  Math.max(1, Math.floor((factorMilli * tempo) / 1000));
/** `ActivityCutoffFactorMilli` default (lib.rs:1821): 5000 blocks at tempo 360. */
export const DEFAULT_ACTIVITY_CUTOFF_FACTOR_MILLI = 13_889;

/** The hyperparameters as the chain stores them (storage names, snake_case, as scenario files use). */
export interface SubnetHyperparams {
  readonly kappa: number;
  readonly bonds_penalty: number;
  readonly bonds_moving_average: number | bigint | string;
  readonly yuma3: boolean;
  readonly liquid_alpha: boolean;
  readonly alpha_low: number;
  readonly alpha_high: number;
  readonly alpha_sigmoid_steepness: number;
  readonly max_allowed_validators: number;
  readonly tempo: number;
}

/** Storage hyperparameters → the epoch's parameters. */
export function yumaParamsOf(
  h: SubnetHyperparams,
  rest: { stakeThreshold: bigint; ownerUid: number | null; taoWeight: bigint; activityCutoffBlocks: number },
): YumaParams {
  return {
    kappa: h.kappa,
    bondsPenalty: h.bonds_penalty,
    bondsMovingAverage: BigInt(h.bonds_moving_average),
    yuma3: h.yuma3,
    liquidAlpha: h.liquid_alpha,
    alphaLow: h.alpha_low,
    alphaHigh: h.alpha_high,
    alphaSigmoidSteepness: h.alpha_sigmoid_steepness,
    maxAllowedValidators: h.max_allowed_validators,
    tempo: h.tempo,
    ...rest,
  };
}

/** A stored sparse row of u16 values (weights or bonds), in storage order. */
export type U16Rows = SparseMatrix;

/** The chain storage one epoch reads. */
export interface YumaInput {
  readonly n: number;
  readonly currentBlock: number;
  /** LastMechansimStepBlock; 0 → last_tempo = block − tempo. */
  readonly lastMechanismStepBlock: number;
  /** Alpha stake per uid (inherited), rao. */
  readonly alphaStake: readonly bigint[];
  /** Root TAO stake per uid (inherited), rao. */
  readonly taoStake: readonly bigint[];
  readonly lastUpdate: readonly number[];
  readonly blockAtRegistration: readonly number[];
  /** Weights as stored (u16 after max-upscale). */
  readonly weights: U16Rows;
  /** Bonds as stored (u16). */
  readonly bonds: U16Rows;
  /** Permits stored by the previous epoch. */
  readonly validatorPermits: readonly boolean[];
  /** Emission handed to the epoch, alpha rao. */
  readonly raoEmission: bigint;
  /** Earliest unexpired commit block per uid, when commit-reveal is on (u64::MAX if none). */
  readonly commitBlocks?: readonly number[];
}

/** The epoch's vectors and what it stores; I32F32 values are raw numbers (value·2^32). */
export interface YumaResult {
  readonly stake: number[];
  readonly activeStake: number[];
  readonly active: boolean[];
  readonly newValidatorPermits: boolean[];
  readonly consensus: number[];
  readonly validatorTrust: number[];
  readonly incentive: number[];
  readonly dividends: number[];
  /** Bonds to store: B' rows of newly permitted uids, empty rows otherwise. */
  readonly bondsStored: U16Rows;
  readonly serverEmission: bigint[];
  readonly validatorEmission: bigint[];
  readonly combinedEmission: bigint[];
  readonly consensusU16: number[];
  readonly incentiveU16: number[];
  readonly dividendsU16: number[];
  readonly validatorTrustU16: number[];
  readonly stakeWeightU16: number[];
}

/** What the economy reads of an epoch: what it stores and what it pays. */
export type YumaPaid = Pick<YumaResult, 'bondsStored' | 'newValidatorPermits' | 'serverEmission' | 'validatorEmission' | 'incentiveU16' | 'dividendsU16'>;

/** Everything the epoch computes, its weight and bond matrices included. */
export interface YumaOutput extends YumaResult {
  /** W: masked and row-normalised weights. */
  readonly weights: Csr;
  /** Wc: W clipped at consensus. */
  readonly clippedWeights: Csr;
  /** Final B' before u16 storage (original model: after column max-upscale). */
  readonly emaBonds: Csr;
}

const U16MAX_FX = fromInt(65535);
const EMPTY_U16_ROW = Object.freeze({ j: new Int32Array(0), v: new Uint16Array(0) });
const U64_MAX = (1n << 64n) - 1n;

/** TaoWeight u64 → U96F32 (÷ u64::MAX) → I64F64 raw, as `get_tao_weight` then the widening. */
const taoWeightI64F64 = (tw: bigint): bigint => ((tw << 32n) / U64_MAX) << 32n;

const TWO32 = 2 ** 32;
const TWO64 = 2 ** 64;

/** total_i = α_i·2^64 + τ_i·tw, exactly (I64F64 raw). */
const totalStake = (alpha: bigint, tao: bigint, tw: bigint): bigint => (alpha === 0n && tao === 0n ? 0n : (alpha << 64n) + tao * tw);

/**
 * Normalised stake S (yuma.md §1.3, §5.3 steps 1–2), exactly: total_i = α_i·2^64 + τ_i·tw (I64F64
 * raw), then the I64F64 safe_div and the I32F32 cast, ⌊⌊v·2^64/Σ⌋ / 2^32⌋ = ⌊v·2^32/Σ⌋ (v ≤ Σ).
 */
export function stakeVectorExact(input: Pick<YumaInput, 'n' | 'alphaStake' | 'taoStake'>, p: Pick<YumaParams, 'taoWeight' | 'stakeThreshold' | 'ownerUid'>): number[] {
  const tw = taoWeightI64F64(p.taoWeight);
  const n = input.n;
  const total = new Array<bigint>(n);
  let sum = 0n;
  for (let i = 0; i < n; i++) {
    const alpha = input.alphaStake[i] ?? 0n;
    const tao = input.taoStake[i] ?? 0n;
    // (τ·2^64)·tw ≫ 64 = τ·tw exactly; most uids (miners) hold nothing
    let t = totalStake(alpha, tao, tw);
    if (p.stakeThreshold > 0n && p.ownerUid !== i && t >> 64n < p.stakeThreshold) t = 0n;
    total[i] = t;
    sum += t;
  }
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const t = total[i]!;
    out[i] = t === 0n ? 0 : Number((t << 32n) / sum);
  }
  return out;
}

/**
 * S as `stakeVectorExact`, in doubles where that is provably the same. In doubles each total
 * carries < 5 roundings (relative 2^-53 each), the sum of n of them < n + 5 more, the quotient
 * one: q = t·2^32/Σ ≤ 2^32 is off by < (n + 11)·2^-21. ⌊q⌋ is taken from the double only when q
 * lies twice that far from an integer, else from bigint (an exact tie, a sole staker).
 */
function stakeVector(input: YumaInput, p: YumaParams): number[] {
  const n = input.n;
  if (p.stakeThreshold > 0n) return stakeVectorExact(input, p);
  const twRaw = taoWeightI64F64(p.taoWeight);
  const tw = Number(twRaw) / TWO64;
  const total = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const alpha = input.alphaStake[i] ?? 0n;
    const tao = input.taoStake[i] ?? 0n;
    const t = Number(alpha) + (tao === 0n ? 0 : Number(tao) * tw);
    total[i] = t;
    sum += t;
  }
  const guard = (n + 11) * 2 ** -20;
  const out = new Array<number>(n);
  let exactSum: bigint | undefined;
  for (let i = 0; i < n; i++) {
    const t = total[i]!;
    if (t === 0) {
      out[i] = 0;
      continue;
    }
    const q = (t / sum) * TWO32;
    const f = Math.floor(q);
    if (q - f > guard && f + 1 - q > guard) {
      out[i] = f;
      continue;
    }
    if (exactSum === undefined) {
      exactSum = 0n;
      for (let k = 0; k < n; k++) exactSum += totalStake(input.alphaStake[k] ?? 0n, input.taoStake[k] ?? 0n, twRaw);
    }
    out[i] = Number((totalStake(input.alphaStake[i] ?? 0n, input.taoStake[i] ?? 0n, twRaw) << 32n) / exactSum);
  }
  return out;
}

/** α = 1 − I32F32(bma / 1e6), both divisions truncating (compute_ema_bonds_normal_sparse). */
const alphaCache = new Map<bigint, number>();
function constantAlpha(bma: bigint): number {
  let a = alphaCache.get(bma);
  if (a === undefined) {
    const r = safeDivBig(I64F64, fromIntBig(I64F64, bma), fromIntBig(I64F64, 1_000_000n));
    a = ONE - Number(r >> 32n);
    alphaCache.set(bma, a); // a pure function of a subnet parameter: computed once per value
  }
  return a;
}

const TWO53 = 2 ** 53;
/** ⌊x · E⌋ in I96F32, floored to u64; for x ≥ 0 and E < 2^53 the exact double floor multiply does it. */
const emit = (x: number, e: bigint, eNum: number): bigint => {
  if (x === 0) return 0n;
  if (x > 0 && eNum < TWO53) return BigInt(mul(x, eNum));
  const v = (BigInt(x) * e) >> 32n;
  return v < 0n ? 0n : v > U64_MAX ? U64_MAX : v;
};

/** The epoch, every intermediate included. */
export function yuma(input: YumaInput, p: YumaParams): YumaOutput {
  return epoch(input, p, 'matrices') as YumaOutput;
}

/** The epoch's vectors, without copying out its weight and bond matrices. Same numbers as `yuma`. */
export function yumaResult(input: YumaInput, p: YumaParams): YumaResult {
  return epoch(input, p, 'vectors') as YumaResult;
}

/** Only what the economy reads (it runs this every subnet epoch). Same numbers as `yuma`. */
export function yumaPaid(input: YumaInput, p: YumaParams): YumaPaid {
  return epoch(input, p, 'paid');
}

function epoch(input: YumaInput, p: YumaParams, out: 'matrices' | 'vectors' | 'paid'): YumaPaid | YumaResult | YumaOutput {
  const matrices = out === 'matrices';
  const n = input.n;
  const owner = p.ownerUid !== null && p.ownerUid < n ? p.ownerUid : null;
  const lastUpdate = new Array<number>(n);
  const active = new Array<boolean>(n);
  for (let i = 0; i < n; i++) {
    const lu = input.lastUpdate[i] ?? 0;
    lastUpdate[i] = lu;
    active[i] = !(lu + p.activityCutoffBlocks < input.currentBlock);
  }
  const reg = input.blockAtRegistration;

  const stake = stakeVector(input, p);

  // A stored permit vector shorter than n means "no permit" for the missing uids; the owner is
  // forced only where the stored vector has an entry (run_epoch.rs, `get_mut(owner_uid)`).
  const permits = new Array<boolean>(n);
  for (let i = 0; i < n; i++) permits[i] = input.validatorPermits[i] ?? false;
  if (owner !== null && owner < input.validatorPermits.length) permits[owner] = true;
  const newValidatorPermits = isTopkNonzero(stake, p.maxAllowedValidators);
  if (owner !== null) newValidatorPermits[owner] = true;

  const activeStake = normalize(stake.map((s, i) => (active[i] && permits[i] ? s : 0)));

  // The masks of yuma.md §1.7 (rows without permit; self-weights but the owner's; weights set
  // before the target registered; commit-reveal) all drop entries, so one pass applies them all,
  // then inplace_row_normalize_sparse: trunc(w·2^32 / Σw) on the u16 integers.
  const k = EpochKernels.maskNormalize(n, input.weights, permits, lastUpdate, reg, owner, input.commitBlocks);
  const kappa = safeDiv(fromInt(p.kappa), U16MAX_FX);
  const consensus = k.consensus(activeStake, kappa);
  const { trust: validatorTrust, rank } = k.clipTrustRank(consensus, activeStake);
  const incentive = normalize(rank);
  // copied out of kernel memory only where a path below or the caller reads them
  let W: Csr | undefined;
  let clippedWeights: Csr | undefined;
  const weights = (): Csr => (W ??= k.weightsCsr());
  const clipped = (): Csr => (clippedWeights ??= k.clippedCsr());

  const beta = safeDiv(fromInt(p.bondsPenalty), U16MAX_FX);
  // interpolate_sparse gives W for ratio 0 and Wc for ratio 1 as they are: then WB is already in kernel memory
  const wbInKernel = beta === 0 ? 'weights' : beta === ONE ? 'clipped' : undefined;
  const WB = (): Csr => (wbInKernel === 'weights' ? weights() : wbInKernel === 'clipped' ? clipped() : interpolate(weights(), clipped(), n, beta));

  const lastTempo =
    input.lastMechanismStepBlock === 0
      ? Math.max(input.currentBlock - p.tempo, 0)
      : input.lastMechanismStepBlock + 1;
  // Bonds towards a uid registered since the last epoch are forgotten (yuma.md §1.8).
  const keep = new Uint8Array(n);
  for (let c = 0; c < n; c++) keep[c] = lastTempo <= (reg[c] ?? 0) ? 0 : 1;
  const storedBonds = (toFixed: (u: number) => number): Csr => {
    const stored = toCsr(input.bonds, n);
    const bb = new CsrBuilder(n, stored.j.length);
    for (let i = 0; i < n; i++) {
      for (let t = stored.ptr[i]!; t < stored.ptr[i + 1]!; t++) if (keep[stored.j[t]!]) bb.push(stored.j[t]!, toFixed(stored.v[t]!));
      bb.endRow();
    }
    return bb.done();
  };

  let dividends: number[];
  let emaBonds: Csr | undefined;
  let storage: { ptr: Int32Array; j: Int32Array; u16: Uint16Array } | undefined;
  if (p.yuma3) {
    let perBond: number[] | undefined;
    if (p.liquidAlpha && consensus.some((c) => c !== 0)) {
      const B = storedBonds(u16ProportionToFixed);
      const sig = new AlphaSigmoid(
        u16ProportionToFixed(p.alphaLow),
        u16ProportionToFixed(p.alphaHigh),
        p.alphaSigmoidSteepness,
      );
      const wb = WB();
      const seenW = fromCsr(wb).map(visibleEntries);
      const seenB = fromCsr(B).map(visibleEntries);
      emaBonds = matEmaAlpha(
        wb,
        B,
        (i, j) => sig.alpha(consensus[j]!, seenW[i]!.get(j) ?? 0, seenB[i]!.get(j) ?? 0),
        n,
      );
    } else {
      // the EMA stays in kernel memory for the dividends
      k.emaStored(wbInKernel ?? WB(), input.bonds, constantAlpha(p.bondsMovingAverage), keep);
      storage = k.emaStorage();
      if (matrices) emaBonds = k.emaCsr();
      perBond = k.perBond(incentive);
    }
    perBond ??= colNormalizeMatVecRowSum(emaBonds!, n, incentive);
    dividends = normalize(perBond.map((t, i) => checkedMul(t, activeStake[i]!) ?? 0));
  } else {
    const B = storedBonds(fromInt);
    const dB = colNormalize(rowHadamard(WB(), activeStake), n);
    const ema = colNormalize(matEma(dB, colNormalize(B, n), constantAlpha(p.bondsMovingAverage)), n);
    dividends = normalize(matmulTranspose(ema, incentive));
    emaBonds = colMaxUpscale(ema, n);
  }

  let eSum = 0; // Σ (incentive + dividends), in uid order
  for (let i = 0; i < n; i++) eSum += incentive[i]! + dividends[i]!;
  const fallback = eSum === 0 ? (activeStake.some((a) => a !== 0) ? activeStake : stake) : undefined;
  const e = input.raoEmission;
  const eNum = Number(e);
  // normalised server and validator emission, times E (one pass each, no intermediate vectors)
  const serverEmission = new Array<bigint>(n);
  const validatorEmission = new Array<bigint>(n);
  for (let i = 0; i < n; i++) {
    serverEmission[i] = emit(eSum !== 0 ? safeDiv(incentive[i]!, eSum) : incentive[i]!, e, eNum);
    validatorEmission[i] = emit(fallback !== undefined ? fallback[i]! : safeDiv(dividends[i]!, eSum), e, eNum);
  }

  if (storage === undefined) {
    const b = emaBonds!;
    const u16 = new Uint16Array(b.v.length);
    for (let t = 0; t < u16.length; t++) u16[t] = proportionToU16(b.v[t]!);
    storage = { ptr: b.ptr, j: b.j, u16 };
  }
  const { ptr, j, u16 } = storage;
  const bondsStored = new Array<U16Rows[number]>(n); // a loop: Array.from's callback form cost ~4% of an epoch
  for (let i = 0; i < n; i++) {
    const a = ptr[i]!;
    const b = ptr[i + 1]!;
    bondsStored[i] = newValidatorPermits[i] && b > a ? { j: j.subarray(a, b), v: u16.subarray(a, b) } : EMPTY_U16_ROW;
  }

  const paid: YumaPaid = {
    bondsStored,
    newValidatorPermits,
    serverEmission,
    validatorEmission,
    incentiveU16: incentive.map(proportionToU16),
    dividendsU16: dividends.map(proportionToU16),
  };
  if (out === 'paid') return paid;
  const nCE = fallback?.slice() ?? normalize(incentive.map((x, i) => x + dividends[i]!));
  const result: YumaResult = {
    ...paid,
    stake,
    activeStake,
    active,
    consensus,
    validatorTrust,
    incentive,
    dividends,
    combinedEmission: nCE.map((x) => emit(x, e, eNum)),
    consensusU16: consensus.map(proportionToU16),
    validatorTrustU16: validatorTrust.map(proportionToU16),
    stakeWeightU16: stake.map(proportionToU16),
  };
  if (!matrices) return result;
  return { ...result, weights: weights(), clippedWeights: clipped(), emaBonds: emaBonds ?? k.emaCsr() };
}
