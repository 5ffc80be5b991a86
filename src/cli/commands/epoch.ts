/** `taosim epoch <file.json>`: replay Yuma on a metagraph and print every step's output. */
import { once } from 'node:events';
import type { CommandModule } from 'yargs';
import { InputError } from '../../core/errors.js';
import { loadEpochFile } from '../../scenario/epochInput.js';
import { replay } from '../../sim/epochReplay.js';
import { EPOCH_CSV_FIELDS, EPOCH_JSON_FIELDS, type Sink, writeEpochCsv, writeEpochJson } from '../../output/epochReport.js';
import { text, valued } from '../flags.js';

interface Args {
  file: string;
  format: 'json' | 'csv';
  fields?: string;
}

/** The chosen fields, each one a field of `format`'s output. */
function chosenFields<F extends string>(raw: string, valid: readonly F[], format: string): F[] {
  const names = raw.split(',').map((f) => f.trim());
  for (const f of names) {
    if (f === '') throw new InputError('--fields', `an empty item in "${raw}"`);
    if (!(valid as readonly string[]).includes(f)) throw new InputError('--fields', `"${f}" is not a field of the ${format} output (valid: ${valid.join(', ')})`);
  }
  return names as F[];
}

/**
 * Give `produce` a sink to process.stdout that waits whenever the stream's buffer is full, so the
 * output never piles up in memory. A reader that closes the pipe early (`| head`) ends the output
 * quietly: what it read is what it asked for.
 */
async function toStdout(produce: (sink: Sink) => Promise<void>): Promise<void> {
  const out = process.stdout;
  let failed: Error | undefined;
  // an error between two writes (the stream reports it asynchronously) fails the next one
  const onError = (e: Error): void => {
    failed = e;
  };
  out.on('error', onError);
  try {
    await produce(async (chunk) => {
      if (failed === undefined && !out.write(chunk)) await once(out, 'drain');
      if (failed !== undefined) throw failed;
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPIPE') throw e;
  } finally {
    out.off('error', onError);
  }
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
      .option('fields', {
        type: 'string',
        ...valued,
        coerce: text('--fields'),
        describe: `comma-separated fields of each step to write (default: all). json: ${EPOCH_JSON_FIELDS.join(', ')}; csv: ${EPOCH_CSV_FIELDS.join(', ')} (vector, step and uid always)`,
      })
      .example('taosim epoch test/fixtures/yuma-vectors.json', 'replay every shared vector')
      .example('taosim epoch metagraph.json --format csv > out.csv', 'one row per (step, uid)')
      .example('taosim epoch metagraph.json --fields label,incentive,dividends', 'only these fields of each step'),
  handler: async (args) => {
    const csv = args.format === 'csv';
    // checked before anything is read or written
    const jsonFields = !csv && args.fields !== undefined ? chosenFields(args.fields, EPOCH_JSON_FIELDS, 'json') : EPOCH_JSON_FIELDS;
    const csvFields = csv && args.fields !== undefined ? chosenFields(args.fields, EPOCH_CSV_FIELDS, 'csv') : EPOCH_CSV_FIELDS;
    // yargs hands a lone "-" positional over as "": both mean stdin
    const file = loadEpochFile(args.file === '' ? '-' : args.file);
    if (file.skipped > 0) process.stderr.write(`taosim: ${file.skipped} vector${file.skipped === 1 ? '' : 's'} of another kind (not "epoch") skipped\n`);
    // each step is replayed when the writer pulls it, and written before the next is computed
    const vectors = file.vectors.map((v) => ({ name: v.name, steps: { [Symbol.iterator]: () => replay(v.inputs) } }));
    await toStdout((sink) => (csv ? writeEpochCsv(vectors, csvFields, sink) : writeEpochJson(vectors, file.isArray, jsonFields, sink)));
  },
};
