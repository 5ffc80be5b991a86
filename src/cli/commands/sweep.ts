/**
 * `taosim sweep <scenario>`: Monte Carlo replicates and parameter grids. Every combination of
 * the `--set key=v1,v2,…` lists × every seed runs as its own `taosim run` process (`--jobs` at a
 * time), into `<out>/runs/run-NNNN/`; `<out>/sweep.csv` indexes them. Each run's bytes depend only
 * on its scenario, overrides and seed, never on the parallelism. All combinations are validated
 * before anything runs.
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { MAX_EPOCHS, MAX_SEED, text, valued, wholeNumber, wholeNumberList } from '../flags.js';
import { InputError } from '../../core/errors.js';
import { loadScenario } from '../../scenario/load.js';
import { prepare } from '../prepare.js';
import { parseOverride, type Override } from '../../scenario/overrides.js';
import { scenarioHash } from '../../scenario/resolve.js';
import { toCsv } from '../../output/csv.js';
import { YOUNG_GENERATION_FLAG } from '../node.js';
import { ensureDir, writeFileAtomic } from '../../output/write.js';

interface Args {
  scenario: string;
  seeds?: number;
  seedList?: number[];
  set?: string[];
  jobs?: number;
  out?: string;
  epochs?: number;
  blockStep?: number;
  neurons: 'on' | 'off';
}

interface Job {
  id: string;
  seed: number;
  overrides: Override[];
  texts: string[];
}

/** The cartesian product of the --set lists. */
function grid(lists: Override[][]): Override[][] {
  return lists.reduce<Override[][]>((acc, list) => acc.flatMap((combo) => list.map((o) => [...combo, o])), [[]]);
}

function runOne(cli: string, args: string[]): Promise<{ code: number; stderr: string; seconds: number }> {
  const t0 = process.hrtime.bigint();
  return new Promise((done) => {
    const p = spawn(process.execPath, [YOUNG_GENERATION_FLAG, cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => done({ code: code ?? 1, stderr, seconds: Number(process.hrtime.bigint() - t0) / 1e9 }));
  });
}

export const sweepCommand: CommandModule<object, Args> = {
  command: 'sweep <scenario>',
  describe: 'Run a scenario over seeds (Monte Carlo replicates) and parameter grids, in parallel; index in sweep.csv',
  builder: (y) =>
    y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (.yaml, .yml or .json)' })
      .option('seeds', { type: 'string', ...valued, coerce: wholeNumber('--seeds', 1, 1_000_000), describe: "replicates: seeds s, s+1, …, s+N−1 from the scenario's seed s (default 1 run)" })
      .option('seed-list', { type: 'string', ...valued, coerce: wholeNumberList('--seed-list', 0, MAX_SEED), describe: 'explicit seeds, comma-separated (instead of --seeds)' })
      .option('set', { type: 'string', array: true, describe: 'a swept key: --set subnet_defaults.params.kappa=32767,40000 (repeatable; the grid is their product)' })
      .option('jobs', { type: 'string', ...valued, coerce: wholeNumber('--jobs', 1, 1024), describe: 'runs at a time (default: the number of cores)' })
      .option('out', { type: 'string', ...valued, coerce: text('--out'), describe: 'sweep folder (default out/<scenario name>-sweep)' })
      .option('epochs', { type: 'string', ...valued, coerce: wholeNumber('--epochs', 1, MAX_EPOCHS), describe: "epochs per run instead of the scenario's" })
      .option('block-step', { type: 'string', ...valued, coerce: wholeNumber('--block-step', 1, 1_000_000), describe: "blocks per coinbase step (default: the scenario's)" })
      .option('neurons', { choices: ['on', 'off'] as const, default: 'off' as const, describe: 'write neurons.csv in every run' })
      .example('taosim sweep scenarios/baseline.yaml --seeds 8 --epochs 100', 'eight replicates')
      .example('taosim sweep scenarios/baseline.yaml --set network.tao_weight=0.1,0.18 --seeds 4', 'a 2 × 4 grid'),
  handler: async (args) => {
    const base = loadScenario(args.scenario);
    if (args.seeds !== undefined && args.seedList !== undefined) throw new InputError('--seeds', 'give --seeds or --seed-list, not both');
    const jobsAtOnce = args.jobs ?? availableParallelism();
    const seeds = args.seedList ?? Array.from({ length: args.seeds ?? 1 }, (_, k) => base.seed + k);
    const lists = (args.set ?? []).map((t) => parseOverride(t, true));
    const keys = lists.map((l) => l[0]!.path);
    const jobs: Job[] = [];
    for (const combo of grid(lists))
      for (const seed of seeds)
        jobs.push({ id: `run-${String(jobs.length).padStart(4, '0')}`, seed, overrides: combo, texts: combo.map((o) => `${o.path}=${JSON.stringify(o.value)}`) });
    // validate every combination before running anything: a bad value stops here with exit 2
    const hashes = new Map<string, string>();
    for (const j of jobs) hashes.set(j.id, scenarioHash(prepare(args.scenario, { seed: j.seed, overrides: j.overrides }).sc));

    const out = args.out ?? join('out', `${base.name}-sweep`);
    ensureDir(join(out, 'runs'));
    const cli = process.argv[1]!;
    const results = new Map<string, { code: number; seconds: number; error: string }>();
    let next = 0;
    let finished = 0;
    const worker = async (): Promise<void> => {
      while (next < jobs.length) {
        const j = jobs[next++]!;
        // the runs already share the cores among themselves: each gets its share of threads
        const threads = String(Math.max(1, Math.floor(availableParallelism() / jobsAtOnce)));
        const a = ['run', args.scenario, '--seed', String(j.seed), '--out', join(out, 'runs', j.id), '--neurons', args.neurons, '--no-progress', '--threads', threads];
        if (args.epochs !== undefined) a.push('--epochs', String(args.epochs));
        if (args.blockStep !== undefined) a.push('--block-step', String(args.blockStep));
        for (const t of j.texts) a.push('--set', t);
        const r = await runOne(cli, a);
        results.set(j.id, { code: r.code, seconds: r.seconds, error: r.code === 0 ? '' : (r.stderr.trim().split('\n')[0] ?? '') });
        finished++;
        process.stderr.write(`taosim sweep: ${finished}/${jobs.length} runs done (${j.id}: ${r.code === 0 ? 'ok' : `exit ${r.code}`})\n`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(jobsAtOnce, jobs.length) }, worker));

    const header = ['run', 'seed', ...keys, 'status', 'exit_code', 'scenario_hash', 'out', 'wall_seconds', 'error'];
    const rows = jobs.map((j) => {
      const r = results.get(j.id)!;
      return [j.id, j.seed, ...j.overrides.map((o) => JSON.stringify(o.value)), r.code === 0 ? 'complete' : 'failed', r.code, hashes.get(j.id)!, join('runs', j.id), r.seconds.toFixed(3), r.error];
    });
    writeFileAtomic(join(out, 'sweep.csv'), toCsv(header, rows));
    const failed = jobs.filter((j) => results.get(j.id)!.code !== 0).length;
    process.stderr.write(`taosim sweep: ${jobs.length - failed}/${jobs.length} runs complete, index in ${join(out, 'sweep.csv')}\n`);
    if (failed > 0) process.exitCode = 1;
  },
};
