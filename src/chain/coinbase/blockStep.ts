/**
 * The chain's per-block bookkeeping around the coinbase, as functions over the chain state, each
 * computing its terms before it applies them (shared/spec/economics.md §1.1–§1.4, §4.2, §6.2–§6.3).
 * Mirrors: pallets/subtensor/src/coinbase/run_coinbase.rs (`run_coinbase`,
 * `inject_and_maybe_swap`, `drain_pending`, `distribute_emission`), coinbase/block_step.rs and
 * staking/stake_utils.rs (`update_moving_price`).
 *
 *   inject (per subnet, terms from coinbaseTerms):  SubnetTAO += tao_in, SubnetAlphaIn += alpha_in
 *     (the pool's weights follow: adjustProtocolLiquidity), chain buy of excess_tao → protocol alpha,
 *     SubnetAlphaOut += alpha_out − recycled root alpha, the pending buckets += their split;
 *     what is minted but in no bucket (the split's floors) is unowned; unspent credit is recycled
 *   drain (per block, ascending netuid):  due ⇔ tempo > 0 ∧ (pending flag ∨ BlocksSinceLastStep >
 *     MAX_TEMPO ∨ b − LastEpochBlock ≥ tempo), at most MaxEpochsPerBlock (the rest next block)
 *   distribute_emission:  Bonds, ValidatorPermit ← the epoch; the payout terms applied to the ledger
 *
 * SIM-DIVERGENCE (k > 1 blocks at once, the scenario's `block_step`): the coinbase terms are
 * computed once from the state at the first block and applied k times (one chain buy of
 * k·excess, k·tao_in, k·alpha_in, k·alpha_out into the buckets), and the moving price and flow
 * EMAs take one step of k times their per-block speed. Epochs still fire at their exact blocks.
 */
import { type TaoRao, alphaRao, taoRao } from '../../core/units.js';
import { activityCutoffBlocks, yumaParamsOf } from '../epoch/yuma.js';
import { applyPayout, type DrainedPending, type PayoutAccounting, unownedOf } from '../payout/distribute.js';
import { NO_PENDING, type ChainState, type Subnet } from '../state.js';
import { adjustProtocolLiquidity, addLiquidity, chainBuy, currentPrice } from '../swap/index.js';
import { DEFAULT_FLOW_NORM_EXPONENT } from './constants.js';
import type { CoinbaseInput, CoinbaseTerms } from './index.js';
import { updateMovingPrice } from './movingPrice.js';
import { updateFlowEma } from './shares.js';
import { taoWeight } from './terms.js';
import type { SubnetEpochJob, SubnetEpochResult } from './subnetEpoch.js';

/** `MAX_TEMPO`: the safety net of `should_run_epoch` (lib.rs). */
const MAX_TEMPO = 50_400;

/** What `coinbaseTerms` reads of the state at block `b`, minting `e`. */
export function coinbaseInput(c: ChainState, b: number, e: TaoRao): CoinbaseInput {
  const rule = c.network.shareRule;
  // SubnetOwnerCut is one network-wide value on the chain; the engine refuses scenarios whose
  // subnets disagree on it.
  const ownerCut = c.subnets[0]?.params.owner_cut ?? 0;
  return {
    block: BigInt(b),
    blockEmission: e,
    rootTao: c.rootPool.taoReserve,
    taoWeightRaw: c.network.taoWeight,
    ownerCutU16: ownerCut,
    rule: rule.rule,
    gate:
      rule.rule === 'price-burn-gate'
        ? { bar: c.network.gateBar, exponent: rule.gate_exponent, rank: rule.gate_rank, updateInterval: BigInt(rule.gate_period_blocks) }
        : { bar: 0n, exponent: 3, rank: 32, updateInterval: 0n },
    flow:
      rule.rule === 'taoflow' || rule.rule === 'net-taoflow'
        ? { cutoff: rule.flow_cutoff, exponent: rule.flow_exponent }
        : { cutoff: 0n, exponent: DEFAULT_FLOW_NORM_EXPONENT },
    subnets: c.subnets.map((s) => ({
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

/** What one subnet was given by `injectAndMaybeSwap` over the k blocks. */
export interface Injected {
  readonly subnet: Subnet;
  readonly taoEmission: bigint;
  readonly taoIn: bigint;
  readonly alphaIn: bigint;
  readonly excessTao: bigint;
  readonly alphaOutMinted: bigint;
  readonly ownerCut: bigint;
  /** Share of the block emission, U64F64 raw. */
  readonly share: bigint;
}

/** `inject_and_maybe_swap` and the pending split, k times the terms; recycles the unspent credit. */
export function injectAndMaybeSwap(c: ChainState, t: CoinbaseTerms, k: number): Injected[] {
  const K = BigInt(k);
  let recycled = t.unspentTao * K;
  const byNetuid = new Map(c.subnets.map((s) => [s.netuid, s]));
  const given: Injected[] = [];
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
        c.strandedTao = taoRao(c.strandedTao + excess); // the chain leaves it in the subnet account
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
    given.push({
      subnet: s, taoEmission: st.taoEmission * K, taoIn: adj.taoIn, alphaIn: adj.alphaIn, excessTao: excess,
      alphaOutMinted: minted, ownerCut: st.ownerCut * K, share: st.share,
    });
  }
  c.recycledTao = taoRao(c.recycledTao + recycled);
  c.issuance = taoRao(c.issuance - recycled);
  if (c.network.shareRule.rule === 'price-burn-gate') c.network.gateBar = t.gateBar;
  return given;
}

export interface DueEpoch {
  readonly s: Subnet;
  readonly pending: DrainedPending;
  readonly block: number;
}

/**
 * `drain_pending` (§1.2 step 7) at every block of [b0, b0 + k): the epochs that fire, in the
 * chain's order (by block, then netuid), with what each drains. The schedule depends on the tempo
 * counters alone, never on a payout, so it can be read off before any epoch runs.
 */
export function drainPending(c: ChainState, b0: number, k: number): DueEpoch[] {
  const due: DueEpoch[] = [];
  for (let b = b0; b < b0 + k; b++) {
    let drained = 0;
    for (const s of c.subnets) {
      s.blocksSinceLastStep += 1;
      const tempo = s.params.tempo;
      const isDue =
        tempo > 0 &&
        ((s.pendingEpochAt > 0 && b >= s.pendingEpochAt) || s.blocksSinceLastStep > MAX_TEMPO || b - s.lastEpochBlock >= tempo);
      if (!isDue) continue;
      if (drained >= c.network.maxEpochsPerBlock) {
        s.pendingEpochAt = b + 1;
        continue;
      }
      drained += 1;
      due.push({ s, pending: { ...s.pending }, block: b });
      s.pending = NO_PENDING();
      s.lastEpochBlock = b;
      s.pendingEpochAt = 0;
      s.blocksSinceLastStep = 0;
    }
  }
  return due;
}

const NO_AUTO_STAKE: ReadonlyMap<string, string> = new Map();

/** The epoch's input as the chain reads it at the due block (`epoch_mechanism`'s storage reads), and its payout's. */
export function subnetEpochJob(c: ChainState, { s, pending, block }: DueEpoch): SubnetEpochJob {
  const m = s.metagraph;
  const hotkeys = m.hotkeys;
  const sw = c.ledger.stakeWeightsForNetwork(s.netuid, hotkeys);
  const p = s.params;
  return {
    epoch: {
      input: {
        n: m.n,
        currentBlock: block,
        lastMechanismStepBlock: s.lastMechanismStepBlock,
        alphaStake: sw.alpha,
        taoStake: sw.tao,
        lastUpdate: m.lastUpdate.slice(),
        blockAtRegistration: m.registeredAt,
        weights: s.weights,
        bonds: s.bonds,
        validatorPermits: m.permits as boolean[],
        raoEmission: pending.server + pending.validator + pending.root,
      },
      params: yumaParamsOf(p, {
        stakeThreshold: 0n,
        ownerUid: 0,
        taoWeight: c.network.taoWeight,
        activityCutoffBlocks: activityCutoffBlocks(p.activity_cutoff_factor_milli, p.tempo),
      }),
    },
    payout: {
      hotkeys,
      owners: m.coldkeys,
      uidsByName: m.uidsByName(),
      pending,
      params: {
        netuid: s.netuid,
        taoWeight: taoWeight(c.network.taoWeight),
        ckBurn: 0n,
        subnetOwner: s.ownerColdkey,
        subnetOwnerHotkey: s.ownerHotkey,
        recycleOrBurn: 'Burn',
        autoStakeDestination: NO_AUTO_STAKE,
      },
      reads: c.ledger,
    },
  };
}

/** `distribute_emission` (run_coinbase.rs:838) after the epoch: store its output, then apply the payout. */
export function distributeEmission(c: ChainState, { s, block }: DueEpoch, { epoch: out, terms }: SubnetEpochResult): PayoutAccounting {
  s.bonds = out.bondsStored;
  s.metagraph.permits = out.newValidatorPermits;
  s.metagraph.setEmission(out.serverEmission, out.validatorEmission);
  applyPayout(c.ledger, terms);
  const a = terms.accounting;
  const leaving = a.incentivesRecycled + a.childkeyBurnRecycled;
  s.alphaOut = alphaRao(s.alphaOut - leaving);
  s.unowned = alphaRao(s.unowned + unownedOf(a));
  s.minerBurned = terms.minerBurned;
  s.lastMechanismStepBlock = block;
  return a;
}

/** `update_moving_price` of every subnet that emitted, from its post-injection spot price (k blocks: k times the speed). */
export function updateMovingPrices(c: ChainState, given: readonly Injected[], k: number): void {
  for (const { subnet: s } of given) {
    s.movingPrice = updateMovingPrice({
      movingPrice: s.movingPrice,
      spotPrice: currentPrice(s.pool),
      block: BigInt(c.block),
      firstEmissionBlock: s.firstEmissionBlock ?? 0n,
      movingAlpha: c.network.movingAlpha * BigInt(k),
      halvingBlocks: BigInt(s.params.ema_price_halving_blocks),
    });
  }
}

/** The flow rules' EMAs (k blocks: one step of k times the speed on the mean flow per block); this block's flows reset. */
export function updateFlowEmas(c: ChainState, k: number): void {
  const rule = c.network.shareRule;
  const K = BigInt(k);
  if (rule.rule === 'taoflow' || rule.rule === 'net-taoflow') {
    for (const s of c.subnets) {
      s.userFlowEma = updateFlowEma(s.userFlowEma, s.userFlowBlock / K, rule.flow_smoothing * K);
      s.protocolFlowEma = updateFlowEma(s.protocolFlowEma, s.protocolFlowBlock / K, rule.flow_smoothing * K);
    }
  }
  for (const s of c.subnets) {
    s.userFlowBlock = 0n;
    s.protocolFlowBlock = 0n;
  }
}
