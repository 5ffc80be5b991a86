/**
 * `taosim facts <run-dir> [--real <prices.csv>]`: the realism facts of shared/spec/realism.md
 * (daily vol, excess kurtosis, acf(r,1), acf(|r|,1), drift, pair correlation) for a run's subnet
 * prices, beside the real market's (by default the shipped era-P daily file
 * scenarios/data/alphamind_spot_price_daily_0000utc_2025-02-20_2025-10-29.csv) and the target
 * bands of issue #12 §3. A run shorter than 31 days has too few returns: the table says so.
 */
import type { CommandModule } from 'yargs';
import { text, valued } from '../flags.js';
import { realismFacts } from '../../analysis/facts.js';
import { factsJson, factsTable } from '../../output/facts.js';
import { defaultRealPricesPath, readRealPrices, readRunPrices } from '../../scenario/results.js';

interface Args {
  run: string;
  real?: string;
  json: boolean;
}

export const factsCommand: CommandModule<object, Args> = {
  command: 'facts <run>',
  describe: "Realism facts of a run's subnet prices (daily vol, tails, clustering, drift, pair correlation) beside the real market's",
  builder: (y) =>
    y
      .positional('run', { type: 'string', demandOption: true, describe: 'a result folder written by taosim run' })
      .option('real', { type: 'string', ...valued, coerce: text('--real'), describe: 'real daily prices, long format date,block,netuid,spot_price_tao_per_alpha (default: the shipped 2025 file)' })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON instead of the table' })
      .example('taosim facts out/baseline', 'the run against the real 2025 market')
      .example('taosim facts out/baseline --real prices.csv --json', 'against another real file, as JSON'),
  handler: (args) => {
    const run = { path: args.run, facts: realismFacts(readRunPrices(args.run)) };
    const realPath = args.real ?? defaultRealPricesPath();
    const real = { path: realPath, facts: realismFacts(readRealPrices(realPath)), isDefault: args.real === undefined };
    process.stdout.write(args.json ? factsJson(run, real) : factsTable(run, real));
  },
};
