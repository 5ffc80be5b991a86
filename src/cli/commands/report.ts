/** `taosim report <dir>` (also `taosim plot`): report.html and charts/ of a finished run or sweep. */
import type { CommandModule } from 'yargs';
import { valued, wholeNumber } from '../flags.js';
import { DEFAULT_TOP, makeReport } from '../report.js';

interface Args {
  dir: string;
  top: number;
}

export const reportCommand: CommandModule<object, Args> = {
  command: 'report <dir>',
  aliases: ['plot'],
  describe: 'Write report.html (parameters, key figures, charts) and charts/*.svg, *.png of a finished run or sweep',
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'a result folder written by taosim run, or a sweep folder' })
      .option('top', { type: 'string', ...valued, default: DEFAULT_TOP, coerce: wholeNumber('--top', 1, 1000), describe: 'subnets drawn: the largest final shares' })
      .example('taosim report out/baseline', 'writes out/baseline/report.html and out/baseline/charts/')
      .example('taosim report out/baseline-sweep', "a sweep's KPIs against its parameters, and fan charts over time"),
  handler: async (args) => {
    const r = await makeReport(args.dir, args.top);
    process.stderr.write(`taosim: ${r.path} written (${r.charts} charts, SVG and PNG, in charts/)\n`);
  },
};
