/**
 * `taosim run <scenario>`: advance the economy epoch by epoch and write CSV time series to
 * out/<scenario-name>/ (or --out). Output goes to a temporary folder renamed into place at the
 * end, so a failed or killed run never leaves a result that looks complete.
 */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import type { CommandModule } from 'yargs';
import { InputError, InvariantViolation } from '../../core/errors.js';
import { scenarioHash } from '../../scenario/resolve.js';
import { OutputWriter } from '../../output/write.js';
import { EVENT_HEADER, NETWORK_HEADER, NEURON_HEADER, SUBNET_HEADER, eventRows, networkRow, neuronRows, subnetRows } from '../../output/reporters.js';
import { Simulation, worldOf } from '../../api/simulation.js';
import { VERSION } from '../../version.js';
import { MAX_EPOCHS, MAX_SEED, text, valued, wholeNumber } from '../flags.js';
import { loadStrategies } from '../strategies.js';
import { DEFAULT_TOP, makeReport } from '../report.js';
import { AGENT_HEADER, AgentReporter, parseAgentSelection, STRATEGY_HEADER } from '../../output/agents.js';

function agentsFlag(v: unknown): string {
  if (typeof v === 'string' && parseAgentSelection(v) !== undefined) return v;
  throw new InputError('--agents', `expected all, off or sample:N with N a whole number ≥ 1 (got ${JSON.stringify(v)})`);
}

interface Args {
  scenario: string;
  seed?: number;
  epochs?: number;
  blockStep?: number;
  out?: string;
  check: boolean;
  neurons: 'on' | 'off' | 'last';
  progress: boolean;
  set?: string[];
  threads: number;
  agents: string;
  strategies?: string;
  report: boolean;
}

export const runCommand: CommandModule<object, Args> = {
  command: 'run <scenario>',
  describe: 'Run a scenario and write network.csv, subnets.csv, neurons.csv, events.csv and meta.json',
  builder: (y) =>
    y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (.yaml, .yml or .json)' })
      .option('seed', { type: 'string', ...valued, coerce: wholeNumber('--seed', 0, MAX_SEED), describe: "override the scenario's seed (recorded in meta.json)" })
      .option('epochs', { type: 'string', ...valued, coerce: wholeNumber('--epochs', 1, MAX_EPOCHS), describe: "run this many epochs instead of the scenario's" })
      .option('set', { type: 'string', array: true, describe: 'override a scenario key: --set network.tao_weight=0.18 (repeatable; validated like the file)' })
      .option('block-step', { type: 'string', ...valued, coerce: wholeNumber('--block-step', 1, 1_000_000), describe: "blocks per coinbase step (1 = block-exact; default: the scenario's run.block_step)" })
      .option('out', { type: 'string', ...valued, coerce: text('--out'), describe: 'output folder (default out/<scenario name>)' })
      .option('check', { type: 'boolean', default: false, describe: 'check every invariant after every block; a violation stops the run' })
      .option('neurons', { choices: ['on', 'off', 'last'] as const, default: 'on' as const, describe: 'write neurons.csv (one row per epoch × subnet × uid; last: the final epoch only)' })
      .option('agents', { type: 'string', default: 'all', coerce: agentsFlag, describe: 'agents.csv rows: all, off, or sample:N (a fixed seeded sample of N agents); strategies.csv always' })
      .option('strategies', { type: 'string', ...valued, coerce: text('--strategies'), describe: 'a JavaScript module of your own strategies (exports `strategies`), usable by name in populations' })
      .option('progress', { type: 'boolean', default: true, describe: 'show a progress bar on a terminal' })
      .option('report', { type: 'boolean', default: false, describe: 'at the end, write report.html and charts/ into the result folder (as taosim report)' })
      .option('threads', { type: 'string', ...valued, default: 1, coerce: wholeNumber('--threads', 1, 256), describe: "threads for the subnets' Yuma epochs (payouts stay on the main thread); results never depend on it" })
      .example('taosim run scenarios/baseline.yaml', 'writes out/baseline/')
      .example('taosim run scenarios/baseline.yaml --report', 'and out/baseline/report.html')
      .example('taosim run scenarios/baseline.yaml --seed 7 --check --out out/b7', 'another seed, invariants checked every block'),
  handler: async (args) => {
    const sim = Simulation.load(args.scenario, { seed: args.seed, set: args.set, strategies: await loadStrategies(args.strategies) });
    const sc = sim.scenario;
    const world = worldOf(sim);
    const epochs = args.epochs ?? sc.run.epochs;
    const unreached = sc.events.filter((e) => e.at_epoch >= epochs).length;
    if (unreached > 0) process.stderr.write(`taosim: --epochs ${epochs}: ${unreached} event${unreached === 1 ? '' : 's'} of the scenario at epoch ${epochs} or later will not happen\n`);
    const blockStep = args.blockStep ?? sc.run.block_step;

    const neuronRowsEstimate = epochs * world.subnets.reduce((a, s) => a + s.metagraph.n, 0);
    if (args.neurons === 'on' && neuronRowsEstimate > 20_000_000)
      process.stderr.write(`taosim: neurons.csv will hold about ${neuronRowsEstimate.toLocaleString('en')} rows; --neurons off skips it\n`);
    const out = OutputWriter.open(args.out ?? join('out', sc.name));
    const tNetwork = out.table('network.csv', NETWORK_HEADER);
    const tSubnets = out.table('subnets.csv', SUBNET_HEADER);
    const tNeurons = args.neurons !== 'off' ? out.table('neurons.csv', NEURON_HEADER) : undefined;
    const tEvents = out.table('events.csv', EVENT_HEADER);
    // the agent tables exist when the scenario has populations
    const agentReporter = world.agents.length > 0 ? new AgentReporter(world, parseAgentSelection(args.agents)!, sc.run.blocks_per_epoch * sc.run.block_time_seconds) : undefined;
    const tAgents = agentReporter && args.agents !== 'off' ? out.table('agents.csv', AGENT_HEADER) : undefined;
    const tStrategies = agentReporter ? out.table('strategies.csv', STRATEGY_HEADER) : undefined;
    const bar =
      args.progress && process.stderr.isTTY
        ? new cliProgress.SingleBar({ format: 'taosim {bar} {value}/{total} epochs | {eta_formatted} left', stream: process.stderr, etaBuffer: 50 }, cliProgress.Presets.shades_classic)
        : undefined;
    bar?.start(epochs, 0);
    const meta = {
      taosim_version: VERSION,
      node_version: process.version,
      scenario: sc.name,
      scenario_file: args.scenario,
      // in the order given: a later --set of a key decides it
      overrides: args.set ?? [],
      scenario_hash: scenarioHash(sc),
      seed: sc.seed,
      epochs,
      blocks_per_epoch: sc.run.blocks_per_epoch,
      block_step: blockStep,
      start_block: world.block,
      check: args.check,
    };
    const t0 = performance.now();
    let done = 0;
    try {
      for (const rec of sim.steps({ check: args.check, epochs, blockStep, threads: args.threads })) {
        done++;
        tNetwork.append(networkRow(world, rec));
        for (const r of subnetRows(world, rec)) tSubnets.append(r);
        if (tNeurons && (args.neurons === 'on' || done === epochs)) for (const r of neuronRows(world, rec)) tNeurons.append(r);
        for (const r of eventRows(rec)) tEvents.append(r);
        if (agentReporter) {
          const rows = agentReporter.rows(world, rec);
          if (tAgents) for (const r of rows.agents) tAgents.append(r);
          for (const r of rows.strategies) tStrategies!.append(r);
        }
        bar?.increment();
      }
    } catch (e) {
      bar?.stop();
      const where = out.fail(e, { ...meta, status: 'failed', end_block: world.block });
      if (e instanceof InvariantViolation) {
        process.stderr.write(`taosim: ${e.message}\ntaosim: the rows written so far are in ${where}\n`);
        process.exitCode = 1;
        return;
      }
      throw e;
    }
    bar?.stop();
    const rows = { 'network.csv': tNetwork.rows, 'subnets.csv': tSubnets.rows, 'events.csv': tEvents.rows, ...(tNeurons ? { 'neurons.csv': tNeurons.rows } : {}), ...(tAgents ? { 'agents.csv': tAgents.rows } : {}), ...(tStrategies ? { 'strategies.csv': tStrategies.rows } : {}) };
    const dir = out.finish({ ...meta, status: 'complete', end_block: world.block, rows, wall_time_seconds: Number(((performance.now() - t0) / 1000).toFixed(3)) });
    process.stderr.write(`taosim: ${epochs} epochs (${world.block - meta.start_block} blocks) written to ${dir}\n`);
    if (args.report) {
      const r = await makeReport(dir, DEFAULT_TOP);
      process.stderr.write(`taosim: ${r.path} written (${r.charts} charts)\n`);
    }
  },
};
