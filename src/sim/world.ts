/**
 * The world: the whole simulated chain state, built once from a resolved scenario and then
 * advanced by the engine's phases. Only sim/ mutates it; agents see read-only observations.
 *
 * Who owns TAO (checked every block by invariants.ts):
 *   issuance = outside + Σ pool TAO (subnets) + root TAO + Σ free balances + author fees + stranded
 * `outside` is TAO held by accounts the scenario does not model; a timeline stake brings TAO in
 * from there. Alpha of subnet i:
 *   alpha_out_i = Σ ledger stake on i + pending buckets + unclaimed root alpha + unowned_i
 * where unowned_i is alpha nobody in the model holds (off-model holders at the start, protocol
 * alpha from chain buys, burned incentive, dust and stranded remainders of payouts).
 */
import { allocate } from '../core/allocate.js';
import { InputError } from '../core/errors.js';
import { stream, type Stream } from '../core/rng.js';
import { type AlphaRao, type TaoRao, alphaRao, taoRao } from '../core/units.js';
import { minerQualities, stakeWeights } from '../agents/population.js';
import { createPool, createRootPool, type Pool } from '../chain/swap/index.js';
import { Ledger, ROOT_NETUID } from '../chain/staking/ledger.js';
import type { SparseMatrix } from '../math/sparse.js';
import type { Snapshot } from '../scenario/snapshot.js';
import type { Population, ResolvedScenario, ResolvedSubnet, ShareRule, SubnetParams, SubnetState } from '../scenario/types.js';

export type Role = 'owner' | 'validator' | 'miner';

export interface Neuron {
  readonly hotkey: string;
  readonly coldkey: string;
  readonly role: Role;
  /** Miners: true quality in [0, 1]. */
  readonly quality: number;
  readonly registeredAt: number;
  lastUpdate: number;
}

export interface Pending {
  server: AlphaRao;
  validator: AlphaRao;
  root: AlphaRao;
  ownerCut: AlphaRao;
}

/** Per-subnet sums since the last report, for subnets.csv. */
export interface SubnetFlows {
  taoEmission: bigint;
  taoIn: bigint;
  alphaIn: bigint;
  excessTao: bigint;
  alphaOutMinted: bigint;
  ownerCut: bigint;
  minerAlphaPaid: bigint;
  validatorAlphaPaid: bigint;
  rootAlphaPaid: bigint;
  epochs: number;
  /** Last share of block emission, U64F64 raw. */
  share: bigint;
}

export interface LastEpoch {
  block: number;
  incentiveU16: number[];
  dividendsU16: number[];
  serverEmission: bigint[];
  validatorEmission: bigint[];
}

export interface SubnetRt {
  readonly netuid: number;
  params: SubnetParams;
  pool: Pool;
  alphaOut: AlphaRao;
  movingPrice: bigint;
  minerBurned: bigint;
  emissionEnabled: boolean;
  subtokenEnabled: boolean;
  registrationAllowed: boolean;
  firstEmissionBlock: bigint | null;
  lastEpochBlock: number;
  blocksSinceLastStep: number;
  pendingEpochAt: number;
  lastMechanismStepBlock: number;
  pending: Pending;
  unowned: AlphaRao;
  readonly ownerColdkey: string;
  readonly ownerHotkey: string;
  readonly population: Population;
  /** Weight fraction validators give the owner's uid 0 (keeps MinerBurned near the start value). */
  readonly ownerFraction: number;
  /** Replaced, never changed in place (its uids' hotkeys and roles): caches key on the array. */
  neurons: readonly Neuron[];
  weights: SparseMatrix;
  bonds: SparseMatrix;
  permits: boolean[];
  userFlowEma: bigint;
  protocolFlowEma: bigint;
  /** TAO staked minus unstaked by users this block (for the flow rules). */
  userFlowBlock: bigint;
  /** TAO the protocol put in this block: tao_in plus chain buys (for net-taoflow). */
  protocolFlowBlock: bigint;
  flows: SubnetFlows;
  last: LastEpoch | undefined;
}

export interface NetworkRt {
  blockEmission: TaoRao | null;
  taoWeight: bigint;
  movingAlpha: bigint;
  maxEpochsPerBlock: number;
  rootClaimsPerBlock: number;
  rootSell: 'auto' | 'always' | 'never';
  shareRule: ShareRule;
  gateBar: bigint;
}

export interface World {
  block: number;
  issuance: TaoRao;
  outside: TaoRao;
  authorFees: TaoRao;
  strandedTao: TaoRao;
  /** Cumulative TAO recycled (unspent coinbase credit): it leaves the issuance. */
  recycledTao: TaoRao;
  rootPool: Pool;
  readonly ledger: Ledger;
  readonly subnets: SubnetRt[];
  readonly network: NetworkRt;
  readonly seed: number;
  readonly rng: (name: string) => Stream;
}

export const ZERO_FLOWS = (): SubnetFlows => ({
  taoEmission: 0n, taoIn: 0n, alphaIn: 0n, excessTao: 0n, alphaOutMinted: 0n, ownerCut: 0n,
  minerAlphaPaid: 0n, validatorAlphaPaid: 0n, rootAlphaPaid: 0n, epochs: 0, share: 0n,
});

/** Hotkey of built-in validator k: shared by every subnet, as mainnet's large validators are. */
export const validatorHotkey = (k: number): string => `validator-${k}`;
export const validatorColdkey = (k: number): string => `validator-ck-${k}`;

interface SubnetSeed {
  readonly state: SubnetState;
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
      const uids = Math.min(params.max_allowed_uids, ini.uids_per_subnet ?? s.participantCount);
      const v = Math.min(params.max_allowed_validators, s.validatorCount, Math.max(0, uids - 1));
      population = { ...population, validators: v, miners: Math.max(0, uids - 1 - v) };
    }
    if (population.validator_stake.total === 0n && population.validators > 0) {
      const total = s.totalStake < s.alphaOutstanding ? s.totalStake : s.alphaOutstanding;
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
    return { state, params, population, at: `initial.from_snapshot (netuid ${s.netuid})` };
  });
}

function buildSubnet(seed: SubnetSeed, ledger: Ledger, startBlock: number, root: { seedNum: number }): SubnetRt {
  const { state: s, params, population: pop } = seed;
  const netuid = s.netuid;
  const rng = stream(root.seedNum, `population/${netuid}`);
  const ownerHotkey = `owner-hk-${netuid}`;
  if (!ledger.hotkeyExists(ownerHotkey)) ledger.createHotkey(ownerHotkey, s.owner);
  const neurons: Neuron[] = [{ hotkey: ownerHotkey, coldkey: ledger.ownerOf(ownerHotkey), role: 'owner', quality: 0, registeredAt: startBlock, lastUpdate: startBlock }];
  for (let k = 0; k < pop.validators; k++) {
    const hk = validatorHotkey(k);
    if (!ledger.hotkeyExists(hk)) ledger.createHotkey(hk, validatorColdkey(k));
    neurons.push({ hotkey: hk, coldkey: ledger.ownerOf(hk), role: 'validator', quality: 0, registeredAt: startBlock, lastUpdate: startBlock });
  }
  const q = minerQualities(pop.miner_quality, pop.miners, rng);
  for (let k = 0; k < pop.miners; k++) {
    const hk = `miner-${netuid}-${k}`;
    ledger.createHotkey(hk, `miner-ck-${netuid}-${k}`);
    neurons.push({ hotkey: hk, coldkey: ledger.ownerOf(hk), role: 'miner', quality: q[k]!, registeredAt: startBlock, lastUpdate: startBlock });
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
  return {
    netuid, params: { ...params }, pool: createPool({ taoReserve: s.tao_in, alphaReserve: s.alpha_in, quoteWeight: s.pool_quote_weight, feeRate: params.fee_rate }),
    alphaOut: s.alpha_out, movingPrice: s.moving_price, minerBurned: s.miner_burned,
    emissionEnabled: s.emission_enabled, subtokenEnabled: s.subtoken_enabled, registrationAllowed: s.registration_allowed,
    firstEmissionBlock: s.first_emission_block === null ? null : BigInt(s.first_emission_block),
    lastEpochBlock: s.last_epoch_block, blocksSinceLastStep: 0, pendingEpochAt: 0, lastMechanismStepBlock: 0,
    pending: { server: alphaRao(0n), validator: alphaRao(0n), root: alphaRao(0n), ownerCut: alphaRao(0n) },
    unowned: alphaRao(s.alpha_out - owned), ownerColdkey: s.owner, ownerHotkey, population: pop,
    ownerFraction: Math.min(1, Math.max(0, minerBurnedFraction)),
    neurons, weights: Array.from({ length: n }, () => ({ j: [], v: [] })), bonds: Array.from({ length: n }, () => ({ j: [], v: [] })),
    permits: neurons.map((nr) => nr.role === 'validator'),
    userFlowEma: 0n, protocolFlowEma: 0n, userFlowBlock: 0n, protocolFlowBlock: 0n, flows: ZERO_FLOWS(), last: undefined,
  };
}

/** Build the world. A snapshot scenario needs the snapshot (read by scenario/, passed in). */
export function buildWorld(sc: ResolvedScenario, snapshot?: Snapshot): World {
  const ledger = new Ledger();
  const seedNum = sc.seed;
  let seeds: SubnetSeed[];
  let rootTao: TaoRao;
  let issuance = sc.network.total_issuance;
  let startBlock = sc.run.start_block;
  const network: NetworkRt = {
    blockEmission: sc.network.block_emission, taoWeight: sc.network.tao_weight, movingAlpha: sc.network.moving_alpha,
    maxEpochsPerBlock: sc.network.max_epochs_per_block, rootClaimsPerBlock: sc.network.root_claims_per_block, rootSell: sc.network.root_sell, shareRule: sc.network.share_rule,
    gateBar: sc.network.share_rule.rule === 'price-burn-gate' ? (sc.network.share_rule.gate_threshold ?? 0n) : 0n,
  };
  if (sc.initial.kind === 'inline') {
    seeds = sc.initial.subnets.map((s: ResolvedSubnet, k) => ({ state: s, params: s.params, population: s.population, at: `initial.subnets[${k}]` }));
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
  const subnets = seeds.map((s) => buildSubnet(s, ledger, startBlock, { seedNum }));

  // Root TAO: staked by the built-in validators, equally (SIM-DIVERGENCE: mainnet root stake is
  // concentrated in a few validators; the scenario gives only the total).
  const vmax = Math.max(0, ...subnets.map((s) => s.population.validators));
  const rootShares = allocate(rootTao, Array.from({ length: vmax }, () => 1n));
  rootShares.forEach((a, k) => a > 0n && ledger.increaseStakeForHotkeyAndColdkeyOnSubnet(validatorHotkey(k), validatorColdkey(k), ROOT_NETUID, alphaRao(a)));
  const rootPool = createRootPool(rootTao);
  const pooled = subnets.reduce((s, x) => s + x.pool.taoReserve, 0n) + rootTao;
  // total_issuance 0 (the default) means: no TAO outside the model, the issuance is what is pooled.
  if (issuance === 0n) issuance = taoRao(pooled);
  if (issuance < pooled)
    throw new InputError('network.total_issuance', `is ${issuance} rao, less than the TAO in pools and on root (${pooled} rao)`);
  return {
    block: startBlock, issuance: taoRao(issuance), outside: taoRao(issuance - pooled), authorFees: taoRao(0n),
    strandedTao: taoRao(0n), recycledTao: taoRao(0n), rootPool, ledger, subnets, network, seed: seedNum,
    rng: (name: string) => stream(seedNum, name),
  };
}
