/**
 * `taosim sweep <scenario>`: Monte Carlo replicates and parameter grids. Every point of the
 * `--set` grid × `--zip` tuples, × every seed, runs as its own `taosim run` process (`--jobs` at
 * a time) into `<out>/runs/<run id>/`; the run id is a hash of the run's overrides and seed.
 * `<out>/sweep.json` holds the definition: re-running the same sweep skips complete runs and
 * redoes the rest; a different sweep aimed at the same folder is refused. A failing run is
 * recorded (its meta.json says failed, with the error) and the others go on; exit 1 at the end.
 * Without a shard, the sweep ends by writing sweep.csv, summary.csv, quantiles.csv and each run
 * table of all runs as <table>.parquet (and with --report its report.html); a shard (`--shard
 * K/N`, or a Slurm array / Kubernetes Indexed Job) runs its slice only, and `taosim merge`
 * writes the tables once every shard is done.
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import type { CommandModule } from 'yargs';
import { MAX_EPOCHS, MAX_SEED, text, valued, wholeNumber, wholeNumberList } from '../flags.js';
import { InputError } from '../../core/errors.js';
import { loadScenario } from '../../scenario/load.js';
import { readJsonFile } from '../../scenario/results.js';
import { readSweepSection, seedRange } from '../../scenario/sweep.js';
import { prepare } from '../prepare.js';
import { parseOverride, type Override } from '../../scenario/overrides.js';
import { scenarioHash } from '../../scenario/resolve.js';
import { YOUNG_GENERATION_FLAG } from '../node.js';
import { ensureDir, recordFailedRun, writeJsonAtomic } from '../../output/write.js';
import { definitionDifference, inShard, parseShard, plannedRuns, points, shardFromEnv, type SweepDefinition } from '../sweepPlan.js';
import { DEFINITION_FILE, runDir, runStates, writeSweepParquet, writeSweepTables } from '../sweepTables.js';
import { DEFAULT_TOP, makeReport } from '../report.js';

interface Args {
  scenario: string;
  seeds?: string;
  seedList?: number[];
  set?: string[];
  zip?: string[];
  jobs?: number;
  out?: string;
  epochs?: number;
  blockStep?: number;
  neurons: 'on' | 'off' | 'last';
  shard?: string;
  shards?: number;
  progress: boolean;
  report: boolean;
}

function runOne(cli: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [YOUNG_GENERATION_FLAG, cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', (e) => done({ code: 1, stderr: e.message }));
    p.on('close', (code) => done({ code: code ?? 1, stderr }));
  });
}

const fromFile = (overrides: ReadonlyArray<readonly [string, readonly unknown[]]>): Override[][] =>
  overrides.map(([path, values]) => values.map((value) => ({ path, value })));

function seedsOf(args: Args, baseSeed: number): number[] | undefined {
  if (args.seeds !== undefined && args.seedList !== undefined) throw new InputError('--seeds', 'give --seeds or --seed-list, not both');
  if (args.seedList !== undefined) return args.seedList;
  if (args.seeds === undefined) return undefined;
  const range = seedRange(args.seeds);
  if (range !== undefined) return range;
  return Array.from({ length: wholeNumber('--seeds', 1, 1_000_000)(args.seeds) }, (_, k) => baseSeed + k);
}

export const sweepCommand: CommandModule<object, Args> = {
  command: 'sweep <scenario>',
  describe: 'Run a scenario over seeds and parameter grids, in parallel, resumable and shardable; sweep.csv, summary.csv, quantiles.csv, <table>.parquet',
  builder: (y) =>
    y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (.yaml, .yml or .json); its sweep: section is used where the flags are silent' })
      .option('seeds', {
        type: 'string',
        ...valued,
        coerce: (raw: unknown) => {
          const t = text('--seeds')(raw);
          if (seedRange(t) === undefined && !/^\d+$/.test(t)) throw new InputError('--seeds', `expected a count N or a range a..b (a ≤ b ≤ ${MAX_SEED}) (got "${t}")`);
          if (/^\d+$/.test(t)) wholeNumber('--seeds', 1, 1_000_000)(t);
          return t;
        },
        describe: "replicates: N (seeds s … s+N−1 from the scenario's seed s) or a range a..b",
      })
      .option('seed-list', { type: 'string', ...valued, coerce: wholeNumberList('--seed-list', 0, MAX_SEED), describe: 'explicit seeds, comma-separated (instead of --seeds)' })
      .option('set', { type: 'string', array: true, describe: 'a swept key: --set subnet_defaults.params.kappa=32767,40000 (repeatable; the grid is their product)' })
      .option('zip', { type: 'string', array: true, describe: 'a paired key: --zip a=1,2 --zip b=x,y runs (a=1,b=x) and (a=2,b=y); lengths must match' })
      .option('jobs', { type: 'string', ...valued, coerce: wholeNumber('--jobs', 1, 1024), describe: 'runs at a time (default: the number of cores)' })
      .option('out', { type: 'string', ...valued, coerce: text('--out'), describe: 'sweep folder (default out/<scenario name>-sweep)' })
      .option('epochs', { type: 'string', ...valued, coerce: wholeNumber('--epochs', 1, MAX_EPOCHS), describe: "epochs per run instead of the scenario's" })
      .option('block-step', { type: 'string', ...valued, coerce: wholeNumber('--block-step', 1, 1_000_000), describe: "blocks per coinbase step (default: the scenario's)" })
      .option('neurons', { choices: ['on', 'off', 'last'] as const, default: 'last' as const, describe: "neurons.csv in every run (last: the final epoch only, for the Gini of stake)" })
      .option('shard', { type: 'string', ...valued, coerce: text('--shard'), describe: 'run only the K-th of N strided slices of the runs: --shard K/N (0 ≤ K < N)' })
      .option('shards', { type: 'string', ...valued, coerce: wholeNumber('--shards', 1, 1_000_000), describe: 'the number of shards, with JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) as K' })
      .option('progress', { type: 'boolean', default: true, describe: 'show a progress bar on a terminal' })
      .option('report', { type: 'boolean', default: false, describe: "at the end, write the sweep's report.html and charts/ (as taosim report; a shard leaves it to taosim merge --report)" })
      .example('taosim sweep scenarios/baseline.yaml --seeds 1..8 --epochs 100', 'eight replicates')
      .example('taosim sweep scenarios/baseline.yaml --set network.tao_weight=0.1,0.18 --seeds 4', 'a 2 × 4 grid')
      .example('taosim sweep scenarios/baseline.yaml --seeds 16 --shard 0/4', 'the first of four shards; then taosim merge'),
  handler: async (args) => {
    const base = loadScenario(args.scenario);
    const section = readSweepSection(args.scenario, base.seed);
    const cliGrid = (args.set ?? []).length + (args.zip ?? []).length > 0;
    const cliSeeds = args.seeds !== undefined || args.seedList !== undefined;
    if (section !== undefined && cliGrid && section.set.length + section.zip.length > 0)
      process.stderr.write(`taosim sweep: --set/--zip given: the command line wins over sweep.set/sweep.zip of ${args.scenario}\n`);
    if (section !== undefined && cliSeeds && section.seeds !== undefined) process.stderr.write(`taosim sweep: --seeds/--seed-list given: the command line wins over sweep.seeds of ${args.scenario}\n`);
    const setLists = cliGrid ? (args.set ?? []).map((t) => parseOverride(t, true)) : fromFile(section?.set ?? []);
    const zipLists = cliGrid ? (args.zip ?? []).map((t) => parseOverride(t, true)) : fromFile(section?.zip ?? []);
    const seeds = seedsOf(args, base.seed) ?? (section?.seeds ? [...section.seeds] : [base.seed]);
    const ps = points(setLists, zipLists, cliGrid ? '--zip' : `${args.scenario}: sweep.zip`);
    const runs = plannedRuns(ps, seeds);
    const keys = [...setLists, ...zipLists].map((l) => l[0]!.path);
    const def: SweepDefinition = {
      taosim_sweep: 1,
      scenario_hash: scenarioHash(base),
      keys,
      points: ps.map((p) => ({ id: p.id, values: p.overrides.map((o) => o.value) })),
      seeds,
      epochs: args.epochs ?? null,
      block_step: args.blockStep ?? null,
      neurons: args.neurons,
    };
    const envShard = args.shard === undefined ? shardFromEnv(process.env, args.shards) : undefined;
    const shard = args.shard !== undefined ? parseShard(args.shard, '--shard') : envShard;
    if (envShard !== undefined) process.stderr.write(`taosim sweep: shard ${envShard.k}/${envShard.n} from ${envShard.from}\n`);
    // validate every combination before running anything: a bad value stops here with exit 2
    for (const r of runs) prepare(args.scenario, { seed: r.seed, overrides: r.overrides });

    const out = args.out ?? join('out', `${base.name}-sweep`);
    const defPath = join(out, DEFINITION_FILE);
    const existing = readJsonFile(defPath) as SweepDefinition | undefined;
    if (existing !== undefined) {
      const why = definitionDifference(existing, def);
      if (why !== undefined) throw new InputError('--out', `${out} holds another sweep (${DEFINITION_FILE}: ${why}); refusing to mix them: give another --out, or remove the folder`);
    } else writeJsonAtomic(defPath, def);
    ensureDir(join(out, 'runs'));

    const mine = inShard(runs, shard);
    const states = runStates(out, def);
    const todo = mine.filter((r) => states.get(r.id)!.status !== 'complete');
    const skipped = mine.length - todo.length;
    if (skipped > 0) process.stderr.write(`taosim sweep: ${skipped} of ${mine.length} runs already complete in ${out}: skipped\n`);

    const jobsAtOnce = args.jobs ?? availableParallelism();
    const threads = String(Math.max(1, Math.floor(availableParallelism() / jobsAtOnce)));
    const cli = process.argv[1]!;
    const errors = new Map<string, string>();
    const bar =
      args.progress && process.stderr.isTTY && todo.length > 0
        ? new cliProgress.SingleBar({ format: 'taosim sweep {bar} {value}/{total} runs | {inflight} in flight | {duration_formatted} elapsed | {eta_formatted} left', stream: process.stderr, etaBuffer: 20 }, cliProgress.Presets.shades_classic)
        : undefined;
    let inflight = 0;
    bar?.start(todo.length, 0, { inflight });
    let next = 0;
    let finished = 0;
    const worker = async (): Promise<void> => {
      while (next < todo.length) {
        const j = todo[next++]!;
        const dir = runDir(out, j.id);
        const a = ['run', args.scenario, '--seed', String(j.seed), '--out', dir, '--neurons', args.neurons, '--no-progress', '--threads', threads];
        if (args.epochs !== undefined) a.push('--epochs', String(args.epochs));
        if (args.blockStep !== undefined) a.push('--block-step', String(args.blockStep));
        for (const o of j.overrides) a.push('--set', `${o.path}=${JSON.stringify(o.value)}`);
        inflight++;
        bar?.update({ inflight });
        const r = await runOne(cli, a);
        inflight--;
        finished++;
        if (r.code !== 0) {
          const lines = r.stderr.trim().split('\n').filter((l) => !/^taosim: the rows written so far/.test(l));
          const error = `exit ${r.code}: ${lines[0] ?? ''}`;
          errors.set(j.id, error);
          recordFailedRun(dir, { run_id: j.id, seed: j.seed, overrides: j.overrides.map((o) => `${o.path}=${JSON.stringify(o.value)}`), exit_code: r.code, error });
        }
        if (bar) bar.increment(1, { inflight });
        else process.stderr.write(`taosim sweep: ${finished}/${todo.length} runs done (${j.id}: ${r.code === 0 ? 'ok' : `exit ${r.code}`})\n`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(jobsAtOnce, todo.length) }, worker));
    bar?.stop();

    if (shard === undefined) {
      await writeSweepTables(out, def, errors);
      const parquet = await writeSweepParquet(out, def);
      process.stderr.write(`taosim sweep: ${runs.length - errors.size}/${runs.length} runs complete; ${['sweep.csv', 'summary.csv', 'quantiles.csv', ...parquet].join(', ')} in ${out}\n`);
      if (args.report) {
        const r = await makeReport(out, DEFAULT_TOP);
        process.stderr.write(`taosim sweep: ${r.path} written (${r.charts} charts)\n`);
      }
    } else
      process.stderr.write(
        `taosim sweep: shard ${shard.k}/${shard.n}: ${mine.length - errors.size}/${mine.length} runs complete; taosim merge ${out} writes the tables${args.report ? ' (and with --report the report)' : ''} once every shard is done\n`,
      );
    if (errors.size > 0) {
      process.stderr.write(`taosim sweep: ${errors.size} run${errors.size === 1 ? '' : 's'} failed:\n${[...errors].map(([id, e]) => `  ${id}: ${e}\n`).join('')}`);
      process.exitCode = 1;
    }
  },
};
