/**
 * Reader for mainnet snapshot CSVs in the flat format of
 * `metagraphed_snapshot_b8791253_2026-08-07_flat.csv` (shared/data/mainnet/README.md §1): one row
 * per netuid, root (netuid 0) first, TAO and alpha in whole tokens with at most 9 decimals.
 * Amounts become rao bigints; `moving_price_pinned` and `miner_burned_fraction` are the chain's
 * I96F32 / U96F32 values printed as doubles, which they convert back to exactly.
 *
 * Only the chain state a run starts from is required (SNAPSHOT_STATE_COLUMNS, and the block the
 * state is at: `chain_block` or `bulk_call_block`). The population seeds (POPULATION) are read when
 * present; without them the scenario gives the counts (sim/world.ts says which). What was observed
 * at the snapshot block (OBSERVED) is read when present, for the checks that compare with it, which
 * skip a snapshot without it. The collector's descriptive columns (DESCRIPTIVE) are accepted and
 * not read: nothing uses them, so their content cannot make a file unusable.
 *
 * Optional global columns, read from the root row (blank or equal on the others), carry values the
 * file format lacks: `chain_block`, `total_issuance_tao`, `emission_gate_bar` (θ),
 * `emission_gate_exponent` (h) and `tao_weight` (a fraction, e.g. 0.18). Unknown columns are
 * errors, so a misspelt global cannot silently fall back to a default.
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { Decimal } from 'decimal.js';
import { InputError } from '../core/errors.js';
import { U96F32, fromF64 } from '../core/fixed.js';
import type { SubnetCoinbaseInput } from '../chain/coinbase/index.js';
import { type AlphaRao, type TaoRao, RAO_PER_TAO, U64_MAX, alphaRao, taoRao } from '../core/units.js';
import type { ResolvedScenario } from './types.js';

/** Pool state, `SubnetMovingPrice`, tempo, `NetworkRegisteredAt`, `MinerBurned` and the flags. */
export const SNAPSHOT_STATE_COLUMNS = [
  'netuid', 'tempo', 'registered_at_block', 'tao_in_pool_tao', 'alpha_in_pool', 'alpha_out_pool', 'moving_price_pinned',
  'miner_burned_fraction', 'emission_enabled', 'subtoken_enabled', 'registration_allowed_pinned', 'first_emission_block',
] as const;
/** Counts and stake the built-in population is drawn from. */
const POPULATION = ['participant_count', 'validator_count', 'total_stake_alpha'] as const;
/** The block's observed injection: `taosim shares` is checked against it (Checks A and B). */
const OBSERVED = ['tao_in_emission_tao', 'excess_tao'] as const;
/** Written by the collector, read by nothing here. */
const DESCRIPTIVE = [
  'name', 'symbol', 'status', 'subnet_type', 'alpha_price_tao', 'alpha_in_emission', 'alpha_out_emission',
  'subnet_volume_tao', 'miner_count', 'max_uids', 'max_validators', 'registration_cost_tao',
] as const;
const GLOBALS = ['chain_block', 'total_issuance_tao', 'emission_gate_bar', 'emission_gate_exponent', 'tao_weight'] as const;
type Column = (typeof SNAPSHOT_STATE_COLUMNS)[number] | (typeof POPULATION)[number] | (typeof OBSERVED)[number] | 'bulk_call_block' | (typeof GLOBALS)[number];
/** `SubnetMovingPrice` is an I96F32 (subtensor's tests store 2): every double below 2^95 fits. */
const I96F32_BOUND = { value: 2 ** 95, text: '2^95' };

export interface SnapshotSubnet {
  readonly netuid: number;
  readonly tempo: number;
  readonly registeredAtBlock: bigint;
  /** `SubnetTAO` y_i. */
  readonly taoReserve: TaoRao;
  /** `SubnetAlphaIn` x_i. */
  readonly alphaReserve: AlphaRao;
  /** `SubnetAlphaOut` o_i. */
  readonly alphaOutstanding: AlphaRao;
  /**
   * Spot price y/x as U64F64 raw (`calculate_price` with weights 0.5/0.5). SIM-DIVERGENCE: the file
   * has no Balancer weights; y/x reproduces the chain's tao_in/alpha_in at the snapshot block to a
   * median ~2e-6 relative, while the reported `alpha_price_tao` misses by up to 8%.
   */
  readonly spotPrice: bigint;
  /** `SubnetMovingPrice`, I96F32 raw; 0 when blank (not started: the chain default). */
  readonly movingPrice: bigint;
  /** `MinerBurned`, U96F32 raw; 0 when blank. */
  readonly minerBurned: bigint;
  readonly emissionEnabled: boolean;
  readonly subtokenEnabled: boolean;
  readonly registrationAllowed: boolean;
  readonly firstEmissionBlock: bigint | null;
  /** Population seeds; undefined when the file lacks the column. */
  readonly participantCount: number | undefined;
  readonly validatorCount: number | undefined;
  readonly totalStake: AlphaRao | undefined;
  /** Observed at the snapshot block: `tao_in_emission_tao`, `excess_tao`; undefined when the file lacks the column. */
  readonly observedTaoIn: TaoRao | undefined;
  readonly observedExcessTao: TaoRao | undefined;
}

export interface Snapshot {
  readonly file: string;
  /** `chain_block` if given, else the bulk-call block of the pool state. */
  readonly block: bigint;
  /** `SubnetTAO[0]`: TAO staked on root. */
  readonly rootTao: TaoRao;
  /** Non-root subnets, ascending netuid. */
  readonly subnets: readonly SnapshotSubnet[];
  readonly totalIssuance: TaoRao | undefined;
  /** θ as U64F64 raw. */
  readonly gateBar: bigint | undefined;
  readonly gateExponent: number | undefined;
  /** TaoWeight as raw u64 (fraction · u64::MAX, floored). */
  readonly taoWeightRaw: bigint | undefined;
}

export function readSnapshot(file: string): Snapshot {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError('', `cannot read snapshot: ${(e as Error).message}`, file);
  }
  return parseSnapshot(text, file);
}

export function parseSnapshot(text: string, file: string): Snapshot {
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  const firstError = parsed.errors[0];
  if (firstError) throw new InputError(`row ${(firstError.row ?? 0) + 1}`, `malformed CSV: ${firstError.message}`, file);
  const [header, ...rows] = parsed.data;
  if (!header) throw new InputError('', 'empty file: expected a header row', file);
  const twice = header.find((h, i) => header.indexOf(h) !== i);
  if (twice !== undefined) throw new InputError('row 1', `column "${twice}" appears twice (which would win is not for a reader to guess)`, file);
  const known = new Set<string>([...SNAPSHOT_STATE_COLUMNS, ...POPULATION, ...OBSERVED, ...DESCRIPTIVE, 'bulk_call_block', ...GLOBALS]);
  header.forEach((h) => {
    if (!known.has(h)) throw new InputError('header', `unknown column "${h}"`, file);
  });
  for (const c of SNAPSHOT_STATE_COLUMNS) if (!header.includes(c)) throw new InputError('header', `missing column "${c}" (a snapshot needs the state columns ${SNAPSHOT_STATE_COLUMNS.join(', ')})`, file);
  if (!header.includes('chain_block') && !header.includes('bulk_call_block'))
    throw new InputError('header', 'missing column "chain_block" or "bulk_call_block": the block the state is at', file);
  const index = new Map(header.map((h, i) => [h, i]));

  const cells = rows.map((r, i) => {
    if (r.length !== header.length) throw new InputError(`row ${i + 2}`, `has ${r.length} fields, the header has ${header.length}`, file);
    return new Row(r, i + 2, index, file);
  });
  const root = cells.find((r) => r.int('netuid', 0, 65_535) === 0);
  if (!root) throw new InputError('netuid', 'no root row (netuid 0): the root TAO comes from it', file);

  const seen = new Set<number>();
  const subnets: SnapshotSubnet[] = [];
  for (const r of cells) {
    const netuid = r.int('netuid', 0, 65_535);
    if (seen.has(netuid)) throw new InputError(r.where('netuid'), `duplicate netuid ${netuid}`, file);
    seen.add(netuid);
    for (const g of GLOBALS) {
      if (r !== root && index.has(g) && r.text(g) !== '' && r.text(g) !== root.text(g)) {
        throw new InputError(r.where(g), `global value "${r.text(g)}" differs from the root row's "${root.text(g)}"`, file);
      }
    }
    if (netuid !== 0) subnets.push(r.subnet(netuid));
  }
  subnets.sort((a, b) => a.netuid - b.netuid);
  const opt = <T>(c: Column, f: () => T): T | undefined => (index.has(c) && root.text(c) !== '' ? f() : undefined);
  const chainBlock = opt('chain_block', () => BigInt(root.int('chain_block', 0, Number.MAX_SAFE_INTEGER)));
  if (chainBlock === undefined && !index.has('bulk_call_block'))
    throw new InputError(root.where('chain_block'), 'blank, and there is no bulk_call_block column: the block the state is at', file);
  return {
    file,
    block: chainBlock ?? BigInt(root.int('bulk_call_block', 0, Number.MAX_SAFE_INTEGER)),
    rootTao: taoRao(root.amount('tao_in_pool_tao')),
    subnets,
    totalIssuance: opt('total_issuance_tao', () => taoRao(root.amount('total_issuance_tao'))),
    gateBar: opt('emission_gate_bar', () => root.fraction('emission_gate_bar', 64)),
    gateExponent: opt('emission_gate_exponent', () => root.int('emission_gate_exponent', 1, 16)),
    taoWeightRaw: opt('tao_weight', () => root.taoWeight('tao_weight')),
  };
}

/** TaoWeight given as a fraction in [0, 1] → raw u64 (floor(W · u64::MAX)). */
export function taoWeightFromFraction(text: string): bigint | undefined {
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
  const d = new Decimal(text);
  if (d.gt(1)) return undefined;
  return BigInt(d.mul(U64_MAX.toString()).floor().toFixed(0));
}

/** A decimal fraction → fixed-point raw with `frac` bits, rounded to nearest; undefined if not a number. */
export function fixedFromDecimal(text: string, frac: number): bigint | undefined {
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
  return BigInt(new Decimal(text).mul(new Decimal(2).pow(frac)).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).toFixed(0));
}

class Row {
  constructor(
    private readonly cells: readonly string[],
    private readonly line: number,
    private readonly index: ReadonlyMap<string, number>,
    private readonly file: string,
  ) {}

  where(c: Column): string {
    return `row ${this.line}, column ${c}`;
  }
  text(c: Column): string {
    return (this.cells[this.index.get(c) ?? -1] ?? '').trim();
  }
  private fail(c: Column, expected: string): never {
    throw new InputError(this.where(c), `"${this.text(c)}" is not ${expected}`, this.file);
  }
  int(c: Column, min: number, max: number): number {
    const t = this.text(c);
    const v = Number(t);
    if (!/^\d+$/.test(t) || v < min || v > max) this.fail(c, `an integer in [${min}, ${max}]`);
    return v;
  }
  optionalBlock(c: Column): bigint | null {
    return this.text(c) === '' ? null : BigInt(this.int(c, 0, Number.MAX_SAFE_INTEGER));
  }
  /** Whole tokens → rao; the collector sometimes prints exponents ("6.08e-07"). */
  amount(c: Column): bigint {
    const t = this.text(c);
    if (!/^\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t)) this.fail(c, 'a non-negative decimal amount');
    const d = new Decimal(t);
    if (d.decimalPlaces() > 9) this.fail(c, 'an amount with at most 9 decimals (1 rao)');
    return BigInt(d.mul(RAO_PER_TAO.toString()).toFixed(0));
  }
  bool(c: Column): boolean {
    const t = this.text(c).toLowerCase();
    if (t !== 'true' && t !== 'false') this.fail(c, 'True or False');
    return t === 'true';
  }
  /**
   * A chain I96F32/U96F32 value printed as a double, in [0, 1] or (`max` given) in [0, max): exact
   * when it has ≤ 53 significant bits, as every stored value below 2^21 has.
   */
  fixed32(c: Column, max?: { value: number; text: string }): bigint {
    const t = this.text(c);
    const v = Number(t);
    const ok = max === undefined ? v <= 1 : v < max.value;
    if (t === '' || !Number.isFinite(v) || v < 0 || !ok) this.fail(c, max === undefined ? 'a number in [0, 1]' : `a number in [0, ${max.text})`);
    return fromF64(U96F32, v);
  }
  fraction(c: Column, frac: number): bigint {
    const v = fixedFromDecimal(this.text(c), frac);
    if (v === undefined || v > 1n << BigInt(frac)) this.fail(c, 'a fraction in [0, 1]');
    return v;
  }
  taoWeight(c: Column): bigint {
    const v = taoWeightFromFraction(this.text(c));
    if (v === undefined) this.fail(c, 'a fraction in [0, 1]');
    return v;
  }

  /** A column the file may lack: undefined then. */
  private optional<T>(c: Column, read: (c: Column) => T): T | undefined {
    return this.index.has(c) ? read(c) : undefined;
  }

  subnet(netuid: number): SnapshotSubnet {
    const taoReserve = this.amount('tao_in_pool_tao');
    const alphaReserve = this.amount('alpha_in_pool');
    const count = (c: Column) => this.int(c, 0, 65_535);
    const taoAmount = (c: Column) => taoRao(this.amount(c));
    return {
      netuid,
      tempo: this.int('tempo', 0, 65_535),
      registeredAtBlock: BigInt(this.int('registered_at_block', 0, Number.MAX_SAFE_INTEGER)),
      taoReserve: taoRao(taoReserve),
      alphaReserve: alphaRao(alphaReserve),
      alphaOutstanding: alphaRao(this.amount('alpha_out_pool')),
      spotPrice: alphaReserve === 0n ? 0n : (taoReserve << 64n) / alphaReserve,
      movingPrice: this.text('moving_price_pinned') === '' ? 0n : this.fixed32('moving_price_pinned', I96F32_BOUND),
      minerBurned: this.text('miner_burned_fraction') === '' ? 0n : this.fixed32('miner_burned_fraction'),
      emissionEnabled: this.bool('emission_enabled'),
      subtokenEnabled: this.bool('subtoken_enabled'),
      registrationAllowed: this.bool('registration_allowed_pinned'),
      firstEmissionBlock: this.optionalBlock('first_emission_block'),
      participantCount: this.optional('participant_count', count),
      validatorCount: this.optional('validator_count', count),
      totalStake: this.optional('total_stake_alpha', (c) => alphaRao(this.amount(c))),
      observedTaoIn: this.optional('tao_in_emission_tao', taoAmount),
      observedExcessTao: this.optional('excess_tao', taoAmount),
    };
  }
}

/**
 * The snapshot's subnets as coinbase inputs. `OwnerCutEnabled` is not in the file and takes the
 * chain default (true); the spot price is y/x (see `SnapshotSubnet.spotPrice`).
 */
export function snapshotCoinbaseSubnets(snapshot: Snapshot): SubnetCoinbaseInput[] {
  return snapshot.subnets.map((s) => ({
    netuid: s.netuid,
    alphaIn: s.alphaReserve,
    alphaOut: s.alphaOutstanding,
    spotPrice: s.spotPrice,
    movingPrice: s.movingPrice,
    minerBurned: s.minerBurned,
    firstEmissionBlock: s.firstEmissionBlock,
    subtokenEnabled: s.subtokenEnabled,
    registrationAllowed: s.registrationAllowed,
    emissionEnabled: s.emissionEnabled,
    ownerCutEnabled: true,
  }));
}

/**
 * What a snapshot scenario names must be in its snapshot: an override's netuid, and the netuid of
 * every stake, unstake and subnet set_param (inline scenarios check these against the file itself).
 */
export function checkAgainstSnapshot(sc: ResolvedScenario, snapshot: Snapshot, file: string): void {
  if (sc.initial.kind !== 'snapshot') return;
  const have = new Set(snapshot.subnets.map((s) => s.netuid));
  const list = () => `the snapshot has ${snapshot.subnets.length} subnets, netuids ${Math.min(...have)}..${Math.max(...have)}`;
  for (const o of sc.initial.overrides)
    if (!have.has(o.netuid)) throw new InputError(`initial.overrides.${o.netuid}`, `no subnet with this netuid in the snapshot (${list()})`, file);
  for (const e of sc.events) {
    const netuid = e.kind === 'stake' || e.kind === 'unstake' ? e.netuid : e.kind === 'set_param' && e.scope === 'subnet' ? e.netuid : undefined;
    if (netuid !== undefined && !have.has(netuid))
      throw new InputError(`events[${e.index}].${e.kind}.netuid`, `no subnet with this netuid in the snapshot (got ${netuid}; ${list()})`, file);
  }
}
