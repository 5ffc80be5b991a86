#!/usr/bin/env -S node --max-semi-space-size=64
/**
 * The taosim command. The only place that exits the process: exit 0 on success, 2 on bad input
 * (InputError, a usage error), 1 on anything else (a bug, a broken invariant).
 *
 * The line above gives V8 a larger young generation (`YOUNG_GENERATION_FLAG`, ./node.ts says why);
 * `node dist/src/cli/main.js` without it gives the same results, only slower.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { InputError } from '../core/errors.js';
import { VERSION } from '../version.js';
import { commands } from './commands/index.js';

async function main(argv: string[]): Promise<number> {
  const cli = yargs(argv)
    .scriptName('taosim')
    .version(VERSION)
    .strict()
    .demandCommand(1, 'Name a command (taosim --help lists them).')
    .recommendCommands()
    .help()
    .wrap(Math.min(110, process.stdout.columns || 100))
    // a usage error stops here, before any command runs
    .fail((msg, err) => {
      // yargs' own usage errors (YError, or a message alone) and a flag's coerce refusal are bad input
      if (err === undefined || err === null || err.name === 'YError') throw new InputError('', msg ?? err?.message ?? 'bad usage');
      throw err;
    });
  for (const c of commands) cli.command(c);
  try {
    await cli.parseAsync();
  } catch (e) {
    return report(e);
  }
  return process.exitCode === undefined ? 0 : Number(process.exitCode);
}

function report(e: unknown): number {
  if (e instanceof InputError) {
    process.stderr.write(`taosim: ${e.message}\n`);
    return 2;
  }
  const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
  process.stderr.write(`taosim: internal error: ${msg}\n`);
  return 1;
}

main(hideBin(process.argv)).then((code) => {
  process.exitCode = code;
});
