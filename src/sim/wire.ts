/**
 * The wire between the engine and its epoch workers (./epochPool.ts): a subnet's Yuma job and its
 * result packed into a few typed arrays, field by field in a fixed order that `pack*` writes and
 * `unpack*` reads back; the arrays are transferred, not copied. Only Yuma crosses: the payout
 * terms read the ledger, so the engine computes them where the ledger lives.
 */
import type { EpochJob, EpochResult } from '../chain/coinbase/subnetEpoch.js';
import type { U16Rows, YumaInput, YumaParams } from '../chain/epoch/yuma.js';
import { InvariantViolation } from '../core/errors.js';
import { U64_MAX } from '../core/units.js';

/** One packed message; every buffer is the message's own, so all can be transferred. */
export interface Packed {
  readonly nums: Float64Array;
  readonly bigs: BigUint64Array;
  /** Row columns and values of the sparse u16 matrices, rows concatenated. */
  readonly j: Int32Array;
  readonly v: Uint16Array;
}

export const transferables = (p: Packed): ArrayBuffer[] => [p.nums.buffer, p.bigs.buffer, p.j.buffer, p.v.buffer] as ArrayBuffer[];

export class Packer {
  // typed buffers written in place and doubled when full: pushing to arrays and converting at
  // the end measured several times slower
  private nums = new Float64Array(1024);
  private n = 0;
  private bigs = new BigUint64Array(256);
  private b = 0;
  private readonly rowList: { j: ArrayLike<number>; v: ArrayLike<number> }[] = [];
  private entries = 0;

  num(x: number): void {
    if (this.n === this.nums.length) {
      const grown = new Float64Array(2 * this.n);
      grown.set(this.nums);
      this.nums = grown;
    }
    this.nums[this.n++] = x;
  }
  bool(x: boolean): void {
    this.num(x ? 1 : 0);
  }
  private limb(x: bigint): void {
    if (this.b === this.bigs.length) {
      const grown = new BigUint64Array(2 * this.b);
      grown.set(this.bigs);
      this.bigs = grown;
    }
    this.bigs[this.b++] = x;
  }
  /** Any bigint: the limb count (negated for a negative value), then 64-bit limbs, low first. */
  big(x: bigint): void {
    if (x >= 0n && x <= U64_MAX) {
      this.num(1);
      this.limb(x);
      return;
    }
    const negative = x < 0n;
    let a = negative ? -x : x;
    let k = 0;
    while (a > 0n) {
      this.limb(a & U64_MAX);
      a >>= 64n;
      k++;
    }
    this.num(negative ? -k : k);
  }
  /** n rows of u16 values (an absent row is empty). */
  rows(m: U16Rows, n: number): void {
    this.num(n);
    for (let i = 0; i < n; i++) {
      const r = m[i];
      const len = r?.j.length ?? 0;
      this.num(len);
      if (r !== undefined && len > 0) {
        this.rowList.push(r);
        this.entries += len;
      }
    }
  }
  done(): Packed {
    const j = new Int32Array(this.entries);
    const v = new Uint16Array(this.entries);
    let at = 0;
    for (const r of this.rowList) {
      j.set(r.j, at);
      v.set(r.v, at);
      at += r.j.length;
    }
    return { nums: this.nums.slice(0, this.n), bigs: this.bigs.slice(0, this.b), j, v };
  }
}

const EMPTY_ROW = Object.freeze({ j: new Int32Array(0), v: new Uint16Array(0) });

export class Unpacker {
  private n = 0;
  private b = 0;
  private e = 0;
  constructor(private readonly p: Packed) {}

  num(): number {
    const x = this.p.nums[this.n++];
    if (x === undefined) throw new InvariantViolation('packed message long enough', { read: String(this.n) });
    return x;
  }
  bool(): boolean {
    return this.num() === 1;
  }
  big(): bigint {
    const k = this.num();
    if (k === 1) return this.p.bigs[this.b++]!;
    const limbs = Math.abs(k);
    let a = 0n;
    for (let t = 0; t < limbs; t++) a |= this.p.bigs[this.b++]! << BigInt(64 * t);
    return k < 0 ? -a : a;
  }
  /** Rows as views on the message's arrays; empty rows share one frozen empty row. */
  rows(): U16Rows {
    const n = this.num();
    const out: U16Rows = new Array(n);
    for (let i = 0; i < n; i++) {
      const len = this.num();
      if (len === 0) out[i] = EMPTY_ROW;
      else {
        out[i] = { j: this.p.j.subarray(this.e, this.e + len), v: this.p.v.subarray(this.e, this.e + len) };
        this.e += len;
      }
    }
    return out;
  }
  /** Every field read: a reader that stops short has a field the writer does not. */
  end(): void {
    if (this.n !== this.p.nums.length || this.b !== this.p.bigs.length || this.e !== this.p.j.length)
      throw new InvariantViolation('packed message read to its end', { nums: `${this.n}/${this.p.nums.length}`, bigs: `${this.b}/${this.p.bigs.length}` });
  }
}

// ---- the job -----------------------------------------------------------------------------------

function packYumaInput(p: Packer, x: YumaInput): void {
  const n = x.n;
  p.num(n);
  p.num(x.currentBlock);
  p.num(x.lastMechanismStepBlock);
  for (let i = 0; i < n; i++) p.big(x.alphaStake[i]!);
  for (let i = 0; i < n; i++) p.big(x.taoStake[i]!);
  for (let i = 0; i < n; i++) p.num(x.lastUpdate[i]!);
  for (let i = 0; i < n; i++) p.num(x.blockAtRegistration[i]!);
  p.rows(x.weights, n);
  p.rows(x.bonds, n);
  for (let i = 0; i < n; i++) p.bool(x.validatorPermits[i]!);
  p.big(x.raoEmission);
  p.bool(x.commitBlocks !== undefined);
  if (x.commitBlocks) for (let i = 0; i < n; i++) p.num(x.commitBlocks[i]!);
}

function unpackYumaInput(u: Unpacker): YumaInput {
  const n = u.num();
  const each = <T>(f: () => T): T[] => Array.from({ length: n }, f);
  const currentBlock = u.num();
  const lastMechanismStepBlock = u.num();
  const alphaStake = each(() => u.big());
  const taoStake = each(() => u.big());
  const lastUpdate = each(() => u.num());
  const blockAtRegistration = each(() => u.num());
  const weights = u.rows();
  const bonds = u.rows();
  const validatorPermits = each(() => u.bool());
  const raoEmission = u.big();
  const commitBlocks = u.bool() ? each(() => u.num()) : undefined;
  return {
    n,
    currentBlock,
    lastMechanismStepBlock,
    alphaStake,
    taoStake,
    lastUpdate,
    blockAtRegistration,
    weights,
    bonds,
    validatorPermits,
    raoEmission,
    ...(commitBlocks ? { commitBlocks } : {}),
  };
}

function packYumaParams(p: Packer, x: YumaParams): void {
  p.num(x.kappa);
  p.num(x.bondsPenalty);
  p.big(x.bondsMovingAverage);
  p.bool(x.yuma3);
  p.bool(x.liquidAlpha);
  p.num(x.alphaLow);
  p.num(x.alphaHigh);
  p.num(x.alphaSigmoidSteepness);
  p.num(x.maxAllowedValidators);
  p.big(x.stakeThreshold);
  p.num(x.ownerUid ?? -1);
  p.big(x.taoWeight);
  p.num(x.tempo);
  p.num(x.activityCutoffBlocks);
}

function unpackYumaParams(u: Unpacker): YumaParams {
  const kappa = u.num();
  const bondsPenalty = u.num();
  const bondsMovingAverage = u.big();
  const yuma3 = u.bool();
  const liquidAlpha = u.bool();
  const alphaLow = u.num();
  const alphaHigh = u.num();
  const alphaSigmoidSteepness = u.num();
  const maxAllowedValidators = u.num();
  const stakeThreshold = u.big();
  const owner = u.num();
  const taoWeight = u.big();
  const tempo = u.num();
  const activityCutoffBlocks = u.num();
  return {
    kappa,
    bondsPenalty,
    bondsMovingAverage,
    yuma3,
    liquidAlpha,
    alphaLow,
    alphaHigh,
    alphaSigmoidSteepness,
    maxAllowedValidators,
    stakeThreshold,
    ownerUid: owner === -1 ? null : owner,
    taoWeight,
    tempo,
    activityCutoffBlocks,
  };
}

// ---- the result --------------------------------------------------------------------------------

function packEpochResult(p: Packer, r: EpochResult): void {
  const n = r.serverEmission.length;
  p.num(n);
  p.rows(r.bondsStored, r.bondsStored.length);
  for (let i = 0; i < n; i++) {
    p.bool(r.newValidatorPermits[i]!);
    p.big(r.serverEmission[i]!);
    p.big(r.validatorEmission[i]!);
    p.num(r.incentiveU16[i]!);
    p.num(r.dividendsU16[i]!);
  }
}

function unpackEpochResult(u: Unpacker): EpochResult {
  const n = u.num();
  const bondsStored = u.rows();
  const newValidatorPermits = new Array<boolean>(n);
  const serverEmission = new Array<bigint>(n);
  const validatorEmission = new Array<bigint>(n);
  const incentiveU16 = new Array<number>(n);
  const dividendsU16 = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    newValidatorPermits[i] = u.bool();
    serverEmission[i] = u.big();
    validatorEmission[i] = u.big();
    incentiveU16[i] = u.num();
    dividendsU16[i] = u.num();
  }
  return { bondsStored, newValidatorPermits, serverEmission, validatorEmission, incentiveU16, dividendsU16 };
}

/** A Yuma job for another thread (its payout stays with the caller). */
export function packEpochJob(job: EpochJob): Packed {
  const p = new Packer();
  packYumaInput(p, job.input);
  packYumaParams(p, job.params);
  return p.done();
}

export function unpackEpochJob(packed: Packed): EpochJob {
  const u = new Unpacker(packed);
  const input = unpackYumaInput(u);
  const params = unpackYumaParams(u);
  u.end();
  return { input, params };
}

export function packEpochOut(r: EpochResult): Packed {
  const p = new Packer();
  packEpochResult(p, r);
  return p.done();
}

export function unpackEpochOut(packed: Packed): EpochResult {
  const u = new Unpacker(packed);
  const r = unpackEpochResult(u);
  u.end();
  return r;
}
