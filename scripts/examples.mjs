#!/usr/bin/env node
/**
 * The answers of the research examples (scenarios/examples/, and the calibrated mainnet year),
 * regenerated from their runs: each example is run (with the counterfactual it is compared with),
 * its figures are read from the tables, and the paragraphs between the markers
 * `<!-- examples:begin -->` and `<!-- examples:end -->` of scenarios/README.md are rewritten.
 *
 *   node scripts/examples.mjs [--out out/examples] [--reuse] [--mainnet-run DIR] [--check]
 *
 * --reuse keeps a run whose folder holds a complete meta.json (a folder from an older build is
 * the user's to delete); --mainnet-run takes the calibrated year from a finished
 * `taosim run scenarios/mainnet-2026-08.yaml` instead of running it (≈ half an hour);
 * --check prints the section and exits 1 if the README's differs, writing nothing.
 * Needs `npm run build` first.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};
const out = resolve(opt('--out') ?? join(root, 'out', 'examples'));
const reuse = args.includes('--reuse');
const check = args.includes('--check');

function taosim(argv) {
  const r = spawnSync(process.execPath, ['--max-semi-space-size=64', cli, ...argv], { encoding: 'utf8', cwd: root, maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    process.stderr.write(`examples: taosim ${argv.join(' ')} exited ${r.status}: ${r.stderr}\n`);
    process.exit(1);
  }
  return r.stdout;
}

const complete = (dir) => existsSync(join(dir, 'meta.json')) && JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')).status === 'complete';

/** A run of `file` with extra flags into out/<name>: its tables, read on demand. */
function run(name, file, flags = []) {
  const dir = join(out, name);
  if (!(reuse && complete(dir))) {
    process.stderr.write(`examples: ${name}\n`);
    taosim(['run', file, '--neurons', 'off', '--progress', 'false', '--out', dir, ...flags]);
  }
  return tables(dir);
}

function tables(dir) {
  const cache = new Map();
  return (t) => {
    if (!cache.has(t)) cache.set(t, Papa.parse(readFileSync(join(dir, `${t}.csv`), 'utf8'), { header: true, skipEmptyLines: true, dynamicTyping: false }).data);
    return cache.get(t);
  };
}

const num = (x) => Number(x);
const last = (rows) => rows[rows.length - 1];
const at = (rows, epoch) => rows.filter((r) => num(r.epoch) === epoch);
const subnet = (t, epoch, netuid) => at(t('subnets'), epoch).find((r) => num(r.netuid) === netuid);
const lastEpoch = (t) => num(last(t('network')).epoch);
const agentAt = (t, epoch, id) => t('agents').find((r) => num(r.epoch) === epoch && r.agent === id);
const pct = (a, b) => `${((a / b - 1) * 100).toFixed(1)} %`;
const f = (x, d = 4) => (Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en') : x.toPrecision(d));
const sum = (xs) => xs.reduce((a, x) => a + x, 0);
/** Agent ids of a population whose home is `netuid` (homes are the population's subnets in turn). */
const homed = (pop, count, subnets, netuid) => Array.from({ length: count }, (_, k) => k).filter((k) => subnets[k % subnets.length] === netuid).map((k) => `${pop}/${k}`);
const wealth = (t, ids, epoch) => sum(ids.map((id) => num(agentAt(t, epoch, id).wealth_tao)));

const sections = [];

{
  const w = run('whale', 'scenarios/examples/whale.yaml');
  const n = run('whale-without', 'scenarios/examples/whale.yaml', ['--set', 'events=[]']);
  const end = lastEpoch(w);
  const p = (t, e) => num(subnet(t, e, 2).spot_price);
  const s = (t, e) => num(subnet(t, e, 2).share);
  const holders = homed('holders', 8, [1, 2, 3, 4], 2);
  const specs = homed('speculators', 12, [1, 2, 3, 4], 2);
  const chasers = (t) => t('events').filter((e) => e.coldkey.startsWith('agent-chasers') && e.result === 'ok' && num(e.epoch) >= 100).length;
  sections.push(
    `**1. \`whale.yaml\`** — a whale stakes 100,000 TAO into subnet 2 (60,000 TAO in its pool) on day 5 and holds. ` +
      `Its spot price goes from ${f(p(w, 99))} to ${f(p(w, 100))} TAO in that epoch (${pct(p(w, 100), p(w, 99))}); after 30 days it is ${f(p(w, end))} against ${f(p(n, end))} without the whale. ` +
      `Subnet 2's share of emission ends at ${f(s(w, end), 3)} against ${f(s(n, end), 3)}. ` +
      `The two holders already staked there end with ${f(wealth(w, holders, end))} TAO against ${f(wealth(n, holders, end))} without the whale, its three speculators with ${f(wealth(w, specs, end))} against ${f(wealth(n, specs, end))}; ` +
      `the whale's own stake is worth ${f(num(w('events').find((e) => e.coldkey === 'whale').amount_out) * p(w, end))} TAO at the end for its 100,000. After the whale the yield chasers sent ${chasers(w)} orders (${chasers(n)} without it).`,
  );
}

{
  const w = run('owner-dump', 'scenarios/examples/owner-dump.yaml');
  const n = run('owner-dump-without', 'scenarios/examples/owner-dump.yaml', ['--set', 'populations.5.params.dump_at_epoch=100000']);
  const end = lastEpoch(w);
  const p = (t, e) => num(subnet(t, e, 2).spot_price);
  const s = (t, e) => num(subnet(t, e, 2).share);
  const holders = homed('holders', 8, [1, 2, 3, 4], 2);
  const specs = homed('speculators', 12, [1, 2, 3, 4], 2);
  const sold = w('events').filter((e) => e.kind === 'unstake' && e.result === 'ok' && e.coldkey === 'owner-2');
  sections.push(
    `**2. \`owner-dump.yaml\`** — the owner of subnet 2 dumps its whole owner cut over two days from day 10 (${sold.length} sales, ${f(sum(sold.map((e) => num(e.amount))))} alpha for ${f(sum(sold.map((e) => num(e.amount_out))))} TAO). ` +
      `The price falls from ${f(p(w, 199))} to ${f(p(w, 240))} TAO by the end of the dump (${pct(p(w, 240), p(w, 199))}; without it ${f(p(n, 240))}) and ends at ${f(p(w, end))} against ${f(p(n, end))}; its share of emission ${f(s(w, end), 3)} against ${f(s(n, end), 3)}. ` +
      `Who loses: the holders on subnet 2 end with ${f(wealth(w, holders, end))} TAO against ${f(wealth(n, holders, end))}, its speculators ${f(wealth(w, specs, end))} against ${f(wealth(n, specs, end))}, its miners' operator ${f(wealth(w, ['miners/2'], end))} against ${f(wealth(n, ['miners/2'], end))}; the owner ${f(wealth(w, ['dumper/2'], end))} against ${f(wealth(n, ['dumper/2'], end))}.`,
  );
}

{
  const w = run('halving', 'scenarios/examples/halving.yaml');
  const n = run('halving-without', 'scenarios/examples/halving.yaml', ['--set', 'events=[]']);
  const end = lastEpoch(w);
  const miners = (t, e) => sum(at(t('subnets'), e).map((r) => num(r.miners)));
  const entrants = (t, from, to) => t('strategies').filter((r) => r.strategy === 'entrant' && num(r.epoch) >= from && num(r.epoch) <= to);
  const flows = (t) => [sum(entrants(t, 300, end).map((r) => num(r.entries))), sum(entrants(t, 300, end).map((r) => num(r.exits)))];
  const apy = (t) => num(t('strategies').find((r) => num(r.epoch) === end && r.class === 'validator').apy);
  const price = (t, netuid) => num(subnet(t, end, netuid).spot_price);
  const [inW, outW] = flows(w);
  const [inN, outN] = flows(n);
  sections.push(
    `**3. \`halving.yaml\`** — the block emission halves on day 15. Miners are paid in alpha, whose emission does not halve: what halves is the TAO injected into the pools, so prices lose their support. ` +
      `After 45 days the four subnets' prices are ${[1, 2, 3, 4].map((k) => `${f(price(w, k), 3)}`).join(', ')} TAO against ${[1, 2, 3, 4].map((k) => `${f(price(n, k), 3)}`).join(', ')} without the halving. ` +
      `Cost-driven miners registered ${inW} uids and lost ${outW} after the halving (${inN} and ${outN} without it); miner uids at the end ${miners(w, end)} against ${miners(n, end)}. ` +
      `The honest validators' trailing APY at the end is ${f(apy(w) * 100, 3)} % against ${f(apy(n) * 100, 3)} %.`,
  );
}

{
  // the copier's rewards against the same validator's when it weights honestly instead
  const asHonest = ['--set', 'populations.6.strategy=honest', '--set', 'populations.6.params={}'];
  const rewards = (t) => num(agentAt(t, lastEpoch(t), 'copier/0').rewards_tao);
  const y3 = rewards(run('weight-copying', 'scenarios/examples/weight-copying.yaml')) / rewards(run('weight-copying-honest', 'scenarios/examples/weight-copying.yaml', asHonest));
  const original = ['--set', 'subnet_defaults.params.yuma3=false'];
  const y2 = rewards(run('weight-copying-original', 'scenarios/examples/weight-copying.yaml', original)) / rewards(run('weight-copying-original-honest', 'scenarios/examples/weight-copying.yaml', [...original, ...asHonest]));
  sections.push(
    `**4. \`weight-copying.yaml\`** — validator 1 of every subnet copies validator 0's on-chain weights two epochs late while the miners' quality drifts; against the same validator weighting honestly itself, it earns ${f(y3, 3)} of its rewards under Yuma3 and ${f(y2, 3)} under original Yuma (rewards: all its stakes' emission valued at spot, root dividends included, which weights do not move).`,
  );
}

{
  const w = run('miner-profitability', 'scenarios/examples/miner-profitability.yaml');
  const usd = new Map(w('network').map((r) => [num(r.epoch), num(r.tao_usd)]));
  const rows = w('strategies').filter((r) => r.strategy === 'entrant');
  const entries = sum(rows.map((r) => num(r.entries)));
  const exits = sum(rows.map((r) => num(r.exits)));
  const weighted = (k) => sum(rows.map((r) => num(r[k]) * usd.get(num(r.epoch)))) / Math.max(1, sum(rows.map((r) => num(r[k]))));
  const prices = [...usd.values()];
  sections.push(
    `**5. \`miner-profitability.yaml\`** — TAO/USD a geometric Brownian motion (volatility 1.0 a year; it ranged ${f(Math.min(...prices), 3)}–${f(Math.max(...prices), 3)} USD here), 80 miners with costs of $1,000–12,000 a day. ` +
      `Over 90 days they registered ${entries} uids and lost ${exits} (left or pruned); TAO/USD averaged ${f(weighted('entries'), 3)} USD at the registrations and ${f(weighted('exits'), 3)} USD at the losses. ` +
      `At the end ${num(last(rows).agents)} of them hold ${sum(at(w('agents'), lastEpoch(w)).filter((r) => r.strategy === 'entrant').map((r) => num(r.uids)))} uids.`,
  );
}

{
  const dir = join(out, 'emission-rules-sweep');
  if (!(reuse && existsSync(join(dir, 'summary.csv')))) taosim(['sweep', 'scenarios/examples/emission-rules.yaml', '--neurons', 'off', '--progress', 'false', '--out', dir]);
  const index = Papa.parse(readFileSync(join(dir, 'sweep.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
  const parts = index.map((r) => {
    const t = tables(join(dir, r.out));
    const end = lastEpoch(t);
    const shares = [1, 2, 3, 4].map((k) => f(num(subnet(t, end, k).share), 2)).join(' / ');
    const moves = [1, 2, 3, 4].map((k) => pct(num(subnet(t, end, k).spot_price), num(subnet(t, 0, k).spot_price))).join(', ');
    return `${r['network.share_rule.rule']}: shares ${shares}, prices ${moves}`;
  });
  sections.push(`**6. \`emission-rules.yaml\`** — the same economy and people under each share rule, 30 days; final emission shares of subnets 1 / 2 / 3 / 4 and their price change: ${parts.join('; ')}.`);
}

{
  const w = run('subnet-pruning', 'scenarios/examples/subnet-pruning.yaml');
  const regs = w('events').filter((e) => e.kind === 'register_network');
  const ok = regs.filter((e) => e.result === 'ok');
  const pruned = ok.map((e) => {
    const m = /pruned (\d+): (\d+) rao TAO to its stakers/.exec(e.detail);
    return m ? `subnet ${m[1]} (day ${Math.floor(num(e.epoch) / 20)}, ${f(num(m[2]) / 1e9)} TAO to its stakers; lock ${f(num(e.amount))} TAO)` : `a free netuid ${e.netuid}`;
  });
  const refused = [...new Set(regs.filter((e) => e.result !== 'ok').map((e) => e.result))];
  sections.push(
    `**7. \`subnet-pruning.yaml\`** — eight founders at the 128-subnet limit over 60 days: ${ok.length} registrations, each pruning the non-immune subnet with the lowest moving price: ${pruned.join('; ') || 'none'}. ` +
      `${regs.length - ok.length} attempts were refused (${refused.join(', ') || 'none'}): the lock cost doubles with every registration and the chain rate-limits them.`,
  );
}

{
  const dir = opt('--mainnet-run') ?? join(out, 'mainnet-2026-08');
  if (opt('--mainnet-run') === undefined && !(reuse && complete(dir))) run('mainnet-2026-08', 'scenarios/mainnet-2026-08.yaml', ['--agents', 'sample:50']);
  const facts = JSON.parse(taosim(['facts', dir, '--json']));
  const row = (k) => facts.facts.find((x) => x.fact === k);
  const cell = (k) => `${f(row(k).run.median, 3)} (real ${f(row(k).real.median, 3)}; band ${row(k).target.text}${row(k).inside ? '' : ', outside'})`;
  sections.push(
    `**8. \`mainnet-2026-08.yaml\`** — the calibrated year (${facts.run.days} daily returns of ${facts.run.subnets} subnets): daily vol ${cell('vol')}, excess kurtosis ${cell('kurtosis')}, acf(r, 1) ${cell('acf')}, acf(|r|, 1) ${cell('acf_abs')}, drift ${cell('drift')}, pair correlation ${cell('pair_correlation')}.`,
  );
}

const text = `<!-- examples:begin (written by node scripts/examples.mjs; do not edit by hand) -->\n${sections.join('\n\n')}\n<!-- examples:end -->`;
const readme = join(root, 'scenarios', 'README.md');
const old = readFileSync(readme, 'utf8');
const re = /<!-- examples:begin[^]*?<!-- examples:end -->/;
if (!re.test(old)) {
  process.stderr.write('examples: scenarios/README.md has no <!-- examples:begin --> … <!-- examples:end --> markers\n');
  process.exit(1);
}
const next = old.replace(re, text);
if (check) {
  process.stdout.write(text + '\n');
  process.exit(next === old ? 0 : 1);
}
writeFileSync(readme, next);
process.stderr.write('examples: scenarios/README.md updated\n');
