/**
 * The engine: the chain's per-block phases in the chain's order, and nothing else
 * (shared/spec/economics.md §1.1–§1.4). Each phase is chain/'s; the engine calls them in turn
 * and feeds the reporters' meters from what they return.
 *   0 the neuron burn's decay                                       chain/subnets/registration
 *   1 mint E from the issuance (or the scenario's fixed block emission)
 *   2 coinbase terms from the state at the step's first block     chain/coinbase coinbaseTerms
 *   3 inject: tao_in, alpha_in, chain buys, alpha_out, pending     chain/coinbase/blockStep
 *   4 drain pending at due epochs (tempo schedule, per-block cap)   chain/coinbase/blockStep
 *   5 each drained subnet's epoch (Yuma) and its payout             chain/coinbase/subnetEpoch,
 *                                                                   distributeEmission
 *   6 moving prices from the post-injection spot price              chain/coinbase/blockStep
 *   7 automatic root claims                                         chain/payout/autoClaim
 *   8 the flow rules' EMAs; this block's flows reset                chain/coinbase/blockStep
 * Terms are computed first and applied second, so a phase never sees half-applied state.
 */
import { InputError } from '../core/errors.js';
import { type TaoRao, taoRao } from '../core/units.js';
import { blockEmission, coinbaseTerms, TOTAL_SUPPLY } from '../chain/coinbase/index.js';
import {
  coinbaseInput,
  distributeEmission,
  drainPending,
  type DueEpoch,
  injectAndMaybeSwap,
  subnetEpochJob,
  updateFlowEmas,
  updateMovingPrices,
} from '../chain/coinbase/blockStep.js';
import { runSubnetEpoch, type SubnetEpochResult } from '../chain/coinbase/subnetEpoch.js';
import type { PayoutAccounting } from '../chain/payout/distribute.js';
import { runAutoClaimRootDivs } from '../chain/payout/autoClaim.js';
import type { Subnet } from '../chain/state.js';
import { updateRegistrationPrices } from '../chain/subnets/registration.js';
import { type EpochRunner, sequentialRunner } from './epochPool.js';
import type { World } from './world.js';

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
 * Advance k blocks; k = 1 is the chain block by block (k > 1: the SIM-DIVERGENCE of
 * chain/coinbase/blockStep.ts, measured in the README). Returns the TAO minted per block.
 */
export function stepBlocks(w: World, k: number, runner: EpochRunner = sequentialRunner): TaoRao {
  const b0 = w.block + 1;
  updateRegistrationPrices(w, b0, k);
  // SIM-DIVERGENCE: a scenario's fixed block emission (a what-if) stops at the 21M cap too, as the
  // chain's schedule does; the k blocks of a step never mint past it
  const room = (TOTAL_SUPPLY > w.issuance ? TOTAL_SUPPLY - w.issuance : 0n) / BigInt(k);
  const wanted = w.network.blockEmission ?? blockEmission(w.issuance);
  const e = taoRao(wanted < room ? wanted : room);
  w.issuance = taoRao(w.issuance + e * BigInt(k));
  const t = coinbaseTerms(coinbaseInput(w, gateBlock(w, b0, k), e));
  const given = injectAndMaybeSwap(w, t, k);
  for (const g of given) {
    const f = w.meters.get(g.subnet.netuid)!.flows;
    f.taoEmission += g.taoEmission;
    f.taoIn += g.taoIn;
    f.alphaIn += g.alphaIn;
    f.excessTao += g.excessTao;
    f.alphaOutMinted += g.alphaOutMinted;
    f.ownerCut += g.ownerCut;
    f.share = g.share;
  }
  runEpochs(w, drainPending(w, b0, k), runner);
  w.block = b0 + k - 1;
  updateMovingPrices(w, given, k);
  runAutoClaimRootDivs(w, () => w.rng(`root-claim/${w.block}`), k);
  updateFlowEmas(w, k);
  return e;
}

/**
 * `distribute_emissions_to_subnets` (§1.3) for the step's due epochs, in order. The first epoch
 * of each subnet, Yuma and payout terms, is computed by `runner` (./epochPool.ts says why that is
 * exact); a subnet due twice in one step runs its second epoch after its first payout.
 */
function runEpochs(w: World, due: readonly DueEpoch[], runner: EpochRunner): void {
  if (due.length === 0) return; // most blocks of a block-exact run
  const first = new Map<Subnet, number>();
  due.forEach((d, q) => {
    if (!first.has(d.s)) first.set(d.s, q);
  });
  const firstIdx = [...first.values()];
  const jobOf = new Map(firstIdx.map((q, t) => [q, t]));
  const batch = runner.start(firstIdx.map((q) => subnetEpochJob(w, due[q]!)));
  due.forEach((d, q) => {
    w.block = d.block;
    const t = jobOf.get(q);
    const result = t !== undefined ? batch.take(t) : runSubnetEpoch(subnetEpochJob(w, d));
    meter(w, d, result, distributeEmission(w, d, result));
  });
}

/** The reporters' view of a paid epoch. */
function meter(w: World, { s, block }: DueEpoch, { epoch: out }: SubnetEpochResult, a: PayoutAccounting): void {
  const m = w.meters.get(s.netuid)!;
  const f = m.flows;
  f.minerAlphaPaid += a.incentivesStaked;
  f.validatorAlphaPaid += a.alphaDividendTakes + a.alphaDividendNominators;
  f.rootAlphaPaid += a.rootDividendTakes + a.rootDividendClaimable + a.rootDividendStakedToOwner;
  f.epochs += 1;
  m.last = {
    block,
    incentiveU16: out.incentiveU16,
    dividendsU16: out.dividendsU16,
    serverEmission: out.serverEmission,
    validatorEmission: out.validatorEmission,
  };
}
