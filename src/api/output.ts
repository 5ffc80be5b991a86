/**
 * The CSVs of a run for a library caller: the tables `taosim run` writes (network, subnets,
 * neurons, events; agents and strategies for a scenario with populations) and meta.json, into a temporary folder renamed into place by `finish`, so a
 * run that stops early never leaves a result that looks complete.
 */
import { EVENT_HEADER, NETWORK_HEADER, NEURON_HEADER, SUBNET_HEADER, eventRows, networkRow, neuronRows, subnetRows } from '../output/reporters.js';
import { OutputWriter, type TableWriter } from '../output/write.js';
import { AGENT_HEADER, AgentReporter, STRATEGY_HEADER } from '../output/agents.js';
import { scenarioHash } from '../scenario/resolve.js';
import { VERSION } from '../version.js';
import { type Simulation, type StepRecord, worldOf } from './simulation.js';

/** @public */
export interface ResultWriterOptions {
  /** Write neurons.csv (one row per epoch × subnet × uid). Default true. */
  readonly neurons?: boolean;
  /** agents.csv rows for a scenario with populations: all (default), none, or a fixed seeded sample of `n` (strategies.csv is always whole). */
  readonly agents?: 'all' | 'off' | { readonly sample: number };
}

/** Writes a simulation's step records as the CLI's CSVs. @public */
export class ResultWriter {
  private readonly out: OutputWriter;
  private readonly tables: { network: TableWriter; subnets: TableWriter; neurons?: TableWriter; events: TableWriter; agents?: TableWriter; strategies?: TableWriter };
  private readonly agents: AgentReporter | undefined;
  private readonly startBlock: number;
  private steps = 0;

  private constructor(
    private readonly sim: Simulation,
    dir: string,
    opts: ResultWriterOptions,
  ) {
    this.out = OutputWriter.open(dir);
    this.startBlock = sim.view.block;
    this.tables = {
      network: this.out.table('network.csv', NETWORK_HEADER),
      subnets: this.out.table('subnets.csv', SUBNET_HEADER),
      ...(opts.neurons === false ? {} : { neurons: this.out.table('neurons.csv', NEURON_HEADER) }),
      events: this.out.table('events.csv', EVENT_HEADER),
    };
    const w = worldOf(sim);
    if (w.agents.length > 0) {
      const a = opts.agents ?? 'all';
      const sc = sim.scenario;
      this.agents = new AgentReporter(w, typeof a === 'string' ? { kind: a } : { kind: 'sample', n: Math.max(1, Math.floor(a.sample)) }, sc.run.blocks_per_epoch * sc.run.block_time_seconds);
      if (a !== 'off') this.tables.agents = this.out.table('agents.csv', AGENT_HEADER);
      this.tables.strategies = this.out.table('strategies.csv', STRATEGY_HEADER);
    }
  }

  /** Open `dir` for writing (refused while another writer holds it). Throws `InputError`. */
  static open(sim: Simulation, dir: string, opts: ResultWriterOptions = {}): ResultWriter {
    return new ResultWriter(sim, dir, opts);
  }

  /** The rows of one step (call right after the step, before the next). */
  append(rec: StepRecord): void {
    const w = worldOf(this.sim);
    const t = this.tables;
    t.network.append(networkRow(w, rec));
    for (const r of subnetRows(w, rec)) t.subnets.append(r);
    if (t.neurons) for (const r of neuronRows(w, rec)) t.neurons.append(r);
    for (const r of eventRows(rec)) t.events.append(r);
    if (this.agents) {
      const rows = this.agents.rows(w, rec);
      if (t.agents) for (const r of rows.agents) t.agents.append(r);
      for (const r of rows.strategies) t.strategies!.append(r);
    }
    this.steps++;
  }

  private meta(extra: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const sc = this.sim.scenario;
    return { taosim_version: VERSION, scenario: sc.name, scenario_hash: scenarioHash(sc), seed: sc.seed, epochs: this.steps, start_block: this.startBlock, end_block: this.sim.view.block, ...extra };
  }

  /** Close the tables, write meta.json (with `meta` added) and move the folder into place; its path. */
  finish(meta: Readonly<Record<string, unknown>> = {}): string {
    const t = this.tables;
    const rows = { 'network.csv': t.network.rows, 'subnets.csv': t.subnets.rows, 'events.csv': t.events.rows, ...(t.neurons ? { 'neurons.csv': t.neurons.rows } : {}), ...(t.agents ? { 'agents.csv': t.agents.rows } : {}), ...(t.strategies ? { 'strategies.csv': t.strategies.rows } : {}) };
    return this.out.finish(this.meta({ status: 'complete', rows, ...meta }));
  }

  /** Keep the rows written so far, marked failed with `error`; the folder's path. */
  fail(error: unknown, meta: Readonly<Record<string, unknown>> = {}): string {
    return this.out.fail(error, this.meta({ status: 'failed', ...meta }));
  }
}
