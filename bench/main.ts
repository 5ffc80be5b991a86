/**
 * `npm run bench`: every performance figure the README quotes, measured on this machine.
 * `npm run bench -- --quick` skips the slow parts (the long economy runs and the divergence).
 */
import { availableParallelism } from 'node:os';
import { benchCoinbase } from './coinbase.js';
import { benchEconomy, blockStepDivergence } from './economy.js';
import { benchSwaps } from './swap.js';
import { benchYuma } from './yuma.js';

const quick = process.argv.includes('--quick');
const f = (x: number, d = 3) => x.toFixed(d);
console.log(`taosim benchmarks — node ${process.version}, ${process.arch}${quick ? ' (quick)' : ''}`);

console.log('\nYuma epoch, exact (Q32.32), dense weights changing every epoch (median over epochs that carry bonds forward):');
console.log('  yuma = every intermediate returned (taosim epoch); yumaResult = the vectors without the matrices (the economy runs yumaPaid, a subset)');
for (const [v, n, epochs] of [[64, 256, 1000], [256, 1024, quick ? 5 : 40]] as const) {
  for (const yuma3 of [true, false]) {
    for (const matrices of [true, false]) {
      const r = benchYuma(v, n, yuma3, epochs, matrices);
      console.log(`  ${v} × ${n} ${r.model.padEnd(8)} ${(matrices ? 'yuma' : 'yumaResult').padEnd(10)}  median ${f(r.medianMs)} ms/epoch  p90 ${f(r.p90Ms)} ms`);
    }
  }
}

console.log('\nPool swaps (w = 0.5, alternating stake/unstake):');
console.log(`  ${Math.round(benchSwaps().swapsPerSecond).toLocaleString('en')} swaps/s`);

console.log('\nCoinbase terms, 128 subnets (mainnet snapshot, price-burn-gate):');
console.log(`  ${Math.round(benchCoinbase().blocksPerSecond).toLocaleString('en')} blocks/s`);

console.log('\nWhole economy (in process, no output written):');
const threads = availableParallelism();
// [file, timed epochs, threads, untimed epochs first]
const runs: [string, number, number, number][] = quick
  ? [['scenarios/baseline.yaml', 100, 1, 0]]
  : [
      ['scenarios/baseline.yaml', 1800, 1, 0],
      ['scenarios/mainnet-2026-08-chain.yaml', 40, 1, 20],
      ...(threads > 1 ? [['scenarios/mainnet-2026-08-chain.yaml', 40, threads, 20] as [string, number, number, number]] : []),
      // the calibrated populations: the difference per epoch from the chain-only run is the agent layer's
      ['scenarios/mainnet-2026-08.yaml', 40, 1, 20],
    ];
const perEpoch = new Map<string, number>();
for (const [file, epochs, t, warmup] of runs) {
  const r = benchEconomy(file, epochs, undefined, t, warmup);
  if (t === 1) perEpoch.set(r.scenario, r.seconds / epochs);
  const which = warmup > 0 ? `epochs ${warmup}–${warmup + epochs}` : `${epochs} epochs`;
  console.log(
    `  ${r.scenario.padEnd(22)} ${which}, block_step ${r.blockStep}, ${t} thread${t > 1 ? 's' : ''}: ${f(r.seconds, 1)} s, ${f(r.daysPerSecond, 3)} simulated days/s, ` +
      `one year ≈ ${f(r.yearSeconds / 60, 1)} min, peak RSS ${f(r.peakRssMb, 0)} MB`,
  );
}

const chain = perEpoch.get('mainnet-2026-08-chain');
const agents = perEpoch.get('mainnet-2026-08');
if (chain !== undefined && agents !== undefined)
  console.log(`  the agent layer (decide, apply, accounting) on mainnet-2026-08: ${f((agents - chain) * 1000, 1)} ms per epoch (a step of 360 blocks) of ${f(agents * 1000, 1)} ms`);

if (!quick) {
  console.log('\nAggregated coinbase vs block-exact (baseline, max relative difference over subnets at the end):');
  for (const d of blockStepDivergence('scenarios/baseline.yaml', 100, [36, 360])) {
    console.log(
      `  block_step ${String(d.blockStep).padStart(3)} after ${f(d.days, 1)} days: spot ${d.spotPrice.toExponential(2)}, moving ${d.movingPrice.toExponential(2)}, ` +
        `tao reserve ${d.taoReserve.toExponential(2)}, alpha out ${d.alphaOut.toExponential(2)}, validator stake ${d.validatorStake.toExponential(2)}`,
    );
  }
}
