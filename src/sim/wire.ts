/**
 * The wire between the engine and its epoch workers (./epochPool.ts): a subnet epoch's job and
 * its result packed into a few typed arrays and one string table, field by field in a fixed
 * order that `pack*` writes and `unpack*` reads back. Structured clone of a 256-uid subnet's
 * payout terms (small objects and bigints) measured 1.2 ms to read back; packed, a whole job
 * measured ~0.3 ms to pack and a result ~0.1 ms to read, and the typed arrays are transferred,
 * not copied.
 *
 * The payout side of a job carries a snapshot of what `computePayout` reads of the ledger for the
 * subnet's hotkeys and their parents (`LedgerSnapshot`). Within one coinbase step that snapshot
 * equals the live ledger at payout time: no other subnet's payout touches this subnet's pools or
 * root stake (./epochPool.ts says why).
 */
import type { EpochResult, LedgerReads, SubnetEpochJob, SubnetEpochResult } from './subnetEpoch.js';
import type { U16Rows, YumaInput, YumaParams } from '../chain/epoch/yuma.js';
import type {
  AlphaDividendTerm,
  DrainedPending,
  IncentiveTerm,
  PayoutAccounting,
  PayoutParams,
  PayoutReads,
  PayoutTerms,
  RootDividendTerm,
} from '../chain/payout/distribute.js';
import { type ChildLink, type Coldkey, type Hotkey, type NetUid, ROOT_NETUID, normalizeU16Ratio } from '../chain/staking/ledger.js';
import { InvariantViolation } from '../core/errors.js';
import { type AlphaRao, U64_MAX, alphaRao } from '../core/units.js';

/** One packed message; every buffer is the message's own, so all can be transferred. */
export interface Packed {
  readonly nums: Float64Array;
  readonly bigs: BigUint64Array;
  readonly strings: string[];
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
  private readonly strings: string[] = [];
  private readonly index = new Map<string, number>();
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
  str(s: string): void {
    let k = this.index.get(s);
    if (k === undefined) {
      k = this.strings.length;
      this.strings.push(s);
      this.index.set(s, k);
    }
    this.num(k);
  }
  optStr(s: string | undefined): void {
    if (s === undefined) this.num(-1);
    else this.str(s);
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
    return { nums: this.nums.slice(0, this.n), bigs: this.bigs.slice(0, this.b), strings: this.strings, j, v };
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
  str(): string {
    const s = this.p.strings[this.num()];
    if (s === undefined) throw new InvariantViolation('packed string index in the table', { read: String(this.n) });
    return s;
  }
  optStr(): string | undefined {
    const k = this.num();
    return k === -1 ? undefined : this.p.strings[k];
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

const many = <T>(u: Unpacker, one: () => T): T[] => Array.from({ length: u.num() }, one);

// ---- what computePayout reads of the ledger ------------------------------------------------------

interface HotkeyReads {
  readonly owner: Coldkey;
  readonly take: number;
  readonly childkeyTake: number;
  readonly alpha: bigint;
  readonly root: bigint;
  readonly children: readonly ChildLink[];
  readonly parents: readonly ChildLink[];
}

/** The ledger as `computePayout` reads it for one subnet, frozen: its hotkeys and their parents. */
export class LedgerSnapshot implements PayoutReads {
  constructor(
    readonly netuid: NetUid,
    private readonly byHotkey: ReadonlyMap<Hotkey, HotkeyReads>,
  ) {}

  /** Captures the reads for `hotkeys` (a subnet's, in uid order) and every parent of theirs on `netuid`. */
  static of(ledger: LedgerReads, netuid: NetUid, hotkeys: readonly Hotkey[]): LedgerSnapshot {
    const m = new Map<Hotkey, HotkeyReads>();
    const add = (h: Hotkey): void => {
      if (m.has(h)) return;
      const parents = ledger.parentsOf(h, netuid);
      m.set(h, {
        owner: ledger.ownerOf(h),
        take: ledger.delegateTake(h),
        childkeyTake: ledger.childkeyTake(h, netuid),
        alpha: ledger.totalHotkeyAlpha(h, netuid),
        root: ledger.totalHotkeyAlpha(h, ROOT_NETUID),
        children: ledger.childrenOf(h, netuid),
        parents,
      });
      for (const p of parents) add(p.hotkey);
    };
    for (const h of hotkeys) add(h);
    return new LedgerSnapshot(netuid, m);
  }

  private get(hotkey: Hotkey, netuid: NetUid): HotkeyReads {
    const r = this.byHotkey.get(hotkey);
    if (r === undefined || (netuid !== this.netuid && netuid !== ROOT_NETUID))
      throw new InvariantViolation('payout reads within its snapshot', { hotkey, netuid: String(netuid), snapshot: String(this.netuid) });
    return r;
  }
  ownerOf(hotkey: Hotkey): Coldkey {
    return this.get(hotkey, this.netuid).owner;
  }
  delegateTake(hotkey: Hotkey): number {
    return this.get(hotkey, this.netuid).take;
  }
  hotkeyTakeFloat(hotkey: Hotkey): bigint {
    return normalizeU16Ratio(this.delegateTake(hotkey));
  }
  childkeyTake(hotkey: Hotkey, netuid: NetUid): number {
    return this.get(hotkey, netuid).childkeyTake;
  }
  totalHotkeyAlpha(hotkey: Hotkey, netuid: NetUid): AlphaRao {
    const r = this.get(hotkey, netuid);
    return alphaRao(netuid === ROOT_NETUID ? r.root : r.alpha);
  }
  childrenOf(hotkey: Hotkey, netuid: NetUid): readonly ChildLink[] {
    return this.get(hotkey, netuid).children;
  }
  parentsOf(hotkey: Hotkey, netuid: NetUid): readonly ChildLink[] {
    return this.get(hotkey, netuid).parents;
  }

  pack(p: Packer): void {
    p.num(this.netuid);
    p.num(this.byHotkey.size);
    const links = (ls: readonly ChildLink[]): void => {
      p.num(ls.length);
      for (const l of ls) {
        p.str(l.hotkey);
        p.big(l.proportion);
      }
    };
    for (const [h, r] of this.byHotkey) {
      p.str(h);
      p.str(r.owner);
      p.num(r.take);
      p.num(r.childkeyTake);
      p.big(r.alpha);
      p.big(r.root);
      links(r.children);
      links(r.parents);
    }
  }

  static unpack(u: Unpacker): LedgerSnapshot {
    const netuid = u.num();
    const links = (): ChildLink[] => many(u, () => ({ hotkey: u.str(), proportion: u.big() }));
    const m = new Map<Hotkey, HotkeyReads>();
    for (let k = u.num(); k > 0; k--) {
      const h = u.str();
      m.set(h, { owner: u.str(), take: u.num(), childkeyTake: u.num(), alpha: u.big(), root: u.big(), children: links(), parents: links() });
    }
    return new LedgerSnapshot(netuid, m);
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

function packPending(p: Packer, x: DrainedPending): void {
  p.big(x.server);
  p.big(x.validator);
  p.big(x.root);
  p.big(x.ownerCut);
}

function unpackPending(u: Unpacker): DrainedPending {
  const server = alphaRao(u.big());
  const validator = alphaRao(u.big());
  const root = alphaRao(u.big());
  return { server, validator, root, ownerCut: alphaRao(u.big()) };
}

function packPayoutParams(p: Packer, x: PayoutParams): void {
  p.num(x.netuid);
  p.big(x.taoWeight);
  p.big(x.ckBurn);
  p.optStr(x.subnetOwner);
  p.optStr(x.subnetOwnerHotkey);
  p.str(x.recycleOrBurn);
  p.num(x.autoStakeDestination.size);
  for (const [c, h] of x.autoStakeDestination) {
    p.str(c);
    p.str(h);
  }
}

function unpackPayoutParams(u: Unpacker): PayoutParams {
  const netuid = u.num();
  const taoWeight = u.big();
  const ckBurn = u.big();
  const subnetOwner = u.optStr();
  const subnetOwnerHotkey = u.optStr();
  const recycleOrBurn = u.str() === 'Recycle' ? 'Recycle' : 'Burn';
  const autoStakeDestination = new Map<Coldkey, Hotkey>();
  for (let k = u.num(); k > 0; k--) autoStakeDestination.set(u.str(), u.str());
  return { netuid, taoWeight, ckBurn, subnetOwner, subnetOwnerHotkey, recycleOrBurn, autoStakeDestination };
}

/** A job for another thread: its payout reads become a snapshot of what they read now. */
export function packJob(job: SubnetEpochJob): Packed {
  const p = new Packer();
  packYumaInput(p, job.epoch.input);
  packYumaParams(p, job.epoch.params);
  const { payout } = job;
  p.num(payout.hotkeys.length);
  for (const h of payout.hotkeys) p.str(h);
  for (const c of payout.owners) p.str(c);
  for (const k of payout.uidsByName) p.num(k);
  packPending(p, payout.pending);
  packPayoutParams(p, payout.params);
  LedgerSnapshot.of(payout.reads, payout.params.netuid, payout.hotkeys).pack(p);
  return p.done();
}

export function unpackJob(packed: Packed): SubnetEpochJob {
  const u = new Unpacker(packed);
  const input = unpackYumaInput(u);
  const params = unpackYumaParams(u);
  const hotkeys = many(u, () => u.str());
  const owners = hotkeys.map(() => u.str());
  const uidsByName = hotkeys.map(() => u.num());
  const pending = unpackPending(u);
  const payoutParams = unpackPayoutParams(u);
  const reads = LedgerSnapshot.unpack(u);
  u.end();
  return { epoch: { input, params }, payout: { hotkeys, owners, uidsByName, pending, params: payoutParams, reads } };
}

// ---- the result --------------------------------------------------------------------------------

const ACCOUNTING: readonly (keyof PayoutAccounting)[] = [
  'drained',
  'ownerCutStaked',
  'ownerCutUndistributed',
  'incentivesStaked',
  'incentivesBurned',
  'incentivesRecycled',
  'serverRemainder',
  'alphaDividendTakes',
  'alphaDividendNominators',
  'validatorUndistributed',
  'validatorDust',
  'rootDividendTakes',
  'rootDividendClaimable',
  'rootDividendStakedToOwner',
  'rootUndistributed',
  'rootDust',
  'childkeyBurnRecycled',
];

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

function packTerms(p: Packer, t: PayoutTerms): void {
  p.num(t.netuid);
  p.bool(t.ownerCut !== undefined);
  if (t.ownerCut) {
    p.str(t.ownerCut.hotkey);
    p.str(t.ownerCut.coldkey);
    p.big(t.ownerCut.amount);
  }
  p.num(t.incentives.length);
  for (const x of t.incentives) {
    p.str(x.source);
    p.big(x.amount);
    p.str(x.outcome.kind);
    if (x.outcome.kind === 'staked') {
      p.str(x.outcome.destination);
      p.str(x.outcome.coldkey);
    }
  }
  p.big(t.minerBurned);
  p.num(t.dividends.size);
  for (const [h, d] of t.dividends) {
    p.str(h);
    p.big(d);
  }
  p.num(t.childkeyBurns.length);
  for (const b of t.childkeyBurns) {
    p.str(b.parent);
    p.str(b.child);
    p.big(b.amount);
  }
  p.num(t.alphaDividends.length);
  for (const a of t.alphaDividends) {
    p.str(a.hotkey);
    p.str(a.owner);
    p.big(a.dividend);
    p.big(a.take);
    p.big(a.nominators);
  }
  p.num(t.rootDividends.length);
  for (const r of t.rootDividends) {
    p.str(r.hotkey);
    p.str(r.owner);
    p.big(r.dividend);
    p.big(r.take);
    p.big(r.rest);
    p.bool(r.outcome.kind === 'claimable');
    if (r.outcome.kind === 'claimable') p.big(r.outcome.increment);
  }
  p.num(t.quiet.hotkeys.length);
  for (const h of t.quiet.hotkeys) p.str(h);
  for (const c of t.quiet.owners) p.str(c);
  for (const k of ACCOUNTING) p.big(t.accounting[k]);
}

function unpackIncentive(u: Unpacker): IncentiveTerm {
  const source = u.str();
  const amount = alphaRao(u.big());
  const kind = u.str();
  if (kind === 'staked') {
    const destination = u.str();
    return { source, amount, outcome: { kind, destination, coldkey: u.str() } };
  }
  return { source, amount, outcome: { kind: kind === 'Recycle' ? 'Recycle' : 'Burn' } };
}

function unpackAlphaTerm(u: Unpacker): AlphaDividendTerm {
  const hotkey = u.str();
  const owner = u.str();
  const dividend = u.big();
  const take = alphaRao(u.big());
  return { hotkey, owner, dividend, take, nominators: alphaRao(u.big()) };
}

function unpackRootTerm(u: Unpacker): RootDividendTerm {
  const hotkey = u.str();
  const owner = u.str();
  const dividend = u.big();
  const take = alphaRao(u.big());
  const rest = alphaRao(u.big());
  const outcome: RootDividendTerm['outcome'] = u.bool() ? { kind: 'claimable', increment: u.big() } : { kind: 'stakedToOwner' };
  return { hotkey, owner, dividend, take, rest, outcome };
}

function unpackTerms(u: Unpacker): PayoutTerms {
  const netuid = u.num();
  const ownerCut = u.bool() ? { hotkey: u.str(), coldkey: u.str(), amount: alphaRao(u.big()) } : undefined;
  const incentives = many(u, () => unpackIncentive(u));
  const minerBurned = u.big();
  const dividends = new Map<Hotkey, bigint>();
  for (let k = u.num(); k > 0; k--) dividends.set(u.str(), u.big());
  const childkeyBurns = many(u, () => ({ parent: u.str(), child: u.str(), amount: alphaRao(u.big()) }));
  const alphaDividends = many(u, () => unpackAlphaTerm(u));
  const rootDividends = many(u, () => unpackRootTerm(u));
  const quietHotkeys = many(u, () => u.str());
  const quiet = { hotkeys: quietHotkeys, owners: quietHotkeys.map(() => u.str()) };
  const accounting = Object.fromEntries(ACCOUNTING.map((k) => [k, u.big()])) as unknown as PayoutAccounting;
  return { netuid, ownerCut, incentives, minerBurned, dividends, childkeyBurns, alphaDividends, rootDividends, quiet, accounting };
}

export function packResult(r: SubnetEpochResult): Packed {
  const p = new Packer();
  packEpochResult(p, r.epoch);
  packTerms(p, r.terms);
  return p.done();
}

export function unpackResult(packed: Packed): SubnetEpochResult {
  const u = new Unpacker(packed);
  const epoch = unpackEpochResult(u);
  const terms = unpackTerms(u);
  u.end();
  return { epoch, terms };
}
