/**
 * Output of `taosim epoch`: each step's Yuma output named and shaped exactly as the vectors'
 * `expected.steps[k]` (shared/spec/yuma.md §8.1), as JSON or as one CSV row per (step, uid).
 * I32F32 values are written as their exact double (raw/2^32); rao as JSON integers, or decimal
 * strings above 2^53.
 */
import type { YumaOutput } from '../chain/epoch/yuma.js';
import { toF64 } from '../math/q32.js';
import { fromCsr, type Csr, type SparseMatrix } from '../math/sparse.js';

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const raoJson = (v: bigint): number | string => (v <= SAFE ? Number(v) : v.toString());
const fx = (x: readonly number[]): number[] => x.map(toF64);
const sparseFx = (c: Csr): [number, number][][] => fromCsr(c).map((r) => Array.from(r.j, (j, t): [number, number] => [j, toF64(r.v[t]!)]));
const sparseInt = (m: SparseMatrix): [number, number][][] => m.map((r) => Array.from(r.j, (j, t): [number, number] => [j, r.v[t]!]));

export interface StepRecord {
  readonly label: string;
  readonly output: YumaOutput;
}

/** Each field of a step's JSON, in output order. */
const JSON_FIELDS = {
  label: (s: StepRecord) => s.label,
  stake: (s: StepRecord) => fx(s.output.stake),
  active_stake: (s: StepRecord) => fx(s.output.activeStake),
  active: (s: StepRecord) => s.output.active,
  new_validator_permits: (s: StepRecord) => s.output.newValidatorPermits,
  weights_normalized: (s: StepRecord) => sparseFx(s.output.weights),
  consensus: (s: StepRecord) => fx(s.output.consensus),
  validator_trust: (s: StepRecord) => fx(s.output.validatorTrust),
  incentive: (s: StepRecord) => fx(s.output.incentive),
  dividends: (s: StepRecord) => fx(s.output.dividends),
  ema_bonds: (s: StepRecord) => sparseFx(s.output.emaBonds),
  bonds_stored_u16: (s: StepRecord) => sparseInt(s.output.bondsStored),
  server_emission: (s: StepRecord) => s.output.serverEmission.map(raoJson),
  validator_emission: (s: StepRecord) => s.output.validatorEmission.map(raoJson),
  combined_emission: (s: StepRecord) => s.output.combinedEmission.map(raoJson),
  consensus_u16: (s: StepRecord) => s.output.consensusU16,
  incentive_u16: (s: StepRecord) => s.output.incentiveU16,
  dividends_u16: (s: StepRecord) => s.output.dividendsU16,
  validator_trust_u16: (s: StepRecord) => s.output.validatorTrustU16,
  stake_weight_u16: (s: StepRecord) => s.output.stakeWeightU16,
} as const;
export type EpochJsonField = keyof typeof JSON_FIELDS;
export const EPOCH_JSON_FIELDS = Object.keys(JSON_FIELDS) as EpochJsonField[];

/** A step's JSON with `fields` only (in output order), computing no other. */
export function stepJsonFields(s: StepRecord, fields: readonly EpochJsonField[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of EPOCH_JSON_FIELDS) if (fields.includes(f)) out[f] = JSON_FIELDS[f](s);
  return out;
}

export const stepJson = (s: StepRecord): Record<string, unknown> => stepJsonFields(s, EPOCH_JSON_FIELDS);

const csvField = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Each CSV column of one (step, uid) row, in output order. Bonds as "j:u16" joined by spaces. */
const CSV_COLUMNS = {
  vector: (r: CsvRow) => csvField(r.vector),
  step: (r: CsvRow) => String(r.step),
  label: (r: CsvRow) => csvField(r.s.label),
  uid: (r: CsvRow) => String(r.uid),
  stake: (r: CsvRow) => String(toF64(r.s.output.stake[r.uid]!)),
  active_stake: (r: CsvRow) => String(toF64(r.s.output.activeStake[r.uid]!)),
  active: (r: CsvRow) => String(r.s.output.active[r.uid]),
  new_validator_permit: (r: CsvRow) => String(r.s.output.newValidatorPermits[r.uid]),
  consensus: (r: CsvRow) => String(toF64(r.s.output.consensus[r.uid]!)),
  validator_trust: (r: CsvRow) => String(toF64(r.s.output.validatorTrust[r.uid]!)),
  incentive: (r: CsvRow) => String(toF64(r.s.output.incentive[r.uid]!)),
  dividends: (r: CsvRow) => String(toF64(r.s.output.dividends[r.uid]!)),
  server_emission: (r: CsvRow) => r.s.output.serverEmission[r.uid]!.toString(),
  validator_emission: (r: CsvRow) => r.s.output.validatorEmission[r.uid]!.toString(),
  combined_emission: (r: CsvRow) => r.s.output.combinedEmission[r.uid]!.toString(),
  consensus_u16: (r: CsvRow) => String(r.s.output.consensusU16[r.uid]),
  incentive_u16: (r: CsvRow) => String(r.s.output.incentiveU16[r.uid]),
  dividends_u16: (r: CsvRow) => String(r.s.output.dividendsU16[r.uid]),
  validator_trust_u16: (r: CsvRow) => String(r.s.output.validatorTrustU16[r.uid]),
  stake_weight_u16: (r: CsvRow) => String(r.s.output.stakeWeightU16[r.uid]),
  bonds_stored_u16: (r: CsvRow) => {
    const b = r.s.output.bondsStored[r.uid]!;
    return Array.from(b.j, (j, t) => `${j}:${b.v[t]}`).join(' ');
  },
} as const;
interface CsvRow {
  readonly vector: string;
  readonly step: number;
  readonly s: StepRecord;
  readonly uid: number;
}
export type EpochCsvColumn = keyof typeof CSV_COLUMNS;
export const EPOCH_CSV_HEADER = Object.keys(CSV_COLUMNS) as EpochCsvColumn[];
/** A row's identity, written whatever --fields chooses. */
const CSV_KEYS: readonly EpochCsvColumn[] = ['vector', 'step', 'uid'];
/** The columns --fields may choose in CSV. */
export const EPOCH_CSV_FIELDS = EPOCH_CSV_HEADER.filter((c) => !CSV_KEYS.includes(c));

/** One replayed vector; its steps are computed as they are pulled. */
export interface VectorSteps {
  readonly name: string;
  readonly steps: Iterable<StepRecord>;
}
/** Where output goes, a chunk at a time; a promise makes the writer wait (backpressure). */
export type Sink = (chunk: string) => void | Promise<void>;

const pad = (depth: number): string => ' '.repeat(depth);
/** `value` as JSON.stringify(·, null, 1) prints it nested `depth` levels deep. */
const nested = (value: unknown, depth: number): string => JSON.stringify(value, null, 1).replaceAll('\n', '\n' + pad(depth));

/**
 * The vectors' JSON, exactly JSON.stringify(out, null, 1) + "\n" of `{name, steps}` per vector (an
 * array of them if `asArray`), written one step at a time as each is computed, so no more than
 * one step's output is ever held.
 */
export async function writeEpochJson(vectors: Iterable<VectorSteps>, asArray: boolean, fields: readonly EpochJsonField[], write: Sink): Promise<void> {
  const d = asArray ? 1 : 0;
  let first = true;
  for (const v of vectors) {
    await write(`${first ? (asArray ? '[\n' : '') : ',\n'}${pad(d)}{\n${pad(d + 1)}"name": ${JSON.stringify(v.name)},\n${pad(d + 1)}"steps": [`);
    first = false;
    let k = 0;
    for (const s of v.steps) await write(`${k++ === 0 ? '\n' : ',\n'}${pad(d + 2)}${nested(stepJsonFields(s, fields), d + 2)}`);
    await write(`${k === 0 ? ']' : `\n${pad(d + 1)}]`}\n${pad(d)}}`);
  }
  await write(asArray ? (first ? '[]\n' : '\n]\n') : '\n');
}

/** The vectors' CSV: the header, then each step's rows (one per uid) as the step is computed. */
export async function writeEpochCsv(vectors: Iterable<VectorSteps>, fields: readonly EpochCsvColumn[], write: Sink): Promise<void> {
  const columns = EPOCH_CSV_HEADER.filter((c) => CSV_KEYS.includes(c) || fields.includes(c));
  await write(columns.join(',') + '\n');
  for (const v of vectors) {
    let step = 0;
    for (const s of v.steps) {
      let text = '';
      for (let uid = 0; uid < s.output.stake.length; uid++) {
        const r = { vector: v.name, step, s, uid };
        text += columns.map((c) => CSV_COLUMNS[c](r)).join(',') + '\n';
      }
      await write(text);
      step++;
    }
  }
}
