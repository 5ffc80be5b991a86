/**
 * `taosim merge <sweep-dir>`: after the shards of a sweep (Slurm array, Kubernetes Indexed Job,
 * `--shard K/N` by hand), check that every run of its definition is present and complete, naming
 * the others (exit 1), then write sweep.csv, summary.csv, quantiles.csv and the <table>.parquet
 * files — the same bytes as the one-process sweep's.
 */
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { InputError } from '../../core/errors.js';
import { readJsonFile } from '../../scenario/results.js';
import type { SweepDefinition } from '../sweepPlan.js';
import { DEFINITION_FILE, runStates, writeSweepParquet, writeSweepTables } from '../sweepTables.js';
import { DEFAULT_TOP, makeReport } from '../report.js';

interface Args {
  dir: string;
  report: boolean;
}

export const mergeCommand: CommandModule<object, Args> = {
  command: 'merge <dir>',
  describe: "Check every run of a sharded sweep is complete, then write its sweep.csv, summary.csv, quantiles.csv and <table>.parquet",
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'the sweep folder (--out of the shards)' })
      .option('report', { type: 'boolean', default: false, describe: "then write the sweep's report.html and charts/ (as taosim report)" }),
  handler: async (args) => {
    const def = readJsonFile(join(args.dir, DEFINITION_FILE)) as SweepDefinition | undefined;
    if (def === undefined || def.taosim_sweep !== 1) throw new InputError('', `no ${DEFINITION_FILE}: not a taosim sweep folder`, args.dir);
    const states = runStates(args.dir, def);
    const bad = [...states].filter(([, s]) => s.status !== 'complete');
    if (bad.length > 0) {
      process.stderr.write(`taosim merge: ${bad.length} of ${states.size} runs not complete:\n${bad.map(([id, s]) => `  ${id}: ${s.status}${typeof s.meta?.error === 'string' ? ` (${s.meta.error})` : ''}\n`).join('')}`);
      process.exitCode = 1;
      return;
    }
    await writeSweepTables(args.dir, def);
    const parquet = await writeSweepParquet(args.dir, def);
    process.stderr.write(`taosim merge: ${states.size} runs complete; ${['sweep.csv', 'summary.csv', 'quantiles.csv', ...parquet].join(', ')} in ${args.dir}\n`);
    if (args.report) {
      const r = await makeReport(args.dir, DEFAULT_TOP);
      process.stderr.write(`taosim merge: ${r.path} written (${r.charts} charts)\n`);
    }
  },
};
