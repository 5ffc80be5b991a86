/**
 * The engine's per-block phases, in the chain's order (shared/spec/economics.md §1.1–§1.4):
 *   1 mint E from the issuance          4 drain pending at due epochs (tempo schedule, per-block cap)
 *   2 coinbase terms (chain/coinbase)    5 run each drained subnet's epoch (chain/epoch) and pay
 *   3 apply: weights, chain buy,           out (chain/payout)
 *     alpha_in, tao_in, alpha_out,       6 moving prices (and flow EMAs) from the post-injection
 *     pending split; recycle the rest      spot price
 *                                        7 automatic root claims (root dividends sold for root TAO)
 * Terms are computed first and applied second, so a phase never sees half-applied state.
 */
import { InputError } from '../core/errors.js';
import { allocate } from '../core/allocate.js';
import { type AlphaRao, type TaoRao, alphaRao, taoRao } from '../core/units.js';
import {
  blockEmission,
  coinbaseTerms,
  DEFAULT_FLOW_NORM_EXPONENT,
  taoWeight,
  updateFlowEma,
  updateMovingPrice,
  type CoinbaseInput,
} from '../chain/coinbase/index.js';
import { activityCutoffBlocks, yumaParamsOf } from '../chain/epoch/yuma.js';
import { applyPayout, type DrainedPending } from '../chain/payout/distribute.js';
import { adjustProtocolLiquidity, addLiquidity, chainBuy, createRootPool, currentPrice, MIN_PRICE, swapAlphaForTao, type Pool } from '../chain/swap/index.js';
import { applyRootClaimSwap, DEFAULT_ROOT_CLAIMABLE_THRESHOLD, planRootClaim, rootClaimOrder } from '../chain/payout/rootClaim.js';
import { ROOT_NETUID } from '../chain/staking/ledger.js';
import { type EpochRunner, sequentialRunner } from './epochPool.js';
import { runSubnetEpoch, type SubnetEpochJob, type SubnetEpochResult } from './subnetEpoch.js';
import type { Neuron, SubnetRt, World } from './world.js';

/** `MAX_TEMPO`: the safety net of `should_run_epoch` (lib.rs). */
const MAX_TEMPO = 50_400;

function coinbaseInput(w: World, b: number, e: TaoRao): CoinbaseInput {
  const rule = w.network.shareRule;
  // SubnetOwnerCut is one network-wide value on the chain; checkSupported refuses scenarios whose
  // subnets disagree on it.
  const ownerCut = w.subnets[0]?.params.owner_cut ?? 0;
  return {
    block: BigInt(b),
    blockEmission: e,
    rootTao: w.rootPool.taoReserve,
    taoWeightRaw: w.network.taoWeight,
    ownerCutU16: ownerCut,
    rule: rule.rule,
    gate:
      rule.rule === 'price-burn-gate'
        ? { bar: w.network.gateBar, exponent: rule.gate_exponent, rank: rule.gate_rank, updateInterval: BigInt(rule.gate_period_blocks) }
        : { bar: 0n, exponent: 3, rank: 32, updateInterval: 0n },
    flow:
      rule.rule === 'taoflow' || rule.rule === 'net-taoflow'
        ? { cutoff: rule.flow_cutoff, exponent: rule.flow_exponent }
        : { cutoff: 0n, exponent: DEFAULT_FLOW_NORM_EXPONENT },
    subnets: w.subnets.map((s) => ({
      netuid: s.netuid,
      alphaIn: s.pool.alphaReserve,
      alphaOut: s.alphaOut,
      spotPrice: currentPrice(s.pool),
      movingPrice: s.movingPrice,
      minerBurned: s.minerBurned,
      firstEmissionBlock: s.firstEmissionBlock,
      subtokenEnabled: s.subtokenEnabled,
      registrationAllowed: s.registrationAllowed,
      emissionEnabled: s.emissionEnabled,
      ownerCutEnabled: true,
      userFlowEma: s.userFlowEma,
      protocolFlowEma: s.protocolFlowEma,
    })),
  };
}

/** Refuse scenario settings the engine does not simulate, rather than ignoring them. */
export function checkSupported(w: World): void {
  if (w.network.rootSell !== 'auto')
    throw new InputError('network.root_sell', `"${w.network.rootSell}" is not simulated yet; only "auto" (the chain's Σ EMA price > 1 rule) is`);
  const cut = w.subnets[0]?.params.owner_cut;
  w.subnets.forEach((s) => {
    if (s.params.owner_cut !== cut)
      throw new InputError(`subnets (netuid ${s.netuid}).owner_cut`, `is ${s.params.owner_cut} but netuid ${w.subnets[0]!.netuid} has ${cut}: SubnetOwnerCut is one network-wide value on the chain`);
  });
}

/** The block the gate may recompute θ at: the first multiple of its period in [b0, b0 + k). */
function gateBlock(w: World, b0: number, k: number): number {
  const rule = w.network.shareRule;
  if (rule.rule !== 'price-burn-gate' || rule.gate_period_blocks <= 0) return b0;
  const p = rule.gate_period_blocks;
  const m = Math.ceil(b0 / p) * p;
  return m < b0 + k ? m : b0;
}

/**
 * Advance k blocks; k = 1 is the chain block by block. Returns the TAO minted per block.
 *
 * SIM-DIVERGENCE (k > 1, the scenario's `block_step`): the coinbase terms are computed once from
 * the state at the first block and applied k times (one chain buy of k·excess, k·tao_in,
 * k·alpha_in, k·alpha_out into the pending buckets), and the moving price and flow EMAs take one
 * step of k times their per-block speed. Epochs still fire at their exact blocks. The README
 * reports the measured divergence from k = 1.
 */
export function stepBlocks(w: World, k: number, runner: EpochRunner = sequentialRunner): TaoRao {
  const b0 = w.block + 1;
  const e = w.network.blockEmission ?? blockEmission(w.issuance);
  const K = BigInt(k);
  w.issuance = taoRao(w.issuance + e * K);

  const t = coinbaseTerms(coinbaseInput(w, gateBlock(w, b0, k), e));
  let recycled = t.unspentTao * K;
  const byNetuid = new Map(w.subnets.map((s) => [s.netuid, s]));
  for (const st of t.subnets) {
    if (!st.eligible) continue;
    const s = byNetuid.get(st.netuid)!;
    const adj = adjustProtocolLiquidity(s.pool, taoRao(st.taoIn * K), alphaRao(st.alphaIn * K));
    s.pool = adj.pool;
    if (adj.taoIn === 0n && st.taoIn > 0n) recycled += st.taoIn * K; // weights out of range: nothing injected
    const excess = taoRao(st.excessTao * K);
    if (excess > 0n) {
      const buy = chainBuy(s.pool, excess);
      if (buy.ok) {
        s.protocolFlowBlock += excess;
        s.pool = buy.pool;
        s.alphaOut = alphaRao(s.alphaOut + buy.amountOut);
        s.unowned = alphaRao(s.unowned + buy.amountOut); // SubnetProtocolAlpha
      } else {
        w.strandedTao = taoRao(w.strandedTao + excess); // the chain leaves it in the subnet account
      }
    }
    s.pool = addLiquidity(s.pool, adj.taoIn, adj.alphaIn);
    s.protocolFlowBlock += adj.taoIn;
    const minted = (st.alphaOut - st.recycledRootAlpha) * K;
    s.alphaOut = alphaRao(s.alphaOut + minted);
    s.pending.server = alphaRao(s.pending.server + st.pendingServer * K);
    s.pending.validator = alphaRao(s.pending.validator + st.pendingValidator * K);
    s.pending.root = alphaRao(s.pending.root + st.pendingRoot * K);
    s.pending.ownerCut = alphaRao(s.pending.ownerCut + st.ownerCut * K);
    // alpha_out minted but in none of the four buckets (the split's floors) is owned by nobody
    const bucketed = (st.pendingServer + st.pendingValidator + st.pendingRoot + st.ownerCut) * K;
    s.unowned = alphaRao(s.unowned + minted - bucketed);
    const f = s.flows;
    f.taoEmission += st.taoEmission * K;
    f.taoIn += adj.taoIn;
    f.alphaIn += adj.alphaIn;
    f.excessTao += excess;
    f.alphaOutMinted += minted;
    f.ownerCut += st.ownerCut * K;
    f.share = st.share;
  }
  w.recycledTao = taoRao(w.recycledTao + recycled);
  w.issuance = taoRao(w.issuance - recycled);
  if (w.network.shareRule.rule === 'price-burn-gate') w.network.gateBar = t.gateBar;

  runEpochs(w, drainDue(w, b0, k), runner);
  w.block = b0 + k - 1;

  const rule = w.network.shareRule;
  for (const st of t.subnets) {
    if (!st.eligible) continue;
    const s = byNetuid.get(st.netuid)!;
    s.movingPrice = updateMovingPrice({
      movingPrice: s.movingPrice,
      spotPrice: currentPrice(s.pool),
      block: BigInt(w.block),
      firstEmissionBlock: s.firstEmissionBlock ?? 0n,
      movingAlpha: w.network.movingAlpha * K,
      halvingBlocks: BigInt(s.params.ema_price_halving_blocks),
    });
  }
  autoClaimRoot(w, k);
  if (rule.rule === 'taoflow' || rule.rule === 'net-taoflow') {
    // k blocks at once: one EMA step of k times the speed on the mean flow per block
    for (const s of w.subnets) {
      s.userFlowEma = updateFlowEma(s.userFlowEma, s.userFlowBlock / K, rule.flow_smoothing * K);
      s.protocolFlowEma = updateFlowEma(s.protocolFlowEma, s.protocolFlowBlock / K, rule.flow_smoothing * K);
    }
  }
  for (const s of w.subnets) {
    s.userFlowBlock = 0n;
    s.protocolFlowBlock = 0n;
  }
  return e;
}

interface DueEpoch {
  readonly s: SubnetRt;
  readonly pending: DrainedPending;
  readonly block: number;
}

/**
 * `drain_pending` (economics.md §1.2 step 7) at every block of the step: the epochs that fire,
 * in the chain's order (by block, then netuid), with what each drains. The schedule depends on
 * the tempo counters alone, never on a payout, so it can be read off before any epoch runs.
 */
function drainDue(w: World, b0: number, k: number): DueEpoch[] {
  const due: DueEpoch[] = [];
  for (let b = b0; b < b0 + k; b++) {
    let drained = 0;
    for (const s of w.subnets) {
      s.blocksSinceLastStep += 1;
      const tempo = s.params.tempo;
      const isDue =
        tempo > 0 &&
        ((s.pendingEpochAt > 0 && b >= s.pendingEpochAt) || s.blocksSinceLastStep > MAX_TEMPO || b - s.lastEpochBlock >= tempo);
      if (!isDue) continue;
      if (drained >= w.network.maxEpochsPerBlock) {
        s.pendingEpochAt = b + 1;
        continue;
      }
      drained += 1;
      due.push({ s, pending: { ...s.pending }, block: b });
      s.pending = { server: alphaRao(0n), validator: alphaRao(0n), root: alphaRao(0n), ownerCut: alphaRao(0n) };
      s.lastEpochBlock = b;
      s.pendingEpochAt = 0;
      s.blocksSinceLastStep = 0;
    }
  }
  return due;
}

/**
 * `distribute_emissions_to_subnets` (§1.3) for the step's due epochs, in order. The first epoch
 * of each subnet, Yuma and payout terms, is computed by `runner` (./epochPool.ts says why that is
 * exact); a subnet due twice in one step runs its second epoch after its first payout.
 */
function runEpochs(w: World, due: readonly DueEpoch[], runner: EpochRunner): void {
  if (due.length === 0) return; // most blocks of a block-exact run
  const first = new Map<SubnetRt, number>();
  due.forEach((d, q) => {
    if (!first.has(d.s)) first.set(d.s, q);
  });
  const firstIdx = [...first.values()];
  const jobOf = new Map(firstIdx.map((q, t) => [q, t]));
  const batch = runner.start(firstIdx.map((q) => subnetEpochJob(w, due[q]!)));
  due.forEach((d, q) => {
    w.block = d.block;
    const t = jobOf.get(q);
    payEpoch(w, d, t !== undefined ? batch.take(t) : runSubnetEpoch(subnetEpochJob(w, d)));
    d.s.lastMechanismStepBlock = d.block;
  });
}

interface UidKeys {
  readonly hotkeys: readonly string[];
  readonly owners: readonly string[];
  readonly uidsByName: readonly number[];
  /** BlockAtRegistration per uid (a neuron's is fixed: a new registration is a new neuron). */
  readonly registeredAt: readonly number[];
}
const uidKeys = new WeakMap<readonly Neuron[], UidKeys>();

/** The subnet's per-uid constants (hotkeys, owners, uids by hotkey name, registration blocks), kept while its neurons stay the same array. */
function uidKeysOf(s: SubnetRt): UidKeys {
  const c = uidKeys.get(s.neurons);
  if (c !== undefined) return c;
  const hotkeys = s.neurons.map((n) => n.hotkey);
  const keys = {
    hotkeys,
    owners: s.neurons.map((n) => n.coldkey),
    uidsByName: hotkeys.map((_, i) => i).sort((a, b) => (hotkeys[a]! < hotkeys[b]! ? -1 : hotkeys[a]! > hotkeys[b]! ? 1 : a - b)),
    registeredAt: s.neurons.map((n) => n.registeredAt),
  };
  uidKeys.set(s.neurons, keys);
  return keys;
}

/** The epoch's input as the chain reads it at the due block (`epoch_mechanism`'s storage reads), and its payout's. */
function subnetEpochJob(w: World, { s, pending, block }: DueEpoch): SubnetEpochJob {
  const { hotkeys, owners, uidsByName, registeredAt } = uidKeysOf(s);
  const sw = w.ledger.stakeWeightsForNetwork(s.netuid, hotkeys);
  const p = s.params;
  return {
    epoch: {
      input: {
        n: s.neurons.length,
        currentBlock: block,
        lastMechanismStepBlock: s.lastMechanismStepBlock,
        alphaStake: sw.alpha,
        taoStake: sw.tao,
        lastUpdate: s.neurons.map((n) => n.lastUpdate),
        blockAtRegistration: registeredAt,
        weights: s.weights,
        bonds: s.bonds,
        validatorPermits: s.permits,
        raoEmission: pending.server + pending.validator + pending.root,
      },
      params: yumaParamsOf(p, {
        stakeThreshold: 0n,
        ownerUid: 0,
        taoWeight: w.network.taoWeight,
        activityCutoffBlocks: activityCutoffBlocks(p.activity_cutoff_factor_milli, p.tempo),
      }),
    },
    payout: {
      hotkeys,
      owners,
      uidsByName,
      pending,
      params: {
        netuid: s.netuid,
        taoWeight: taoWeight(w.network.taoWeight),
        ckBurn: 0n,
        subnetOwner: s.ownerColdkey,
        subnetOwnerHotkey: s.ownerHotkey,
        recycleOrBurn: 'Burn',
        autoStakeDestination: NO_AUTO_STAKE,
      },
      reads: w.ledger,
    },
  };
}

const NO_AUTO_STAKE: ReadonlyMap<string, string> = new Map();

/** `distribute_emission` (run_coinbase.rs:838) after the epoch: store its output, then apply the payout. */
function payEpoch(w: World, { s, block: b }: DueEpoch, { epoch: out, terms }: SubnetEpochResult): void {
  s.bonds = out.bondsStored;
  s.permits = out.newValidatorPermits;
  applyPayout(w.ledger, terms);
  const a = terms.accounting;
  const leaving = a.incentivesRecycled + a.childkeyBurnRecycled;
  s.alphaOut = alphaRao(s.alphaOut - leaving);
  s.unowned = alphaRao(
    s.unowned + a.ownerCutUndistributed + a.incentivesBurned + a.serverRemainder + a.validatorUndistributed + a.validatorDust + a.rootUndistributed + a.rootDust - a.childkeyBurnRecycled,
  );
  s.minerBurned = terms.minerBurned;
  const f = s.flows;
  f.minerAlphaPaid += a.incentivesStaked;
  f.validatorAlphaPaid += a.alphaDividendTakes + a.alphaDividendNominators;
  f.rootAlphaPaid += a.rootDividendTakes + a.rootDividendClaimable + a.rootDividendStakedToOwner;
  f.epochs += 1;
  s.last = {
    block: b,
    incentiveU16: out.incentiveU16,
    dividendsU16: out.dividendsU16,
    serverEmission: out.serverEmission,
    validatorEmission: out.validatorEmission,
  };
}

/**
 * `run_auto_claim_root_divs` (claim_root.rs, economics.md §6.7): each block NumRootClaim root
 * stakers claim their root dividends on every subnet; with the default claim type (Swap) the
 * owed alpha is sold fee-less into the subnet's pool and the TAO staked to them on root.
 *
 * SIM-DIVERGENCE: the chain picks the coldkeys from the parent block hash, which a simulation
 * does not have; taosim picks distinct ones from a seeded stream, and over k > 1 aggregated
 * blocks it picks min(n, k·NumRootClaim) of them once (what is owed accrues linearly). A swap the
 * pool refuses skips that subnet's claim instead of rolling back the coldkey's whole claim.
 */
function autoClaimRoot(w: World, k: number): void {
  const perBlock = w.network.rootClaimsPerBlock;
  if (perBlock === 0) return;
  const coldkeys = w.ledger.stakingColdkeys(ROOT_NETUID);
  const n = coldkeys.length;
  if (n === 0) return;
  const rng = w.rng(`root-claim/${w.block}`);
  const picks = new Set<number>();
  const want = Math.min(n, perBlock * k);
  let idx = rng.int(n);
  for (let t = 0; picks.size < want && t < 4 * want + 8; t++) {
    picks.add(idx);
    idx = (idx + 1 + rng.int(n)) % n;
  }
  const claims = new Map<number, { coldkey: string; hotkey: string; netuid: number; owed: AlphaRao }[]>();
  for (const i of [...picks].sort((a, b) => a - b)) {
    const coldkey = coldkeys[i]!;
    // k > 1 plans every claim before applying any, so a root stake is read once per hotkey
    const rootStakes = new Map<string, AlphaRao>();
    for (const { hotkey, netuid } of rootClaimOrder(w.ledger, coldkey)) {
      if (k === 1) claimOne(w, coldkey, hotkey, netuid);
      else {
        let rootStake = rootStakes.get(hotkey);
        if (rootStake === undefined) rootStakes.set(hotkey, (rootStake = w.ledger.stake(hotkey, coldkey, ROOT_NETUID)));
        const step = planRootClaim(w.ledger, hotkey, coldkey, netuid, { kind: 'Swap' }, DEFAULT_ROOT_CLAIMABLE_THRESHOLD, rootStake);
        if (step.kind === 'swap') {
          const onSubnet = claims.get(netuid);
          const claim = { coldkey, hotkey, netuid, owed: step.owed };
          if (onSubnet === undefined) claims.set(netuid, [claim]);
          else onSubnet.push(claim);
        }
      }
    }
  }
  // SIM-DIVERGENCE (k > 1): one sale per subnet of everything claimed there, its TAO split
  // among the claimers by what each was owed, and each claimer's root TAO staked at once (the
  // chain sells and stakes claim by claim; the watermark floors then differ by a few rao).
  const rootTao = new Map<string, { hotkey: string; coldkey: string; tao: bigint }>();
  for (const s of w.subnets) {
    const mine = claims.get(s.netuid);
    if (mine === undefined) continue;
    const total = alphaRao(mine.reduce((a, c) => a + c.owed, 0n));
    const sell = swapAlphaForTao(s.pool, total, { limitPrice: MIN_PRICE, feeFree: true });
    if (!sell.ok || sell.refund > 0n) continue;
    settleClaimSale(w, s, total, sell.pool, sell.amountOut);
    allocate(sell.amountOut, mine.map((c) => c.owed)).forEach((tao, q) => {
      const c = mine[q]!;
      const key = `${c.hotkey}\u0000${c.coldkey}`;
      const acc = rootTao.get(key) ?? { hotkey: c.hotkey, coldkey: c.coldkey, tao: 0n };
      acc.tao += tao;
      rootTao.set(key, acc);
      w.ledger.recordRootClaimed(c.netuid, c.hotkey, c.coldkey, c.owed);
    });
  }
  for (const key of [...rootTao.keys()].sort()) {
    const { hotkey, coldkey, tao } = rootTao.get(key)!;
    w.ledger.increaseStakeForHotkeyAndColdkeyOnSubnet(hotkey, coldkey, ROOT_NETUID, alphaRao(tao));
    w.ledger.addStakeAdjustRootClaimed(hotkey, coldkey, tao);
  }
}

/** One Swap claim of (hotkey, coldkey) on a subnet, as `root_claim_on_subnet`. */
function claimOne(w: World, coldkey: string, hotkey: string, netuid: number): void {
  const step = planRootClaim(w.ledger, hotkey, coldkey, netuid, { kind: 'Swap' });
  if (step.kind !== 'swap') return;
  const s = w.subnets.find((x) => x.netuid === netuid);
  if (!s) return;
  const sell = swapAlphaForTao(s.pool, step.owed, { limitPrice: MIN_PRICE, feeFree: true });
  if (!sell.ok || sell.refund > 0n) return;
  settleClaimSale(w, s, step.owed, sell.pool, sell.amountOut);
  applyRootClaimSwap(w.ledger, hotkey, coldkey, netuid, step.owed, sell.amountOut);
}

/** The pool side of a claim sale: the alpha leaves o_i into the pool, the TAO moves to root. */
function settleClaimSale(w: World, s: SubnetRt, alpha: AlphaRao, pool: Pool, tao: bigint): void {
  s.pool = pool;
  s.alphaOut = alphaRao(s.alphaOut - alpha);
  s.protocolFlowBlock -= tao;
  w.rootPool = createRootPool(w.rootPool.taoReserve + tao);
}
