/**
 * The world: the chain's state (chain/state.ts), the TAO outside the model, the built-in
 * population's attributes and the reporters' meters, each in its own place. Built once from a
 * resolved scenario, then advanced by the engine's phases. Agents see read-only observations.
 *
 *   issuance = outside + Σ pool TAO (subnets) + root TAO + Σ free balances + author fees + stranded
 * `outside` is TAO held by accounts the scenario does not model; a timeline stake brings TAO in
 * from there.
 */
import { allocate } from '../core/allocate.js';
import { InputError } from '../core/errors.js';
import { stream, type Stream } from '../core/rng.js';
import { type TaoRao, alphaRao, taoRao } from '../core/units.js';
import { type BuiltinSubnet, minerQualities, type Role, stakeWeights, validatorColdkey, validatorHotkey } from '../agents/population.js';
import { NO_PENDING, type ChainState, type Network, type Subnet } from '../chain/state.js';
import { createPool, createRootPool } from '../chain/swap/index.js';
import { Ledger, ROOT_NETUID } from '../chain/staking/ledger.js';
import { NETWORK_MIN_LOCK_COST } from '../chain/registration/network.js';
import { Metagraph } from '../chain/subnets/metagraph.js';
import type { Snapshot } from '../scenario/snapshot.js';
import type { Population, ResolvedScenario, ResolvedSubnet, SubnetParams, SubnetState } from '../scenario/types.js';
import { type SubnetMeters, ZERO_FLOWS } from './meters.js';
import { type Agent, createAgents, planAgents } from './agents.js';
import { StrategyRegistry } from '../agents/registry.js';

export interface World extends ChainState {
  outside: TaoRao;
  /** The built-in population of each subnet, by netuid (replaced, never changed in place). */
  readonly population: Map<number, BuiltinSubnet>;
  /** The reporters' meters of each subnet, by netuid. */
  readonly meters: Map<number, SubnetMeters>;
  /** What a subnet registered during the run starts from (the scenario's subnet defaults). */
  readonly subnetDefaults: { readonly params: SubnetParams; readonly population: Population };
  readonly seed: number;
  readonly rng: (name: string) => Stream;
  /** The populations' agents (none: the agent layer is off and costs nothing). */
  readonly agents: Agent[];
}

/** Hotkey of built-in validator k: shared by every subnet, as mainnet's large validators are. */
export { validatorColdkey, validatorHotkey } from '../agents/population.js';

interface SubnetSeed {
  readonly state: SubnetState;
  /** `NetworkRegisteredAt`: the snapshot's; 0 for a subnet written in the file. */
  readonly registeredAt: number;
  readonly params: SubnetParams;
  readonly population: Population;
  readonly at: string;
}

function seedsFromSnapshot(sc: ResolvedScenario, snap: Snapshot): SubnetSeed[] {
  if (sc.initial.kind !== 'snapshot') throw new Error('not a snapshot scenario');
  const ini = sc.initial;
  const over = new Map(ini.overrides.map((o) => [o.netuid, o]));
  return snap.subnets.map((s) => {
    const o = over.get(s.netuid);
    const params = { ...(o?.params ?? sc.subnet_defaults.params), tempo: s.tempo };
    let population = o?.population ?? sc.subnet_defaults.population;
    if (population.validators + population.miners === 0) {
      // The snapshot's own counts: its validators, and miners on every other uid but the owner's.
      const seeds = o?.population ? `initial.overrides.${s.netuid}.population` : 'subnet_defaults.population';
      const uidCount = ini.uids_per_subnet ?? s.participantCount;
      if (uidCount === undefined)
        throw new InputError('initial.uids_per_subnet', `required: the snapshot ${snap.file} has no participant_count column to take netuid ${s.netuid}'s uids from (or give validators and miners in ${seeds})`);
      if (s.validatorCount === undefined)
        throw new InputError(seeds, `give validators and miners: the snapshot ${snap.file} has no validator_count column to take netuid ${s.netuid}'s from`);
      const uids = Math.min(params.max_allowed_uids, uidCount);
      const v = Math.min(params.max_allowed_validators, s.validatorCount, Math.max(0, uids - 1));
      population = { ...population, validators: v, miners: Math.max(0, uids - 1 - v) };
    }
    if (population.validator_stake.total === 0n && population.validators > 0) {
      // the snapshot's staked alpha, else all of it: stake cannot exceed what is outstanding
      const total = s.totalStake !== undefined && s.totalStake < s.alphaOutstanding ? s.totalStake : s.alphaOutstanding;
      population = { ...population, validator_stake: { ...population.validator_stake, total } };
    }
    const state: SubnetState = {
      netuid: s.netuid, tao_in: s.taoReserve, alpha_in: s.alphaReserve, alpha_out: s.alphaOutstanding,
      moving_price: s.movingPrice, miner_burned: s.minerBurned, pool_quote_weight: 500_000_000_000_000_000n,
      emission_enabled: s.emissionEnabled, subtoken_enabled: s.subtokenEnabled, registration_allowed: s.registrationAllowed,
      first_emission_block: s.firstEmissionBlock === null ? null : Number(s.firstEmissionBlock),
      last_epoch_block: Number(snap.block) - (s.netuid % Math.max(1, s.tempo)), owner: `owner-${s.netuid}`,
      ...(o?.state ?? {}),
    };
    return { state, params, population, registeredAt: Number(s.registeredAtBlock), at: `initial.from_snapshot (netuid ${s.netuid})` };
  });
}

function buildSubnet(seed: SubnetSeed, ledger: Ledger, startBlock: number, root: { seedNum: number; minerColdkey: Map<number, string> }): { subnet: Subnet; population: BuiltinSubnet } {
  const { state: s, params, population: pop } = seed;
  const netuid = s.netuid;
  const rng = stream(root.seedNum, `population/${netuid}`);
  const ownerHotkey = `owner-hk-${netuid}`;
  if (!ledger.hotkeyExists(ownerHotkey)) ledger.createHotkey(ownerHotkey, s.owner);
  const neurons: { hotkey: string; coldkey: string; role: Role; quality: number }[] = [{ hotkey: ownerHotkey, coldkey: ledger.ownerOf(ownerHotkey), role: 'owner', quality: 0 }];
  for (let k = 0; k < pop.validators; k++) {
    const hk = validatorHotkey(k);
    if (!ledger.hotkeyExists(hk)) ledger.createHotkey(hk, validatorColdkey(k));
    neurons.push({ hotkey: hk, coldkey: ledger.ownerOf(hk), role: 'validator', quality: 0 });
  }
  const q = minerQualities(pop.miner_quality, pop.miners, rng);
  for (let k = 0; k < pop.miners; k++) {
    const hk = `miner-${netuid}-${k}`;
    // a miner operator agent that took the subnet's built-in miners over holds them all
    ledger.createHotkey(hk, root.minerColdkey.get(netuid) ?? `miner-ck-${netuid}-${k}`);
    neurons.push({ hotkey: hk, coldkey: ledger.ownerOf(hk), role: 'miner', quality: q[k]! });
  }
  if (neurons.length > params.max_allowed_uids)
    throw new InputError(seed.at, `population needs ${neurons.length} uids (owner + ${pop.validators} validators + ${pop.miners} miners) but max_allowed_uids is ${params.max_allowed_uids}`);

  // Validator stake, then nominators: alpha already outstanding, now owned by modelled accounts.
  const w = stakeWeights(pop.validator_stake, pop.validators, rng);
  const stakes = allocate(pop.validator_stake.total, w.map((x) => BigInt(Math.round(x * 1e6))));
  let owned = 0n;
  stakes.forEach((a, k) => {
    if (a > 0n) ledger.increaseStakeForHotkeyAndColdkeyOnSubnet(validatorHotkey(k), validatorColdkey(k), netuid, alphaRao(a));
    owned += a;
  });
  pop.nominators.forEach((nm, k) => {
    if (nm.validator >= pop.validators)
      throw new InputError(`${seed.at}.population.nominators[${k}].validator`, `${nm.validator} is not a validator index (the subnet has ${pop.validators})`);
    ledger.increaseStakeForHotkeyAndColdkeyOnSubnet(validatorHotkey(nm.validator), nm.coldkey, netuid, nm.amount);
    owned += nm.amount;
  });
  // Childkeys: a parent validator delegates a proportion of its stake weight (and dividends) on
  // this subnet to a child validator, which keeps its childkey take.
  const parents = [...new Set(pop.children.map((c) => c.parent))].sort((a, b) => a - b);
  for (const parent of parents) {
    const links = pop.children.filter((c) => c.parent === parent).map((c) => ({ hotkey: validatorHotkey(c.child), proportion: c.proportion }));
    const r = ledger.setChildren(validatorHotkey(parent), netuid, links);
    if (!r.ok) throw new InputError(`${seed.at}.population.children`, `validator ${parent}'s children are refused by the chain: ${r.error}`);
  }
  for (const child of new Set(pop.children.map((c) => c.child))) {
    const r = ledger.setChildkeyTake(validatorHotkey(child), netuid, pop.childkey_take);
    if (!r.ok) throw new InputError(`${seed.at}.population.childkey_take`, `refused by the chain: ${r.error}`);
  }
  if (owned > s.alpha_out)
    throw new InputError(`${seed.at}.population`, `validator and nominator stake (${owned} alpha-rao) exceeds the subnet's outstanding alpha (alpha_out = ${s.alpha_out})`);

  const n = neurons.length;
  const minerBurnedFraction = Number(s.miner_burned) / 2 ** 32;
  const subnet: Subnet = {
    netuid, params: { ...params }, pool: createPool({ taoReserve: s.tao_in, alphaReserve: s.alpha_in, quoteWeight: s.pool_quote_weight, feeRate: params.fee_rate }),
    alphaOut: s.alpha_out, movingPrice: s.moving_price, minerBurned: s.miner_burned, burn: params.burn, registeredAt: seed.registeredAt,
    emissionEnabled: s.emission_enabled, subtokenEnabled: s.subtoken_enabled, registrationAllowed: s.registration_allowed,
    firstEmissionBlock: s.first_emission_block === null ? null : BigInt(s.first_emission_block),
    lastEpochBlock: s.last_epoch_block, blocksSinceLastStep: 0, pendingEpochAt: 0, lastMechanismStepBlock: 0,
    pending: NO_PENDING(), unowned: alphaRao(s.alpha_out - owned), ownerColdkey: s.owner, ownerHotkey,
    metagraph: new Metagraph(neurons, startBlock, neurons.map((nr) => nr.role === 'validator')),
    weights: Array.from({ length: n }, () => ({ j: [], v: [] })), bonds: Array.from({ length: n }, () => ({ j: [], v: [] })),
    userFlowEma: 0n, protocolFlowEma: 0n, userFlowBlock: 0n, protocolFlowBlock: 0n,
  };
  const population: BuiltinSubnet = {
    spec: pop,
    ownerFraction: Math.min(1, Math.max(0, minerBurnedFraction)),
    roles: neurons.map((nr) => nr.role),
    quality: neurons.map((nr) => nr.quality),
  };
  return { subnet, population };
}

/**
 * Build the world. A snapshot scenario needs the snapshot (read by scenario/, passed in); the
 * populations' strategies come from `strategies` (default: the built-in ones).
 */
export function buildWorld(sc: ResolvedScenario, snapshot?: Snapshot, strategies?: StrategyRegistry): World {
  const ledger = new Ledger();
  const seedNum = sc.seed;
  let seeds: SubnetSeed[];
  let rootTao: TaoRao;
  let issuance = sc.network.total_issuance;
  let startBlock = sc.run.start_block;
  const network: Network = {
    blockEmission: sc.network.block_emission, taoWeight: sc.network.tao_weight, movingAlpha: sc.network.moving_alpha,
    maxEpochsPerBlock: sc.network.max_epochs_per_block, rootClaimsPerBlock: sc.network.root_claims_per_block, rootSell: sc.network.root_sell, shareRule: sc.network.share_rule,
    gateBar: sc.network.share_rule.rule === 'price-burn-gate' ? (sc.network.share_rule.gate_threshold ?? 0n) : 0n,
    // NetworkLastLockCost's default; no subnet registered yet in the run
    lastLockCost: NETWORK_MIN_LOCK_COST, lastLockBlock: 0,
    taoInRefundDeploymentBlock: 0,
  };
  if (sc.initial.kind === 'inline') {
    seeds = sc.initial.subnets.map((s: ResolvedSubnet, k) => ({ state: s, params: s.params, population: s.population, registeredAt: 0, at: `initial.subnets[${k}]` }));
    rootTao = sc.initial.root_tao;
  } else {
    if (!snapshot) throw new Error('buildWorld: snapshot scenario without its snapshot');
    seeds = seedsFromSnapshot(sc, snapshot);
    rootTao = sc.initial.root_tao ?? snapshot.rootTao;
    if (issuance === 0n && snapshot.totalIssuance !== undefined) issuance = snapshot.totalIssuance;
    if (startBlock === 0) startBlock = Number(snapshot.block);
    if (network.shareRule.rule === 'price-burn-gate' && network.shareRule.gate_threshold === null && snapshot.gateBar !== undefined)
      network.gateBar = snapshot.gateBar;
  }
  // SIM-DIVERGENCE: the refund rule's deployment block is taken as the run's start: the initial
  // subnets are older, the ones registered in the run newer (the chain's block is a migration's)
  network.taoInRefundDeploymentBlock = startBlock;
  const plans = sc.populations.length === 0 ? [] : planAgents(sc, seeds.map((s) => s.state), strategies ?? StrategyRegistry.builtin());
  const minerColdkey = new Map(plans.filter((p) => p.strategy.adopt === 'miners').map((p) => [p.home, p.coldkey]));
  const built = seeds.map((s) => buildSubnet(s, ledger, startBlock, { seedNum, minerColdkey }));
  const subnets = built.map((b) => b.subnet);
  const population = new Map(built.map((b) => [b.subnet.netuid, b.population]));

  // Root TAO: staked by the built-in validators, equally (SIM-DIVERGENCE: mainnet root stake is
  // concentrated in a few validators; the scenario gives only the total).
  const vmax = Math.max(0, ...built.map((b) => b.population.spec.validators));
  const rootShares = allocate(rootTao, Array.from({ length: vmax }, () => 1n));
  rootShares.forEach((a, k) => a > 0n && ledger.increaseStakeForHotkeyAndColdkeyOnSubnet(validatorHotkey(k), validatorColdkey(k), ROOT_NETUID, alphaRao(a)));
  const rootPool = createRootPool(rootTao);
  const pooled = subnets.reduce((s, x) => s + x.pool.taoReserve, 0n) + rootTao;
  // total_issuance 0 (the default) means: no TAO outside the model, the issuance is what is pooled.
  if (issuance === 0n) issuance = taoRao(pooled);
  if (issuance < pooled)
    throw new InputError('network.total_issuance', `is ${issuance} rao, less than the TAO in pools and on root (${pooled} rao)`);
  const w: World = {
    block: startBlock, issuance: taoRao(issuance), outside: taoRao(issuance - pooled), authorFees: taoRao(0n),
    strandedTao: taoRao(0n), recycledTao: taoRao(0n), rootPool, ledger, takeChanged: new Map(), subnets, network, seed: seedNum, population,
    meters: new Map(subnets.map((x): [number, SubnetMeters] => [x.netuid, { flows: ZERO_FLOWS(), last: undefined }])),
    subnetDefaults: sc.subnet_defaults,
    rng: (name: string) => stream(seedNum, name),
    agents: [],
  };
  w.agents.push(...createAgents(w, sc, plans));
  return w;
}
