/**
 * The scenario file format: a strict zod schema (unknown keys are errors, so a typo never falls
 * back to a default) whose output is already in internal units (rao bigints, u16 integers, the
 * chain's fixed-point numerators), then the cross-field checks. Every problem becomes one line of a
 * single InputError: `<key path>: <what is wrong> (got <value>)`.
 * scenarios/README.md documents every key.
 */
import { Decimal } from 'decimal.js';
import * as z from 'zod';
import { InputError } from '../core/errors.js';
import { I96F32 } from '../core/fixed.js';
import { type AlphaRao, type TaoRao, U64_MAX, alphaRao, parseUnits, taoRao } from '../core/units.js';
import { I64_MAX_BIG, PERQUINTILL, Q32, Q64, ROOT_SELL_MODES, RUN_DEFAULTS, SHARE_RULES, U64_MAX_BIG } from './defaults.js';

/** Enough digits for u64::MAX × a 9-decimal ratio, so conversions to fixed point are exact before rounding. */
const Dec = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_HALF_EVEN });
type Dec = InstanceType<typeof Dec>;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const DECIMAL_RE = /^-?\d+(\.\d+)?$/;

/** One problem found in a file. */
export interface Problem {
  readonly path: string;
  readonly problem: string;
}

/** `a.b[2].c`, as the user would point at it in the file. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out === '' ? String(k) : `.${String(k)}`;
  return out;
}

/** A short, exact rendering of a value for an error message. */
export function showValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = typeof v === 'bigint' ? v.toString() : JSON.stringify(v);
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}

/** All problems as one InputError naming the file; a single problem keeps its key path in `path`. */
export function problemsError(problems: readonly Problem[], file: string): InputError {
  const [first] = problems;
  if (problems.length === 1 && first) return new InputError(first.path || '(top level)', first.problem, file);
  const lines = problems.map((p) => `  - ${p.path || '(top level)'}: ${p.problem}`);
  return new InputError('', `${problems.length} problems:\n${lines.join('\n')}`, file);
}

// ---------------------------------------------------------------------------------------------
// Field types. Each checks one value and converts it to its internal unit.

type Check<T> = { ok: true; value: T } | { ok: false; problem: string };
const ok = <T>(value: T): Check<T> => ({ ok: true, value });
const bad = <T>(problem: string): Check<T> => ({ ok: false, problem });

function field<T>(check: (v: unknown) => Check<T>) {
  return z.unknown().transform((v, ctx): T => {
    const r = check(v);
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: r.problem, input: v });
    return z.NEVER;
  });
}

function amountCheck(v: unknown, unit: 'TAO' | 'alpha', signed: boolean): Check<bigint> {
  const what = `a decimal string of ${unit}${signed ? '' : ' ≥ 0'} with at most 9 decimals, quoted (e.g. "1.5")`;
  if (v === undefined) return bad(`required: ${what}`);
  if (typeof v === 'number') return bad(`amounts must be quoted strings, not numbers (floats are not exact); expected ${what}`);
  if (typeof v !== 'string') return bad(`expected ${what}`);
  let rao: bigint;
  try {
    rao = parseUnits(v);
  } catch (e) {
    return bad(`${(e as Error).message}; expected ${what}`);
  }
  if (!signed && rao < 0n) return bad(`negative amount; expected ${what}`);
  if (rao > U64_MAX || rao < -U64_MAX) return bad(`out of range: the chain stores amounts as u64 rao; expected ${what}`);
  return ok(rao);
}

/** TAO amount, decimal string → rao. */
export const tao = field((v) => {
  const r = amountCheck(v, 'TAO', false);
  return r.ok ? ok(taoRao(r.value)) : (r as Check<TaoRao>);
});
/** Signed TAO amount (a flow cutoff), decimal string → rao. */
const signedTao = field((v) => {
  const r = amountCheck(v, 'TAO', true);
  return r.ok ? ok(taoRao(r.value)) : (r as Check<TaoRao>);
});
/** Alpha amount, decimal string → alpha-rao. */
export const alpha = field((v) => {
  const r = amountCheck(v, 'alpha', false);
  return r.ok ? ok(alphaRao(r.value)) : (r as Check<AlphaRao>);
});

function decimalCheck(v: unknown, lo: number, hi: number | Dec, what: string, range = `in [${lo}, ${String(hi)}]`): Check<Dec> {
  const expected = `expected ${what}: a number ${range} (a plain number or a decimal string)`;
  if (v === undefined) return bad(`required: ${expected}`);
  const text = typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v.trim() : undefined;
  // String(x) is the shortest round-trip form, so 0.18 is read as the decimal 0.18, not its binary neighbour.
  if (text === undefined || !(DECIMAL_RE.test(text) || /^-?\d+(\.\d+)?e[-+]?\d+$/i.test(text))) return bad(expected);
  const dec = new Dec(text);
  if (dec.lt(lo) || dec.gt(hi)) return bad(expected);
  return ok(dec);
}

/** A ratio in [lo, hi] → round(value × scale), ties to even (as substrate-fixed `from_num`). */
function fixed(scale: bigint, what: string, lo = 0, hi: number | Dec = 1, range?: string) {
  return field((v) => {
    const r = decimalCheck(v, lo, hi, what, range);
    return r.ok ? ok(BigInt(r.value.mul(scale.toString()).toDecimalPlaces(0, Dec.ROUND_HALF_EVEN).toFixed(0))) : (r as Check<bigint>);
  });
}

/**
 * `SubnetMovingPrice` is an I96F32: any value up to its maximum (2^95 − 2^−32) is storable, and
 * subtensor's own tests set it to 2. Only ≥ 0: the chain's update writes a U64F64 sum back.
 */
const movingPrice = fixed(Q32, 'moving (EMA) price in TAO per alpha', 0, new Dec(I96F32.max.toString()).div(Q32.toString()), 'in [0, 2^95 − 2^−32] (I96F32)');

/** A plain float (agent behaviour, never money). */
function float(lo: number, hi: number, what: string) {
  return field((v) => {
    const r = decimalCheck(v, lo, hi, what);
    return r.ok ? ok(r.value.toNumber()) : (r as Check<number>);
  });
}

function int(lo: number, hi: number, what: string) {
  const msg = `expected ${what}: an integer in [${lo}, ${hi}]`;
  return z.number({ error: msg }).int({ error: msg }).min(lo, { error: msg }).max(hi, { error: msg });
}
const u16 = (what: string) => int(0, 65_535, `${what} (u16)`);
const bool = z.boolean({ error: 'expected true or false' });
/**
 * A scenario's name becomes the folder of its result (out/<name>): a name, never a path. Letters,
 * digits, '.', '_' and '-', starting with a letter or digit (so never '.' or '..'), 1–64 long.
 */
const scenarioName = z
  .string({ error: 'expected a scenario name: a non-empty string' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    error: 'expected a scenario name: 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit (it names the result folder, so no path)',
  });
const name = (what: string) => z.string({ error: `expected ${what}: a non-empty string` }).min(1, { error: `expected ${what}: a non-empty string` });
const netuid = int(1, 65_535, 'a subnet netuid (root, netuid 0, is set by initial.root_tao)');
const block = int(0, MAX_SAFE, 'a block number');
const oneOf = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { error: `expected ${what}: one of ${values.join(', ')}` });

// ---------------------------------------------------------------------------------------------
// Parameters that set_param can change at run time, by key.

export const SUBNET_PARAM_FIELDS = {
  tempo: u16('tempo in blocks'),
  kappa: u16('kappa'),
  bonds_moving_average: int(0, 1_000_000, 'bonds moving average in parts per million'),
  bonds_penalty: u16('bonds penalty'),
  bonds_reset: bool,
  yuma3: bool,
  liquid_alpha: bool,
  alpha_low: u16('liquid alpha low'),
  alpha_high: u16('liquid alpha high'),
  alpha_sigmoid_steepness: int(-32_768, 32_767, 'sigmoid steepness (i16)'),
  max_allowed_validators: u16('max allowed validators'),
  max_allowed_uids: u16('max allowed UIDs'),
  min_allowed_weights: u16('min allowed weights'),
  activity_cutoff_factor_milli: int(1_000, 50_000, 'activity cutoff factor in ‰ of tempo'),
  owner_cut: u16('owner cut (value / 65535)'),
  fee_rate: int(0, 10_000, 'swap fee rate (value / 65535, at most SwapMaxFeeRate 10000)'),
  immunity_period: u16('immunity period in blocks'),
  weights_rate_limit: int(0, MAX_SAFE, 'blocks between two set_weights of one uid (0: off)'),
  burn: tao,
  min_burn: tao,
  max_burn: tao,
  ema_price_halving_blocks: int(0, MAX_SAFE, 'EMA price halving period in blocks'),
} as const;

/** Subnet state flags set_param can flip (root/owner extrinsics on the chain). */
export const SUBNET_FLAG_FIELDS = {
  emission_enabled: bool,
  registration_allowed: bool,
  subtoken_enabled: bool,
} as const;

export const NETWORK_PARAM_FIELDS = {
  block_emission: tao.nullable(),
  tao_weight: fixed(U64_MAX_BIG, 'TaoWeight as a ratio'),
  moving_alpha: fixed(Q32, 'SubnetMovingAlpha (EMA speed per block)'),
  max_epochs_per_block: int(1, 65_535, 'max epochs per block'),
  root_claims_per_block: int(0, 65_535, 'root claims per block'),
  root_sell: oneOf(ROOT_SELL_MODES, 'root-sell behaviour'),
} as const;

const subnetParams = z.object(SUBNET_PARAM_FIELDS).partial().strict();

// ---------------------------------------------------------------------------------------------
// Share rules.

const noParams = z.object({}).strict();
const gateParams = z
  .object({
    gate_exponent: int(1, 16, 'gate exponent h'),
    gate_rank: int(1, 65_535, 'gate rank (θ is the rank-th largest share)'),
    gate_period_blocks: int(1, MAX_SAFE, 'gate recompute period in blocks'),
    gate_threshold: fixed(Q64, 'gate bar θ (a share)').nullable(),
  })
  .partial()
  .strict();
const flowParams = z
  .object({
    flow_smoothing: fixed(I64_MAX_BIG, 'flow EMA smoothing factor per block'),
    flow_cutoff: signedTao,
    flow_exponent: float(0.000001, 16, 'flow norm exponent p'),
  })
  .partial()
  .strict();

const ruleMsg = `expected rule: one of ${SHARE_RULES.join(', ')}`;
export const shareRuleSchema = z.discriminatedUnion(
  'rule',
  [
    z.object({ rule: z.literal('price-ema'), params: noParams.optional() }).strict(),
    z.object({ rule: z.literal('price-burn'), params: noParams.optional() }).strict(),
    z.object({ rule: z.literal('price-burn-gate'), params: gateParams.optional() }).strict(),
    z.object({ rule: z.literal('taoflow'), params: flowParams.optional() }).strict(),
    z.object({ rule: z.literal('net-taoflow'), params: flowParams.optional() }).strict(),
  ],
  { error: (iss) => (iss.code === 'invalid_union' ? ruleMsg : undefined) },
);
export type ShareRuleInput = z.output<typeof shareRuleSchema>;

// ---------------------------------------------------------------------------------------------
// Population.

const stakeTotal = { total: alpha };
const validatorStake = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('equal'), ...stakeTotal }).strict(),
    z.object({ kind: z.literal('pareto'), ...stakeTotal, shape: float(0.01, 100, 'Pareto shape').optional() }).strict(),
    z.object({ kind: z.literal('lognormal'), ...stakeTotal, sigma: float(0, 10, 'σ of log stake').optional() }).strict(),
  ],
  { error: (iss) => (iss.code === 'invalid_union' ? 'expected kind: one of equal, pareto, lognormal' : undefined) },
);
const quality = (what: string) => float(0, 1, what);
const minerQuality = z.discriminatedUnion(
  'kind',
  [
    z
      .object({ kind: z.literal('uniform'), low: quality('lowest quality').optional(), high: quality('highest quality').optional() })
      .strict()
      .refine((q) => (q.low ?? 0) <= (q.high ?? 1), { path: ['low'], message: 'expected low ≤ high (low is the lowest quality drawn)' }),
    z.object({ kind: z.literal('beta'), a: float(0.001, 1000, 'beta a'), b: float(0.001, 1000, 'beta b') }).strict(),
    z.object({ kind: z.literal('constant'), value: quality('quality') }).strict(),
  ],
  { error: (iss) => (iss.code === 'invalid_union' ? 'expected kind: one of uniform, beta, constant' : undefined) },
);
const nominator = z
  .object({
    coldkey: name('a coldkey name').optional(),
    validator: int(0, 65_535, 'the index of a validator of this subnet'),
    amount: alpha,
  })
  .strict();
const child = z
  .object({
    parent: int(0, 65_535, 'the index of the parent validator'),
    child: int(0, 65_535, 'the index of the child validator'),
    proportion: fixed(U64_MAX_BIG, 'share of the parent stake delegated to the child'),
  })
  .strict();
const population = z
  .object({
    validators: int(0, 65_535, 'number of validators'),
    miners: int(0, 65_535, 'number of miners'),
    validator_stake: validatorStake,
    miner_quality: minerQuality,
    validator_noise: float(0, 10, 'σ of validator noise on quality'),
    weight_period_epochs: int(1, 1_000_000, 'epochs between weight sets'),
    nominators: z.array(nominator, { error: 'expected a list of nominators' }),
    children: z.array(child, { error: 'expected a list of childkey links' }),
    childkey_take: int(0, 11_796, 'childkey take (u16, ≤ MaxChildkeyTake 11796)'),
  })
  .partial()
  .strict();
export type PopulationInput = z.output<typeof population>;

// ---------------------------------------------------------------------------------------------
// Initial state.

const subnetStateFields = {
  tao_in: tao,
  alpha_in: alpha,
  alpha_out: alpha.optional(),
  moving_price: movingPrice.optional(),
  miner_burned: fixed(Q32, 'MinerBurned fraction').optional(),
  pool_quote_weight: fixed(PERQUINTILL, 'pool quote (TAO) weight', 0.01, 0.99).optional(),
  emission_enabled: bool.optional(),
  subtoken_enabled: bool.optional(),
  registration_allowed: bool.optional(),
  first_emission_block: block.nullable().optional(),
  last_epoch_block: int(-MAX_SAFE, MAX_SAFE, 'a block number').optional(),
  owner: name('an owner coldkey name').optional(),
  params: subnetParams.optional(),
  population: population.optional(),
};
const inlineSubnet = z.object({ netuid, ...subnetStateFields }).strict();
export type InlineSubnetInput = z.output<typeof inlineSubnet>;
const subnetOverride = z
  .object({ ...subnetStateFields, tao_in: tao.optional(), alpha_in: alpha.optional() })
  .strict();
export type SubnetOverrideInput = z.output<typeof subnetOverride>;

const initial = z
  .object({
    root_tao: tao.optional(),
    subnets: z.array(inlineSubnet, { error: 'expected a list of subnets' }).min(1, { error: 'expected at least one subnet' }).optional(),
    from_snapshot: name('a path to a snapshot CSV, relative to this file').optional(),
    overrides: z.record(z.string(), subnetOverride, { error: 'expected a map netuid → overrides' }).optional(),
    uids_per_subnet: int(1, 65_535, 'UIDs per subnet').optional(),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// Events.

const stakeEvent = z
  .object({ coldkey: name('a coldkey name').optional(), netuid, validator: int(0, 65_535, 'a validator index').optional(), amount: tao })
  .strict();
const unstakeEvent = z
  .object({ coldkey: name('a coldkey name').optional(), netuid, validator: int(0, 65_535, 'a validator index').optional(), amount: alpha })
  .strict();

const registerEvent = z.object({ coldkey: name('a coldkey name').optional(), hotkey: name('a hotkey name'), netuid }).strict();
const registerNetworkEvent = z.object({ coldkey: name('a coldkey name').optional(), hotkey: name('a hotkey name') }).strict();
const startCallEvent = z.object({ netuid }).strict();

type SubnetKey = keyof typeof SUBNET_PARAM_FIELDS | keyof typeof SUBNET_FLAG_FIELDS;
type NetworkKey = keyof typeof NETWORK_PARAM_FIELDS;
export type SetParamInput =
  | { readonly scope: 'subnet'; readonly netuid: number; readonly key: SubnetKey; readonly value: unknown }
  | { readonly scope: 'network'; readonly key: NetworkKey; readonly value: unknown };

const subnetKeyFields: Record<string, z.ZodType> = { ...SUBNET_PARAM_FIELDS, ...SUBNET_FLAG_FIELDS };
const networkKeyFields: Record<string, z.ZodType> = { ...NETWORK_PARAM_FIELDS };

const setParamEvent = z
  .object({ netuid: netuid.optional(), key: name('a parameter name'), value: z.unknown() })
  .strict()
  .transform((e, ctx): SetParamInput => {
    const scope = e.netuid === undefined ? 'network' : 'subnet';
    const fields = scope === 'network' ? networkKeyFields : subnetKeyFields;
    const schema = Object.hasOwn(fields, e.key) ? fields[e.key] : undefined;
    if (schema === undefined) {
      const other = scope === 'network' ? subnetKeyFields : networkKeyFields;
      const hint = Object.hasOwn(other, e.key)
        ? scope === 'network' ? ` ("${e.key}" is a subnet parameter: give netuid)` : ` ("${e.key}" is a network parameter: leave out netuid)`
        : '';
      ctx.addIssue({
        code: 'custom',
        path: ['key'],
        input: e.key,
        message: `unknown ${scope} parameter${hint}; expected one of ${Object.keys(fields).join(', ')}`,
      });
      return z.NEVER;
    }
    if (!('value' in e) || e.value === undefined) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `required: a value for ${e.key}` });
      return z.NEVER;
    }
    const r = schema.safeParse(e.value, { reportInput: true });
    if (!r.success) {
      for (const iss of r.error.issues) ctx.addIssue({ ...iss, path: ['value', ...iss.path] } as never);
      return z.NEVER;
    }
    return scope === 'network'
      ? { scope, key: e.key as NetworkKey, value: r.data }
      : { scope, netuid: e.netuid as number, key: e.key as SubnetKey, value: r.data };
  });

const event = z
  .object({
    at_epoch: int(0, MAX_SAFE, 'the epoch (0 = the first) at which the event happens'),
    stake: stakeEvent.optional(),
    unstake: unstakeEvent.optional(),
    set_param: setParamEvent.optional(),
    set_share_rule: shareRuleSchema.optional(),
    burned_register: registerEvent.optional(),
    register_network: registerNetworkEvent.optional(),
    start_call: startCallEvent.optional(),
  })
  .strict();
export const EVENT_KINDS = ['stake', 'unstake', 'set_param', 'set_share_rule', 'burned_register', 'register_network', 'start_call'] as const;

// ---------------------------------------------------------------------------------------------
// Agent populations (strategies and their parameters are checked against the registry in
// resolve.ts) and the exogenous market.

const BIG = 1e15;
const num = (what: string) => float(-BIG, BIG, what);
const positive = (what: string) => float(1e-12, BIG, what);
const distribution = z.union(
  [
    num('a parameter value'),
    z.discriminatedUnion(
      'kind',
      [
        z.object({ kind: z.literal('constant'), value: num('the value') }).strict(),
        z.object({ kind: z.literal('uniform'), low: num('low'), high: num('high') }).strict(),
        z.object({ kind: z.literal('lognormal'), median: positive('the median'), sigma: float(0, 10, 'σ of the log') }).strict(),
        z.object({ kind: z.literal('pareto'), min: positive('the minimum'), shape: float(0.01, 100, 'the Pareto shape') }).strict(),
        z.object({ kind: z.literal('beta'), a: float(0.001, 1000, 'beta a'), b: float(0.001, 1000, 'beta b'), low: num('low').optional(), high: num('high').optional() }).strict(),
      ],
      { error: 'expected kind: one of constant, uniform, lognormal, pareto, beta' },
    ),
  ],
  { error: 'expected a number or a distribution {kind: constant|uniform|lognormal|pareto|beta, …}' },
);
export type DistributionInput = z.output<typeof distribution>;

export const SUBNET_RANKINGS = ['tao_in', 'moving_price', 'alpha_out'] as const;
const agentPopulation = z
  .object({
    name: z.string({ error: 'expected a population name' }).regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, { error: 'expected a population name: 1–40 lower-case letters, digits, "_" or "-"' }).optional(),
    class: oneOf(['miner', 'validator', 'staker', 'owner'] as const, 'an agent class'),
    strategy: name('a strategy name'),
    count: z.union([int(1, 1_000_000, 'a number of agents'), z.literal('per_subnet')], { error: 'expected count: a number of agents in [1, 1000000], or per_subnet' }),
    subnets: z
      .union(
        [
          z.literal('all'),
          z.array(netuid, { error: 'expected a list of netuids' }).min(1, { error: 'expected at least one netuid' }),
          z.object({ top: int(1, 65_535, 'how many subnets'), by: oneOf(SUBNET_RANKINGS, 'a ranking') }).strict(),
        ],
        { error: 'expected subnets: all, a list of netuids, or {top: N, by: tao_in|moving_price|alpha_out}' },
      )
      .optional(),
    params: z.record(z.string(), distribution, { error: 'expected a map of parameter names to values or distributions' }).optional(),
  })
  .strict();
export type AgentPopulationInput = z.output<typeof agentPopulation>;

const taoUsd = z.union(
  [
    positive('USD per TAO'),
    z.discriminatedUnion(
      'kind',
      [
        z.object({ kind: z.literal('constant'), value: positive('USD per TAO') }).strict(),
        z
          .object({
            kind: z.literal('gbm'),
            start: positive('the start price, USD per TAO'),
            drift: float(-10, 10, 'the annual drift μ'),
            volatility: float(0, 10, 'the annual volatility σ'),
          })
          .strict(),
      ],
      { error: 'expected kind: constant or gbm' },
    ),
  ],
  { error: 'expected a USD price or {kind: constant|gbm, …}' },
);
export type TaoUsdInput = z.output<typeof taoUsd>;

// ---------------------------------------------------------------------------------------------
// The file.

export const scenarioSchema = z
  .object({
    name: scenarioName,
    description: z.string({ error: 'expected a string' }).optional(),
    seed: int(0, 2 ** 32 - 1, 'a seed').optional(),
    run: z
      .object({
        epochs: int(1, 100_000_000, 'number of simulated epochs').optional(),
        days: field((v) => decimalCheck(v, 0.000001, 100_000, 'days to simulate')).optional(),
        block_time_seconds: int(1, 3_600, 'seconds per block').optional(),
        blocks_per_epoch: int(1, 1_000_000, 'blocks per simulated epoch').optional(),
        block_step: int(1, 1_000_000, 'blocks per coinbase step (1 = block-exact)').optional(),
        // block numbers stay exact doubles through the run: far below 2^53
        start_block: int(0, 2 ** 40, 'a start block').optional(),
      })
      .strict(),
    network: z
      .object({ total_issuance: tao, ...NETWORK_PARAM_FIELDS, share_rule: shareRuleSchema })
      .partial()
      .strict()
      .optional(),
    subnet_defaults: z.object({ params: subnetParams, population }).partial().strict().optional(),
    initial,
    events: z.array(event, { error: 'expected a list of events' }).optional(),
    populations: z.array(agentPopulation, { error: 'expected a list of populations' }).optional(),
    market: z.object({ tao_usd: taoUsd }).partial().strict().optional(),
  })
  .strict();
export type ScenarioFile = z.output<typeof scenarioSchema>;
export type RunInput = ScenarioFile['run'];

// ---------------------------------------------------------------------------------------------
// zod issues → problems.

type Issue = z.core.$ZodIssue;

/** The keys an object accepts at `path` (following the raw input through discriminated unions). */
function allowedKeys(schema: z.ZodType, path: readonly PropertyKey[], input: unknown): string[] | undefined {
  let s: z.core.$ZodType = schema;
  let v: unknown = input;
  const at = (x: unknown, k: PropertyKey): unknown => (x !== null && typeof x === 'object' ? (x as Record<PropertyKey, unknown>)[k] : undefined);
  for (let i = 0; ; ) {
    const def = s._zod.def as unknown as Record<string, unknown> & { type: string };
    if (def.type === 'optional' || def.type === 'nullable') s = def.innerType as z.core.$ZodType;
    else if (def.type === 'pipe') s = def.in as z.core.$ZodType;
    else if (def.type === 'union' && typeof def.discriminator === 'string') {
      const d = at(v, def.discriminator);
      const opt = (def.options as z.core.$ZodType[]).find((o) => {
        const lit = (o._zod.def as unknown as { shape: Record<string, z.core.$ZodType> }).shape[def.discriminator as string];
        return (lit?._zod.def as unknown as { values?: unknown[] } | undefined)?.values?.includes(d);
      });
      if (!opt) return undefined;
      s = opt;
    } else if (i === path.length) {
      return def.type === 'object' ? Object.keys(def.shape as object) : undefined;
    } else if (def.type === 'object') {
      const k = path[i++] as PropertyKey;
      s = (def.shape as Record<PropertyKey, z.core.$ZodType>)[k] as z.core.$ZodType;
      v = at(v, k);
      if (!s) return undefined;
    } else if (def.type === 'array') {
      s = def.element as z.core.$ZodType;
      v = at(v, path[i++] as PropertyKey);
    } else if (def.type === 'record') {
      s = def.valueType as z.core.$ZodType;
      v = at(v, path[i++] as PropertyKey);
    } else return undefined;
  }
}

function issueProblems(iss: Issue, input: unknown): Problem[] {
  const path = iss.path;
  if (iss.code === 'unrecognized_keys') {
    const allowed = allowedKeys(scenarioSchema, path, input);
    const obj = (iss.input ?? {}) as Record<string, unknown>;
    return iss.keys.map((k) => ({
      path: formatPath([...path, k]),
      problem: `unknown key${allowed ? ` (allowed here: ${allowed.join(', ')})` : ''} (got ${showValue(obj[k])})`,
    }));
  }
  if (iss.code === 'invalid_union' && 'discriminator' in iss && typeof iss.discriminator === 'string') {
    const got = iss.input !== null && typeof iss.input === 'object' ? (iss.input as Record<string, unknown>)[iss.discriminator] : iss.input;
    return [{ path: formatPath(path), problem: `${iss.message} (got ${showValue(got)})` }];
  }
  if (iss.code === 'invalid_type' && iss.input === undefined) {
    return [{ path: formatPath(path), problem: `required key is missing (expected ${'expected' in iss ? iss.expected : 'a value'})` }];
  }
  const got = iss.input === undefined && iss.message.startsWith('required') ? '' : ` (got ${showValue(iss.input)})`;
  return [{ path: formatPath(path), problem: `${iss.message}${got}` }];
}

// ---------------------------------------------------------------------------------------------
// Cross-field checks.

/** The run length in epochs: `epochs`, or `days` rounded up to whole epochs. */
export function runEpochs(run: RunInput, blockTimeSeconds: number, blocksPerEpoch: number): number {
  if (run.epochs !== undefined) return run.epochs;
  const days = run.days ?? new Dec(0);
  return Number(days.mul(86_400).div(blockTimeSeconds * blocksPerEpoch).ceil().toFixed(0));
}

function crossChecks(f: ScenarioFile, epochs: number | undefined): Problem[] {
  const out: Problem[] = [];
  const add = (path: readonly PropertyKey[], problem: string): void => void out.push({ path: formatPath(path), problem });

  if ((f.run.epochs === undefined) === (f.run.days === undefined)) {
    add(['run'], `give exactly one of epochs or days (got ${f.run.epochs === undefined ? 'neither' : 'both'})`);
  }

  const ini = f.initial;
  const inline = ini.subnets !== undefined;
  if (inline === (ini.from_snapshot !== undefined)) {
    add(['initial'], `give exactly one of subnets (inline state) or from_snapshot (got ${inline ? 'both' : 'neither'})`);
  }
  if (!ini.from_snapshot) {
    if (ini.overrides !== undefined) add(['initial', 'overrides'], 'overrides apply to from_snapshot only; put the values in initial.subnets');
    if (ini.uids_per_subnet !== undefined) add(['initial', 'uids_per_subnet'], 'uids_per_subnet applies to from_snapshot only');
  }
  for (const key of Object.keys(ini.overrides ?? {}).sort()) {
    if (!/^\d+$/.test(key) || Number(key) < 1 || Number(key) > 65_535) {
      add(['initial', 'overrides', key], `expected a netuid in [1, 65535] as the key (got ${showValue(key)})`);
    }
  }

  const netuids = new Set<number>();
  (ini.subnets ?? []).forEach((s, i) => {
    if (netuids.has(s.netuid)) add(['initial', 'subnets', i, 'netuid'], `duplicate netuid (got ${s.netuid})`);
    netuids.add(s.netuid);
  });

  (f.events ?? []).forEach((e, i) => {
    const kinds = EVENT_KINDS.filter((k) => e[k] !== undefined);
    if (kinds.length !== 1) {
      add(['events', i], `give exactly one of ${EVENT_KINDS.join(', ')} (got ${kinds.length === 0 ? 'none' : kinds.join(', ')})`);
    }
    if (epochs !== undefined && e.at_epoch >= epochs) {
      add(['events', i, 'at_epoch'], `the run has epochs 0..${epochs - 1}, so this event would never happen (got ${e.at_epoch})`);
    }
    if (inline) {
      for (const k of ['stake', 'unstake', 'set_param'] as const) {
        const a = e[k];
        const n = a && 'netuid' in a ? a.netuid : undefined;
        if (n !== undefined && !netuids.has(n)) {
          add(['events', i, k, 'netuid'], `no subnet with this netuid in initial.subnets (got ${n}; have ${[...netuids].sort((x, y) => x - y).join(', ')})`);
        }
      }
    }
  });
  return out;
}

/**
 * Check a parsed (YAML/JSON) document against the schema and the cross-field rules. Returns the
 * typed file in internal units, or throws one InputError listing every problem.
 */
export function validateScenario(raw: unknown, file: string): ScenarioFile {
  const r = scenarioSchema.safeParse(raw, { reportInput: true });
  if (!r.success) throw problemsError(r.error.issues.flatMap((iss) => issueProblems(iss, raw)), file);
  const f = r.data;
  const epochs =
    (f.run.epochs === undefined) !== (f.run.days === undefined)
      ? runEpochs(f.run, f.run.block_time_seconds ?? RUN_DEFAULTS.block_time_seconds.value, f.run.blocks_per_epoch ?? RUN_DEFAULTS.blocks_per_epoch.value)
      : undefined;
  const problems = crossChecks(f, epochs);
  if (problems.length > 0) throw problemsError(problems, file);
  return f;
}
