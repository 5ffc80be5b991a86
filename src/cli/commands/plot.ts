/** `taosim plot <result-dir>`: SVG charts of a finished run, written to <result-dir>/charts/. */
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { text, valued, wholeNumber } from '../flags.js';
import { InputError } from '../../core/errors.js';
import { writeFileAtomic } from '../../output/write.js';
import { readResult } from '../../scenario/results.js';

interface Args {
  result: string;
  out?: string;
  top: number;
}

export const plotCommand: CommandModule<object, Args> = {
  command: 'plot <result>',
  describe: 'Draw SVG charts of a run (prices, shares, emission per subnet; TAO on root and in pools)',
  builder: (y) =>
    y
      .positional('result', { type: 'string', demandOption: true, describe: 'a result folder written by taosim run' })
      .option('out', { type: 'string', ...valued, coerce: text('--out'), describe: 'folder for the charts (default <result>/charts)' })
      .option('top', { type: 'string', ...valued, default: 12, coerce: wholeNumber('--top', 1, 1000), describe: 'subnets drawn: the largest final shares' })
      .example('taosim plot out/baseline', 'writes out/baseline/charts/*.svg'),
  handler: async (args) => {
    if (!Number.isInteger(args.top) || args.top < 1) throw new InputError('--top', `must be a whole number ≥ 1, got ${args.top}`);
    const result = readResult(args.result);
    const dir = args.out ?? join(args.result, 'charts');
    // Vega is loaded only here: every other command (and each run of a sweep) starts ~0.3 s sooner
    const { resultCharts } = await import('../../output/charts.js');
    const charts = await resultCharts(result, args.top);
    for (const c of charts) writeFileAtomic(join(dir, c.file), c.svg);
    process.stderr.write(`taosim: ${charts.length} charts written to ${dir}\n`);
  },
};
