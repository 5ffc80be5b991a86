/**
 * A validated scenario file + the defaults → a frozen ResolvedScenario in internal units, every
 * parameter filled per subnet. No I/O: load.ts reads the files and passes in what it found.
 * Keys keep the file's snake_case names so that a scenario key, a set_param key and a resolved
 * field are the same word.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, toPlain } from '../core/canonical.js';
import { InputError } from '../core/errors.js';
import { type AlphaRao, formatUnits } from '../core/units.js';
import {
  type ShareRuleName,
  INITIAL_DEFAULTS,
  NETWORK_DEFAULTS,
  NOMINATOR_COLDKEY_DEFAULT,
  EVENT_COLDKEY_DEFAULT,
  POPULATION_DEFAULTS,
  RUN_DEFAULTS,
  SHARE_RULE_DEFAULTS,
  TAO_USD_DEFAULT,
  SUBNET_PARAM_DEFAULTS,
  SUBNET_STATE_DEFAULTS,
  U64_MAX_BIG,
} from './defaults.js';
import {
  type InlineSubnetInput,
  type PopulationInput,
  type Problem,
  type ScenarioFile,
  type ShareRuleInput,
  type SubnetOverrideInput,
  formatPath,
  problemsError,
  runEpochs,
} from './schema.js';
import { type Distribution, misfit } from '../agents/params.js';
import { StrategyRegistry } from '../agents/registry.js';
import type { AgentPopulationInput, DistributionInput, TaoUsdInput } from './schema.js';
import type { ResolvedPopulation, TaoUsd } from './types.js';
import type { SubnetParams, ValidatorStake, MinerQuality, Population, SubnetState, ResolvedSubnet, ShareRule, ResolvedNetwork, ResolvedRun, InlineInitial, SnapshotOverride, SnapshotInitial, ResolvedEvent, ResolvedScenario } from './types.js';

export interface ResolveContext {
  /** The scenario file, for error messages. */
  readonly file: string;
  /** Overrides the file's seed (CLI --seed). */
  readonly seed?: number;
  /** What load.ts found at `from_snapshot`. */
  readonly snapshot?: { readonly path: string; readonly sha256: string };
  /** Where the populations' strategies are looked up (default: the built-in ones). */
  readonly strategies?: StrategyRegistry;
}

// ---------------------------------------------------------------------------------------------

const valuesOf = <T extends Record<string, { value: unknown }>>(defs: T): { [K in keyof T]: T[K]['value'] } =>
  Object.fromEntries(Object.entries(defs).map(([k, v]) => [k, v.value])) as { [K in keyof T]: T[K]['value'] };

const CHAIN_PARAMS: SubnetParams = valuesOf(SUBNET_PARAM_DEFAULTS);

const withoutUndefined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

function mergeParams(base: SubnetParams, over: Partial<SubnetParams> | undefined): SubnetParams {
  return { ...base, ...withoutUndefined(over ?? {}) };
}

function resolveStake(s: NonNullable<PopulationInput['validator_stake']>): ValidatorStake {
  switch (s.kind) {
    case 'equal':
      return { kind: 'equal', total: s.total };
    case 'pareto':
      return { kind: 'pareto', total: s.total, shape: s.shape ?? POPULATION_DEFAULTS.pareto_shape.value };
    case 'lognormal':
      return { kind: 'lognormal', total: s.total, sigma: s.sigma ?? POPULATION_DEFAULTS.lognormal_sigma.value };
  }
}

function resolveQuality(q: NonNullable<PopulationInput['miner_quality']>): MinerQuality {
  switch (q.kind) {
    case 'uniform':
      return { kind: 'uniform', low: q.low ?? POPULATION_DEFAULTS.quality_low.value, high: q.high ?? POPULATION_DEFAULTS.quality_high.value };
    case 'beta':
      return { kind: 'beta', a: q.a, b: q.b };
    case 'constant':
      return { kind: 'constant', value: q.value };
  }
}

const CHAIN_POPULATION: Population = {
  validators: POPULATION_DEFAULTS.validators.value,
  miners: POPULATION_DEFAULTS.miners.value,
  validator_stake: { kind: POPULATION_DEFAULTS.validator_stake_kind.value, total: POPULATION_DEFAULTS.validator_stake_total.value },
  miner_quality: {
    kind: POPULATION_DEFAULTS.miner_quality_kind.value,
    low: POPULATION_DEFAULTS.quality_low.value,
    high: POPULATION_DEFAULTS.quality_high.value,
  },
  validator_noise: POPULATION_DEFAULTS.validator_noise.value,
  weight_period_epochs: POPULATION_DEFAULTS.weight_period_epochs.value,
  nominators: [],
  children: [],
  childkey_take: POPULATION_DEFAULTS.childkey_take.value,
};

/** Field by field over `base`; a distribution given in the file replaces the base one whole. */
function mergePopulation(base: Population, p: PopulationInput | undefined, netuid: number | null): Population {
  if (p === undefined) return base;
  return {
    validators: p.validators ?? base.validators,
    miners: p.miners ?? base.miners,
    validator_stake: p.validator_stake ? resolveStake(p.validator_stake) : base.validator_stake,
    miner_quality: p.miner_quality ? resolveQuality(p.miner_quality) : base.miner_quality,
    validator_noise: p.validator_noise ?? base.validator_noise,
    weight_period_epochs: p.weight_period_epochs ?? base.weight_period_epochs,
    nominators: p.nominators
      ? p.nominators.map((n, i) => ({
          coldkey: n.coldkey ?? NOMINATOR_COLDKEY_DEFAULT.value(netuid ?? 0, i),
          validator: n.validator,
          amount: n.amount,
        }))
      : base.nominators,
    children: p.children ?? base.children,
    childkey_take: p.childkey_take ?? base.childkey_take,
  };
}

export function resolveShareRule(s: ShareRuleInput | undefined): ShareRule {
  const rule: ShareRuleName = s?.rule ?? NETWORK_DEFAULTS.share_rule.value;
  const D = SHARE_RULE_DEFAULTS;
  switch (rule) {
    case 'price-ema':
    case 'price-burn':
      return { rule };
    case 'price-burn-gate': {
      const p = s?.rule === 'price-burn-gate' ? (s.params ?? {}) : {};
      return {
        rule,
        gate_exponent: p.gate_exponent ?? D.gate_exponent.value,
        gate_rank: p.gate_rank ?? D.gate_rank.value,
        gate_period_blocks: p.gate_period_blocks ?? D.gate_period_blocks.value,
        gate_threshold: p.gate_threshold === undefined ? D.gate_threshold.value : p.gate_threshold,
      };
    }
    case 'taoflow':
    case 'net-taoflow': {
      const p = s?.rule === 'taoflow' || s?.rule === 'net-taoflow' ? (s.params ?? {}) : {};
      return {
        rule,
        flow_smoothing: p.flow_smoothing ?? D.flow_smoothing.value,
        flow_cutoff: p.flow_cutoff ?? D.flow_cutoff.value,
        flow_exponent: p.flow_exponent ?? D.flow_exponent.value,
      };
    }
  }
}

function stateOf(s: SubnetOverrideInput | InlineSubnetInput): Partial<Omit<SubnetState, 'netuid'>> {
  const state: Record<string, unknown> = { ...s };
  delete state.params;
  delete state.population;
  return withoutUndefined(state) as Partial<Omit<SubnetState, 'netuid'>>;
}

/** Consistency of one subnet's filled parameters and population. */
function checkSubnet(
  path: readonly PropertyKey[],
  params: SubnetParams,
  pop: Population,
  alphaOut: AlphaRao | undefined,
  out: Problem[],
): void {
  const add = (sub: readonly PropertyKey[], problem: string): void => void out.push({ path: formatPath([...path, ...sub]), problem });
  if (params.alpha_low > params.alpha_high) {
    add(['params', 'alpha_low'], `must not exceed alpha_high ${params.alpha_high} (got ${params.alpha_low})`);
  }
  if (params.min_burn > params.max_burn) {
    add(['params', 'min_burn'], `must not exceed max_burn ${formatUnits(params.max_burn)} TAO (got ${formatUnits(params.min_burn)} TAO)`);
  } else if (params.burn < params.min_burn || params.burn > params.max_burn) {
    add(['params', 'burn'], `must lie in [min_burn, max_burn] = [${formatUnits(params.min_burn)}, ${formatUnits(params.max_burn)}] TAO (got ${formatUnits(params.burn)} TAO)`);
  }
  if (pop.validators + pop.miners > params.max_allowed_uids) {
    add(['population'], `validators + miners = ${pop.validators + pop.miners} exceeds max_allowed_uids ${params.max_allowed_uids}`);
  }
  const perParent = new Map<number, bigint>();
  pop.children.forEach((c, i) => {
    for (const key of ['parent', 'child'] as const)
      if (c[key] >= pop.validators) add(['population', 'children', i, key], `the subnet has ${pop.validators} validators, indices 0..${pop.validators - 1} (got ${c[key]})`);
    if (c.parent === c.child) add(['population', 'children', i, 'child'], `a validator cannot be its own child (${c.child})`);
    perParent.set(c.parent, (perParent.get(c.parent) ?? 0n) + c.proportion);
    if (perParent.get(c.parent)! > U64_MAX_BIG) add(['population', 'children', i, 'proportion'], `validator ${c.parent} delegates more than all of its stake`);
  });
  pop.nominators.forEach((n, i) => {
    if (n.validator >= pop.validators) {
      add(['population', 'nominators', i, 'validator'], `the subnet has ${pop.validators} validators, indices 0..${pop.validators - 1} (got ${n.validator})`);
    }
  });
  if (alphaOut !== undefined) {
    const held = pop.nominators.reduce((a, n) => a + n.amount, pop.validator_stake.total as bigint);
    if (held > alphaOut) {
      add(['population'], `validator stake + nominator stake = ${formatUnits(held)} alpha exceeds the subnet's alpha_out ${formatUnits(alphaOut)} alpha (stake is outstanding alpha)`);
    }
  }
}

function resolveEvents(f: ScenarioFile, pops: ReadonlyMap<number, Population> | null, out: Problem[]): ResolvedEvent[] {
  const events: ResolvedEvent[] = [];
  (f.events ?? []).forEach((e, index) => {
    const base = { index, at_epoch: e.at_epoch };
    // stake and unstake name the same things: a coldkey, a subnet and (optionally) a validator
    const party = (kind: 'stake' | 'unstake', t: { netuid: number; coldkey?: string; validator?: number }) => {
      const n = pops?.get(t.netuid)?.validators;
      if (t.validator !== undefined && n !== undefined && t.validator >= n) {
        out.push({ path: formatPath(['events', index, kind, 'validator']), problem: `subnet ${t.netuid} has ${n} validators (got ${t.validator})` });
      }
      return { ...base, coldkey: t.coldkey ?? EVENT_COLDKEY_DEFAULT.value, netuid: t.netuid, validator: t.validator ?? null };
    };
    if (e.stake) {
      events.push({ ...party('stake', e.stake), kind: 'stake', amount: e.stake.amount });
    } else if (e.unstake) {
      events.push({ ...party('unstake', e.unstake), kind: 'unstake', amount: e.unstake.amount });
    } else if (e.set_param) {
      const p = e.set_param;
      const pop = p.scope === 'subnet' ? pops?.get(p.netuid) : undefined;
      if (p.scope === 'subnet' && p.key === 'max_allowed_uids' && pop !== undefined && (p.value as number) < 1 + pop.validators + pop.miners)
        out.push({ path: formatPath(['events', index, 'set_param', 'value']), problem: `subnet ${p.netuid} has ${1 + pop.validators + pop.miners} uids (owner, ${pop.validators} validators, ${pop.miners} miners): max_allowed_uids ${String(p.value)} is below it` });
      events.push(
        p.scope === 'subnet'
          ? { ...base, kind: 'set_param', scope: 'subnet', netuid: p.netuid, key: p.key, value: p.value as number | boolean | bigint }
          : { ...base, kind: 'set_param', scope: 'network', key: p.key, value: p.value as number | bigint | string | null },
      );
    } else if (e.set_share_rule) {
      events.push({ ...base, kind: 'set_share_rule', share_rule: resolveShareRule(e.set_share_rule) });
    } else if (e.burned_register) {
      const r = e.burned_register;
      events.push({ ...base, kind: 'burned_register', coldkey: r.coldkey ?? EVENT_COLDKEY_DEFAULT.value, hotkey: r.hotkey, netuid: r.netuid });
    } else if (e.register_network) {
      const r = e.register_network;
      events.push({ ...base, kind: 'register_network', coldkey: r.coldkey ?? EVENT_COLDKEY_DEFAULT.value, hotkey: r.hotkey });
    } else if (e.start_call) {
      events.push({ ...base, kind: 'start_call', netuid: e.start_call.netuid });
    }
  });
  // Array.prototype.sort is stable, so same-epoch events keep file order.
  return events.sort((a, b) => a.at_epoch - b.at_epoch);
}

function checkSeed(seed: number | undefined): void {
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= 2 ** 32 - 1)) {
    throw new InputError('--seed', `expected an integer in [0, 4294967295] (got ${seed})`);
  }
}

/** The validated file + defaults → the frozen scenario; throws one InputError for inconsistent values. */
export function resolveScenario(f: ScenarioFile, ctx: ResolveContext): ResolvedScenario {
  checkSeed(ctx.seed);
  const problems: Problem[] = [];
  const R = RUN_DEFAULTS;
  const blockTime = f.run.block_time_seconds ?? R.block_time_seconds.value;
  const bpe = f.run.blocks_per_epoch ?? R.blocks_per_epoch.value;
  const startBlock = f.run.start_block ?? R.start_block.value;
  const epochs = runEpochs(f.run, blockTime, bpe);
  const run: ResolvedRun = {
    epochs,
    days: f.run.days === undefined ? null : f.run.days.toString(),
    block_time_seconds: blockTime,
    blocks_per_epoch: bpe,
    block_step: f.run.block_step ?? R.block_step.value,
    start_block: startBlock,
    total_blocks: epochs * bpe,
  };

  const N = NETWORK_DEFAULTS;
  const n = f.network ?? {};
  const network: ResolvedNetwork = {
    total_issuance: n.total_issuance ?? N.total_issuance.value,
    block_emission: n.block_emission === undefined ? N.block_emission.value : n.block_emission,
    tao_weight: n.tao_weight ?? N.tao_weight.value,
    moving_alpha: n.moving_alpha ?? N.moving_alpha.value,
    max_epochs_per_block: n.max_epochs_per_block ?? N.max_epochs_per_block.value,
    root_claims_per_block: n.root_claims_per_block ?? N.root_claims_per_block.value,
    root_sell: n.root_sell ?? N.root_sell.value,
    share_rule: resolveShareRule(n.share_rule),
  };

  const defParams = mergeParams(CHAIN_PARAMS, f.subnet_defaults?.params);
  const defPop = mergePopulation(CHAIN_POPULATION, f.subnet_defaults?.population, null);
  checkSubnet(['subnet_defaults'], defParams, defPop, undefined, problems);

  const ini = f.initial;
  let initial: InlineInitial | SnapshotInitial;
  let pops: Map<number, Population> | null = null;
  if (ini.subnets) {
    const S = SUBNET_STATE_DEFAULTS;
    pops = new Map();
    const subnets = ini.subnets.map((s, i): ResolvedSubnet => {
      const params = mergeParams(defParams, s.params);
      const population = mergePopulation(defPop, s.population, s.netuid);
      const alphaOut = s.alpha_out ?? S.alpha_out.value;
      checkSubnet(['initial', 'subnets', i], params, population, alphaOut, problems);
      pops?.set(s.netuid, population);
      return {
        netuid: s.netuid,
        tao_in: s.tao_in,
        alpha_in: s.alpha_in,
        alpha_out: alphaOut,
        moving_price: s.moving_price ?? S.moving_price.value,
        miner_burned: s.miner_burned ?? S.miner_burned.value,
        pool_quote_weight: s.pool_quote_weight ?? S.pool_quote_weight.value,
        emission_enabled: s.emission_enabled ?? S.emission_enabled.value,
        subtoken_enabled: s.subtoken_enabled ?? S.subtoken_enabled.value,
        registration_allowed: s.registration_allowed ?? S.registration_allowed.value,
        first_emission_block: s.first_emission_block === undefined ? S.first_emission_block.value(startBlock) : s.first_emission_block,
        last_epoch_block: s.last_epoch_block ?? S.last_epoch_block.value(startBlock, s.netuid, params.tempo),
        owner: s.owner ?? S.owner.value(s.netuid),
        params,
        population,
      };
    });
    initial = { kind: 'inline', root_tao: ini.root_tao ?? INITIAL_DEFAULTS.root_tao.value, subnets: subnets.sort((a, b) => a.netuid - b.netuid) };
  } else {
    const snap = ctx.snapshot;
    if (!snap || ini.from_snapshot === undefined) throw new Error('resolveScenario: from_snapshot needs the snapshot found by load');
    const overrides = Object.entries(ini.overrides ?? {})
      .map(([key, o]): SnapshotOverride => {
        const netuid = Number(key);
        const params = mergeParams(defParams, o.params);
        const population = mergePopulation(defPop, o.population, netuid);
        checkSubnet(['initial', 'overrides', key], params, population, o.alpha_out, problems);
        return { netuid, state: stateOf(o), params, population };
      })
      .sort((a, b) => a.netuid - b.netuid);
    initial = {
      kind: 'snapshot',
      path: snap.path,
      file: ini.from_snapshot,
      sha256: snap.sha256,
      root_tao: ini.root_tao ?? null,
      uids_per_subnet: ini.uids_per_subnet ?? null,
      overrides,
    };
  }

  const events = resolveEvents(f, pops, problems);
  const populations = resolvePopulations(f.populations ?? [], ctx.strategies ?? StrategyRegistry.builtin(), pops, problems);
  if (problems.length > 0) throw problemsError(problems, ctx.file);

  return deepFreeze({
    name: f.name,
    description: f.description ?? '',
    seed: ctx.seed ?? f.seed ?? R.seed.value,
    run,
    network,
    subnet_defaults: { params: defParams, population: defPop },
    initial,
    events,
    populations,
    market: { tao_usd: resolveTaoUsd(f.market?.tao_usd) },
  });
}

function toDistribution(d: DistributionInput): Distribution {
  if (typeof d === 'number') return { kind: 'constant', value: d };
  if (d.kind === 'beta') return { kind: 'beta', a: d.a, b: d.b, low: d.low ?? 0, high: d.high ?? 1 };
  return d;
}

/** Each population's strategy found in the registry, its parameters checked against their specs. */
function resolvePopulations(list: readonly AgentPopulationInput[], reg: StrategyRegistry, inline: Map<number, Population> | null, out: Problem[]): ResolvedPopulation[] {
  const names = new Set<string>();
  return list.map((p, index): ResolvedPopulation => {
    const at = (...k: PropertyKey[]) => formatPath(['populations', index, ...k]);
    const name = p.name ?? `${p.class}-${p.strategy}-${index}`;
    if (names.has(name)) out.push({ path: at('name'), problem: `duplicate population name (got ${JSON.stringify(name)})` });
    names.add(name);
    const strat = reg.get(p.class, p.strategy);
    const params: Record<string, Distribution> = {};
    if (strat === undefined) {
      const known = reg.names(p.class);
      out.push({ path: at('strategy'), problem: `no ${p.class} strategy named ${JSON.stringify(p.strategy)} (expected one of ${known.length ? known.join(', ') : 'none'})` });
    } else {
      for (const key of Object.keys(p.params ?? {}).sort()) {
        const spec = strat.params[key];
        if (spec === undefined) {
          out.push({ path: at('params', key), problem: `unknown parameter of ${p.class} strategy ${p.strategy} (allowed here: ${Object.keys(strat.params).sort().join(', ')})` });
          continue;
        }
        const d = toDistribution(p.params![key]!);
        if (d.kind === 'uniform' && d.low > d.high) out.push({ path: at('params', key), problem: `uniform low ${d.low} is above high ${d.high}` });
        else if (d.kind === 'beta' && d.low > d.high) out.push({ path: at('params', key), problem: `beta low ${d.low} is above high ${d.high}` });
        const why = misfit(spec, d);
        if (why !== undefined) out.push({ path: at('params', key), problem: why });
        params[key] = d;
      }
      for (const key of Object.keys(strat.params).sort()) params[key] ??= { kind: 'constant', value: strat.params[key]!.default };
      const adopt = strat.adopt ?? 'none';
      if (adopt === 'validator' && p.count === 'per_subnet')
        out.push({ path: at('count'), problem: `a validator ${p.strategy} agent takes over one built-in validator (registered on every subnet): expected count: a number of validators (got per_subnet)` });
      else if ((adopt === 'owner' || adopt === 'miners') && p.count !== 'per_subnet')
        out.push({ path: at('count'), problem: `${p.class === 'owner' ? 'an' : 'a'} ${p.class} ${p.strategy} agent takes over a subnet's ${adopt === 'owner' ? 'owner' : 'built-in miners'}: expected count: per_subnet (got ${p.count})` });
    }
    const subnets = p.subnets ?? 'all';
    if (Array.isArray(subnets)) {
      const seen = new Set<number>();
      subnets.forEach((n, k) => {
        if (seen.has(n)) out.push({ path: at('subnets', k), problem: `duplicate netuid (got ${n})` });
        seen.add(n);
        if (inline !== null && !inline.has(n)) out.push({ path: at('subnets', k), problem: `no subnet with this netuid in initial.subnets (got ${n}; have ${[...inline.keys()].sort((a, b) => a - b).join(', ')})` });
      });
    }
    const sorted = Object.fromEntries(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : 1)));
    return { index, name, class: p.class, strategy: p.strategy, count: p.count, subnets: Array.isArray(subnets) ? [...subnets].sort((a, b) => a - b) : subnets, params: sorted };
  });
}

function resolveTaoUsd(t: TaoUsdInput | undefined): TaoUsd {
  if (t === undefined) return { kind: 'constant', value: TAO_USD_DEFAULT.value };
  if (typeof t === 'number') return { kind: 'constant', value: t };
  return t;
}

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

// ---------------------------------------------------------------------------------------------

/**
 * sha256 of the canonical resolved JSON. Leaves out the seed (a run's seed is recorded beside the
 * hash, and --seed must not change which scenario it is) and the snapshot's absolute path (the
 * same scenario checked out elsewhere is the same scenario; the snapshot's sha256 stays in).
 */
export function scenarioHash(s: ResolvedScenario): string {
  const initial = s.initial.kind === 'snapshot' ? { ...s.initial, path: undefined } : s.initial;
  // no populations and the default market: left out, so a scenario without agents keeps the hash
  // it had before agents existed
  const populations = s.populations.length === 0 ? undefined : s.populations;
  const m = s.market.tao_usd;
  const market = m.kind === 'constant' && m.value === TAO_USD_DEFAULT.value ? undefined : s.market;
  return createHash('sha256').update(canonicalJson({ ...s, seed: undefined, initial, populations, market })).digest('hex');
}

function unitsOf(defs: Record<string, { unit: string }>): Record<string, string> {
  return Object.fromEntries(Object.entries(defs).map(([k, v]) => [k, v.unit]));
}

/** What `taosim validate` prints: the resolved scenario as JSON data, its hash, and the internal units. */
export function describeResolved(s: ResolvedScenario): Record<string, unknown> {
  return {
    scenario_hash: scenarioHash(s),
    resolved: toPlain(s),
    units: {
      amounts: 'rao (TAO) and alpha-rao (alpha), 1e9 per unit, as integer strings',
      run: unitsOf(RUN_DEFAULTS),
      network: unitsOf(NETWORK_DEFAULTS),
      share_rule: unitsOf(SHARE_RULE_DEFAULTS),
      subnet_params: unitsOf(SUBNET_PARAM_DEFAULTS),
      subnet_state: unitsOf(SUBNET_STATE_DEFAULTS),
    },
  };
}
