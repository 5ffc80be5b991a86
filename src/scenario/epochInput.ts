/**
 * Input of `taosim epoch`: one Yuma vector object or an array of them, in the format of
 * shared/vectors/yuma-vectors.json (shared/spec/yuma.md §8.1). Only `inputs` is read (and `name`);
 * `expected` and the other descriptive keys are ignored. Inside `inputs` unknown keys are errors.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../core/errors.js';

const u16 = z.number().int().min(0).max(65535);
const block = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const uint = z.number().int().min(0);
/** Rao amounts: JSON integers, or decimal strings above 2^53. */
const rao = z.union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\d+$/, 'a whole number of rao')]);
const sparseRow = z.array(z.tuple([uint, u16]));

const params = z
  .object({
    n: z.number().int().min(1).max(65535),
    tempo: u16,
    activity_cutoff_blocks: block.optional(),
    kappa: u16,
    bonds_penalty: u16,
    bonds_moving_average: z.union([uint, z.string().regex(/^\d+$/)]),
    yuma3: z.boolean(),
    liquid_alpha: z.boolean(),
    alpha_low: u16.default(45_875),
    alpha_high: u16.default(58_982),
    alpha_sigmoid_steepness: z.number().int().min(-32768).max(32767).default(1000),
    max_allowed_validators: u16,
    stake_threshold: rao.default(0),
    owner_uid: uint.nullable().default(null),
    tao_weight: rao.default(0),
    last_mechanism_step_block: block.default(0),
  })
  .strict();

const action = z.discriminatedUnion('type', [
  z.object({ type: z.literal('set_weights'), uid: uint, uids: z.array(uint), values: z.array(u16), block }).strict(),
  z.object({ type: z.literal('replace_neuron'), uid: uint, block, alpha_stake: rao.default(0), tao_stake: rao.default(0) }).strict(),
  z.object({ type: z.literal('reset_bonds'), uid: uint }).strict(),
  z.object({ type: z.literal('set_last_update'), last_update: z.array(block) }).strict(),
  z.object({ type: z.literal('set_permits'), validator_permits: z.array(z.boolean()) }).strict(),
  z.object({ type: z.literal('set_stake'), alpha_stake: z.array(rao), tao_stake: z.array(rao).optional() }).strict(),
]);

const inputs = z
  .object({
    params,
    initial_state: z
      .object({
        alpha_stake: z.array(rao),
        tao_stake: z.array(rao).optional(),
        block_at_registration: z.array(block),
        last_update: z.array(block),
        validator_permits: z.array(z.boolean()),
        weights: z.array(sparseRow).optional(),
        bonds: z.array(sparseRow).optional(),
      })
      .strict(),
    steps: z
      .array(
        z
          .object({
            label: z.string().default(''),
            epoch_block: block,
            rao_emission: rao,
            actions: z.array(action).default([]),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

const vector = z.object({ name: z.string().default('vector'), inputs }).loose();

type Rao = z.infer<typeof rao>;
export type EpochVectorInput = z.infer<typeof inputs>;
export type EpochAction = z.infer<typeof action>;
export interface EpochVector {
  readonly name: string;
  readonly inputs: EpochVectorInput;
}
export interface EpochFile {
  readonly vectors: EpochVector[];
  /** Whether the file held an array (the output mirrors the input's shape). */
  readonly isArray: boolean;
  /** Vectors of an array marked with another `kind` (the shared fixture's "math" vectors), not replayed. */
  readonly skipped: number;
}

export const raoToBigint = (v: Rao): bigint => BigInt(v);

export function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const k of path) s += typeof k === 'number' ? `[${k}]` : s === '' ? String(k) : `.${String(k)}`;
  return s;
}

/** Cross-field checks zod cannot express: lengths against n, uids in range. */
function checkSemantics(v: EpochVectorInput, at: string[], problems: string[]): void {
  const n = v.params.n;
  const p = (s: string) => `${at.join('')}${s}`;
  const len = (arr: readonly unknown[] | undefined, key: string) => {
    if (arr !== undefined && arr.length !== n) problems.push(`${p(key)}: has ${arr.length} entries, expected n = ${n}`);
  };
  const uid = (u: number, key: string) => {
    if (u >= n) problems.push(`${p(key)}: ${u} is not a uid of this subnet (n = ${n})`);
  };
  const s0 = v.initial_state;
  len(s0.alpha_stake, 'inputs.initial_state.alpha_stake');
  len(s0.tao_stake, 'inputs.initial_state.tao_stake');
  len(s0.block_at_registration, 'inputs.initial_state.block_at_registration');
  len(s0.last_update, 'inputs.initial_state.last_update');
  len(s0.validator_permits, 'inputs.initial_state.validator_permits');
  for (const key of ['weights', 'bonds'] as const) {
    const m = s0[key];
    len(m, `inputs.initial_state.${key}`);
    m?.forEach((row, i) => row.forEach(([j], t) => uid(j, `inputs.initial_state.${key}[${i}][${t}][0]`)));
  }
  if (v.params.owner_uid !== null) uid(v.params.owner_uid, 'inputs.params.owner_uid');
  v.steps.forEach((st, k) =>
    st.actions.forEach((a, t) => {
      const ap = `inputs.steps[${k}].actions[${t}]`;
      switch (a.type) {
        case 'set_weights': {
          uid(a.uid, `${ap}.uid`);
          a.uids.forEach((u, q) => uid(u, `${ap}.uids[${q}]`));
          if (a.uids.length !== a.values.length)
            problems.push(`${p(ap)}: uids has ${a.uids.length} entries but values has ${a.values.length}`);
          const seen = new Set<number>();
          a.uids.forEach((u, q) => {
            if (seen.has(u)) problems.push(`${p(`${ap}.uids[${q}]`)}: uid ${u} appears twice (the chain refuses duplicate uids)`);
            seen.add(u);
          });
          break;
        }
        case 'replace_neuron':
        case 'reset_bonds':
          uid(a.uid, `${ap}.uid`);
          break;
        case 'set_last_update':
          len(a.last_update, `${ap}.last_update`);
          break;
        case 'set_permits':
          len(a.validator_permits, `${ap}.validator_permits`);
          break;
        case 'set_stake':
          len(a.alpha_stake, `${ap}.alpha_stake`);
          len(a.tao_stake, `${ap}.tao_stake`);
          break;
      }
    }),
  );
}

/** Validate parsed JSON as an epoch file. Throws InputError listing every problem with its path. */
export function parseEpochJson(data: unknown, file?: string): EpochFile {
  const isArray = Array.isArray(data);
  const items: unknown[] = isArray ? data : [data];
  if (items.length === 0) throw new InputError('', 'the array holds no vector', file);
  const problems: string[] = [];
  const vectors: EpochVector[] = [];
  let skipped = 0;
  items.forEach((item, k) => {
    const prefix = isArray ? [`[${k}].`] : [];
    const kind = item !== null && typeof item === 'object' ? (item as { kind?: unknown }).kind : undefined;
    if (isArray && kind !== undefined && kind !== 'epoch') {
      skipped += 1;
      return;
    }
    const r = vector.safeParse(item);
    if (!r.success) {
      for (const issue of r.error.issues) {
        const path = prefix.join('') + formatPath(issue.path);
        problems.push(`${path || '(top level)'}: ${issue.message}`);
      }
      return;
    }
    checkSemantics(r.data.inputs, prefix, problems);
    vectors.push({ name: r.data.name, inputs: r.data.inputs });
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, 20);
    const more = problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '';
    throw new InputError('', `${problems.length === 1 ? '' : `${problems.length} problems:\n  `}${shown.join('\n  ')}${more}`, file);
  }
  if (vectors.length === 0 && problems.length === 0) throw new InputError('', `the array holds no epoch vector (${skipped} of another kind)`, file);
  return { vectors, isArray, skipped };
}

/** Read and validate an epoch file ("-" reads standard input). */
export function loadEpochFile(path: string): EpochFile {
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    throw new InputError('', `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, path);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError('', `not valid JSON: ${(e as Error).message}`, path);
  }
  return parseEpochJson(data, path);
}
