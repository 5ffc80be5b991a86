/**
 * Whole-economy benchmarks: simulated days per second for a scenario (in process, no output),
 * peak memory, and the divergence of the aggregated coinbase (block_step K) from block-exact.
 */
import { performance } from 'node:perf_hooks';
import { resourceUsage } from 'node:process';
import { currentPrice } from '../src/chain/swap/index.js';
import { loadScenario } from '../src/scenario/load.js';
import { readSnapshot } from '../src/scenario/snapshot.js';
import { epochRunner } from '../src/sim/epochPool.js';
import { run } from '../src/sim/run.js';
import { buildWorld, type World } from '../src/sim/world.js';

export interface EconomyBench {
  scenario: string;
  epochs: number;
  blockStep: number;
  seconds: number;
  daysPerSecond: number;
  /** Seconds one simulated year would take at this rate. */
  yearSeconds: number;
  peakRssMb: number;
}

function load(file: string): { w: World; sc: ReturnType<typeof loadScenario> } {
  const sc = loadScenario(file);
  const w = buildWorld(sc, sc.initial.kind === 'snapshot' ? readSnapshot(sc.initial.path) : undefined);
  return { sc, w };
}

/**
 * Times `epochs` epochs after `warmup` untimed ones (mainnet's first ~14 epochs still count the
 * miners as active, which later epochs do not: a year is mostly the later kind).
 */
export function benchEconomy(file: string, epochs: number, blockStep?: number, threads = 1, warmup = 0): EconomyBench {
  const { sc, w } = load(file);
  const runner = epochRunner(threads);
  let t0 = performance.now();
  try {
    let done = 0;
    for (const rec of run(w, sc, { check: false, epochs: warmup + epochs, blockStep, runner })) {
      void rec;
      if (++done === warmup) t0 = performance.now();
    }
  } finally {
    runner.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  const days = (epochs * sc.run.blocks_per_epoch * sc.run.block_time_seconds) / 86_400;
  return {
    scenario: sc.name,
    epochs,
    blockStep: blockStep ?? sc.run.block_step,
    seconds,
    daysPerSecond: days / seconds,
    yearSeconds: (365 / days) * seconds,
    peakRssMb: resourceUsage().maxRSS / 1024,
  };
}

export interface Divergence {
  blockStep: number;
  days: number;
  /** max over subnets of |x_K − x_1| / x_1 after `days`. */
  spotPrice: number;
  movingPrice: number;
  taoReserve: number;
  alphaOut: number;
  /** max relative difference of one validator's alpha stake. */
  validatorStake: number;
}

const rel = (a: bigint, b: bigint): number => (b === 0n ? (a === 0n ? 0 : Infinity) : Math.abs(Number(a - b)) / Number(b));

/** Run `file` for `epochs` block-exact and with each K; report the relative divergence at the end. */
export function blockStepDivergence(file: string, epochs: number, steps: number[]): Divergence[] {
  const final = (k: number) => {
    const { sc, w } = load(file);
    for (const rec of run(w, sc, { check: false, epochs, blockStep: k })) void rec;
    return { w, sc };
  };
  const exact = final(1);
  const days = (epochs * exact.sc.run.blocks_per_epoch * exact.sc.run.block_time_seconds) / 86_400;
  return steps.map((k) => {
    const { w } = final(k);
    const d: Divergence = { blockStep: k, days, spotPrice: 0, movingPrice: 0, taoReserve: 0, alphaOut: 0, validatorStake: 0 };
    w.subnets.forEach((s, i) => {
      const e = exact.w.subnets[i]!;
      d.spotPrice = Math.max(d.spotPrice, rel(currentPrice(s.pool), currentPrice(e.pool)));
      d.movingPrice = Math.max(d.movingPrice, rel(s.movingPrice, e.movingPrice));
      d.taoReserve = Math.max(d.taoReserve, rel(s.pool.taoReserve, e.pool.taoReserve));
      d.alphaOut = Math.max(d.alphaOut, rel(s.alphaOut, e.alphaOut));
      const roles = w.population.get(s.netuid)!.roles;
      s.metagraph.hotkeys.forEach((hotkey, uid) => {
        if (roles[uid] === 'validator')
          d.validatorStake = Math.max(d.validatorStake, rel(w.ledger.totalHotkeyAlpha(hotkey, s.netuid), exact.w.ledger.totalHotkeyAlpha(hotkey, e.netuid)));
      });
    });
    return d;
  });
}
