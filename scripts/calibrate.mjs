#!/usr/bin/env node
/**
 * Calibration of a population mix against the real market: a `taosim sweep` of the scenario (its
 * seeds, and any grid of --set / --zip keys, over --days days), then `taosim facts` of every run,
 * printed as one row per run with the six facts of shared/spec/realism.md, whether each run
 * median is inside issue #12's band, and per grid point the median of each fact across seeds.
 *
 *   node scripts/calibrate.mjs [scenario] [--days 40] [--seeds 1..3] [--jobs 2] [--out DIR]
 *        [--set key=v1,v2]… [--zip key=v1,v2]… [--json]
 *
 * The default scenario is scenarios/mainnet-2026-08.yaml; a sweep that exists is resumed (its
 * complete runs are kept). Needs `npm run build` first. scenarios/README.md (Calibration) tells how
 * the shipped mix was found with it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const FACTS = ['vol', 'kurtosis', 'acf', 'acf_abs', 'drift', 'pair_correlation'];

function parse(argv) {
  const o = { scenario: join(root, 'scenarios', 'mainnet-2026-08.yaml'), days: 40, seeds: '1..3', jobs: undefined, out: undefined, set: [], zip: [], json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value`);
      return v;
    };
    if (a === '--days') o.days = Number(value());
    else if (a === '--seeds') o.seeds = value();
    else if (a === '--jobs') o.jobs = value();
    else if (a === '--out') o.out = value();
    else if (a === '--set') o.set.push(value());
    else if (a === '--zip') o.zip.push(value());
    else if (a === '--json') o.json = true;
    else if (a.startsWith('--')) fail(`unknown option ${a}`);
    else o.scenario = a;
  }
  if (!Number.isInteger(o.days) || o.days < 31) fail(`--days: expected a whole number ≥ 31 (a fact needs 30 daily returns), got ${o.days}`);
  o.out ??= join(root, 'out', `calibrate-${o.days}d`);
  return o;
}

function fail(msg) {
  process.stderr.write(`calibrate: ${msg}\n`);
  process.exit(2);
}

function taosim(args, inherit) {
  const r = spawnSync(process.execPath, ['--max-semi-space-size=64', cli, ...args], { encoding: 'utf8', stdio: inherit ? 'inherit' : 'pipe', maxBuffer: 1 << 26 });
  if (r.status !== 0) fail(`taosim ${args.join(' ')} exited ${r.status}${r.stderr ? `: ${r.stderr.trim()}` : ''}`);
  return r.stdout;
}

/** The sweep's index (sweep.csv: no field there holds a comma or a quote). */
function index(out) {
  const [head, ...rows] = readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n');
  const cols = head.split(',');
  return rows.map((line) => Object.fromEntries(line.split(',').map((v, k) => [cols[k], v])));
}

const median = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const m = (s.length - 1) / 2;
  return (s[Math.floor(m)] + s[Math.ceil(m)]) / 2;
};
const fmt = (x) => (x === null ? 'n/a' : Math.abs(x) >= 0.01 || x === 0 ? x.toFixed(3) : x.toExponential(2));

const o = parse(process.argv.slice(2));
// epochs for the days, from the scenario's resolved epoch length (blocks of 12 s)
const { run } = JSON.parse(taosim(['validate', o.scenario])).resolved;
const epochs = Math.ceil((o.days * 86_400) / (run.blocks_per_epoch * run.block_time_seconds));
const sweep = ['sweep', o.scenario, '--seeds', o.seeds, '--epochs', String(epochs), '--neurons', 'off', '--out', o.out, '--progress', 'false'];
for (const s of o.set) sweep.push('--set', s);
for (const z of o.zip) sweep.push('--zip', z);
if (o.jobs !== undefined) sweep.push('--jobs', o.jobs);
taosim(sweep, true);

const swept = JSON.parse(readFileSync(join(o.out, 'sweep.json'), 'utf8'));
const keys = Object.keys(index(o.out)[0]).filter((k) => !['run', 'point', 'seed', 'status', 'scenario_hash', 'out', 'wall_seconds', 'error'].includes(k));
const rows = index(o.out).map((r) => {
  const f = JSON.parse(taosim(['facts', join(o.out, r.out), '--json']));
  if (f.run.note) fail(`${r.run}: ${f.run.note}`);
  const by = Object.fromEntries(f.facts.map((x) => [x.fact, x]));
  return { run: r.run, point: r.point, seed: Number(r.seed), keys: Object.fromEntries(keys.map((k) => [k, r[k]])), days: f.run.days, facts: Object.fromEntries(FACTS.map((k) => [k, by[k]?.run?.median ?? null])), inside: Object.fromEntries(FACTS.map((k) => [k, by[k]?.inside ?? null])), target: Object.fromEntries(FACTS.map((k) => [k, by[k]?.target.text])) };
});
const points = [...new Set(rows.map((r) => r.point))].map((p) => {
  const rs = rows.filter((r) => r.point === p);
  return { point: p, keys: rs[0].keys, seeds: rs.map((r) => r.seed), facts: Object.fromEntries(FACTS.map((k) => [k, median(rs.map((r) => r.facts[k]))])), allInside: rs.every((r) => FACTS.every((k) => r.inside[k] === true)) };
});

if (o.json) process.stdout.write(JSON.stringify({ scenario: o.scenario, days: o.days, sweep: swept, runs: rows, points }, null, 2) + '\n');
else {
  const head = ['run', 'seed', ...keys, ...FACTS, 'inside'];
  const table = [head, FACTS.reduce((acc, k) => [...acc, rows[0].target[k]], ['target', '', ...keys.map(() => '')]).concat(['']), ...rows.map((r) => [r.run, String(r.seed), ...keys.map((k) => r.keys[k]), ...FACTS.map((k) => fmt(r.facts[k]) + (r.inside[k] === false ? '*' : '')), `${FACTS.filter((k) => r.inside[k]).length}/6`])];
  for (const p of points) table.push([`median ${p.point}`, p.seeds.join(' '), ...keys.map((k) => p.keys[k]), ...FACTS.map((k) => fmt(p.facts[k])), p.allInside ? 'all' : 'not all']);
  const w = head.map((_, c) => Math.max(...table.map((r) => r[c].length)));
  process.stdout.write(`${o.scenario}, ${o.days} days (${rows[0].days} daily returns), out: ${o.out}; * = outside the band\n`);
  for (const r of table) process.stdout.write(r.map((x, c) => x.padEnd(w[c])).join('  ').trimEnd() + '\n');
}
