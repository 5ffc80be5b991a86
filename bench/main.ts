/** `npm run bench`: every performance figure the README quotes, measured on this machine. */
import { benchYuma } from './yuma.js';

const fmt = (x: number) => x.toFixed(3);
console.log(`taosim benchmarks — node ${process.version}, ${process.arch}`);
console.log('\nYuma epoch, exact (Q32.32), dense weights:');
for (const [v, n, epochs] of [[64, 256, 200], [256, 1024, 20]] as const) {
  for (const yuma3 of [true, false]) {
    const r = benchYuma(v, n, yuma3, epochs);
    console.log(`  ${v} × ${n} ${r.model.padEnd(8)}  median ${fmt(r.medianMs)} ms/epoch  p90 ${fmt(r.p90Ms)} ms`);
  }
}
