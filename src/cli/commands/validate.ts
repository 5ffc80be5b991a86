/** `taosim validate <scenario>`: check a scenario file and print it resolved, with every default filled. */
import type { CommandModule } from 'yargs';
import { MAX_SEED, valued, wholeNumber } from '../flags.js';
import { prepare } from '../prepare.js';
import { describeResolved } from '../../scenario/resolve.js';

interface Args {
  scenario: string;
  seed?: number;
}

export const validateCommand: CommandModule<object, Args> = {
  command: 'validate <scenario>',
  describe: 'Check a scenario file (YAML or JSON) and print the resolved parameters as JSON; exit 2 on a bad file',
  builder: (y) =>
    y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (.yaml, .yml or .json)' })
      .option('seed', { type: 'string', ...valued, coerce: wholeNumber('--seed', 0, MAX_SEED), describe: "override the file's seed" })
      .example('taosim validate scenarios/examples/minimal.yaml', 'print the resolved scenario and its hash'),
  handler: (args) => {
    const resolved = prepare(args.scenario, { seed: args.seed }).sc;
    process.stdout.write(JSON.stringify(describeResolved(resolved), null, 2) + '\n');
  },
};
