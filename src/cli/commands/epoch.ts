/** `taosim epoch <file.json>`: replay Yuma on a metagraph and print every step's output. */
import type { CommandModule } from 'yargs';
import { loadEpochFile } from '../../scenario/epochInput.js';
import { replay } from '../../sim/epochReplay.js';
import { EPOCH_CSV_HEADER, vectorCsvRows, vectorJson } from '../../output/epochReport.js';

interface Args {
  file: string;
  format: 'json' | 'csv';
}

export const epochCommand: CommandModule<object, Args> = {
  command: 'epoch <file>',
  describe: 'Replay the Yuma consensus epoch on a metagraph (yuma-vectors.json format) and print each step',
  builder: (y) =>
    y
      .positional('file', {
        type: 'string',
        demandOption: true,
        describe: 'JSON file: one vector object or an array of them ({name, inputs: {params, initial_state, steps}}); "-" reads stdin',
      })
      .option('format', { choices: ['json', 'csv'] as const, default: 'json' as const, describe: 'json: {name, steps} per vector; csv: one row per (step, uid)' })
      .example('taosim epoch test/fixtures/yuma-vectors.json', 'replay every shared vector')
      .example('taosim epoch metagraph.json --format csv > out.csv', 'one row per (step, uid)'),
  handler: (args) => {
    // yargs hands a lone "-" positional over as "": both mean stdin
    const file = loadEpochFile(args.file === '' ? '-' : args.file);
    if (file.skipped > 0) process.stderr.write(`taosim: ${file.skipped} vector${file.skipped === 1 ? '' : 's'} of another kind (not "epoch") skipped\n`);
    const results = file.vectors.map((v) => ({ name: v.name, steps: [...replay(v.inputs)] }));
    if (args.format === 'csv') {
      const lines = [EPOCH_CSV_HEADER.join(','), ...results.flatMap((r) => vectorCsvRows(r.name, r.steps))];
      process.stdout.write(lines.join('\n') + '\n');
      return;
    }
    const out = results.map((r) => vectorJson(r.name, r.steps));
    process.stdout.write(JSON.stringify(file.isArray ? out : out[0], null, 1) + '\n');
  },
};
