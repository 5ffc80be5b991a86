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
  let usageError: string | undefined;
  const cli = yargs(argv)
    .scriptName('taosim')
    .version(VERSION)
    .strict()
    .demandCommand(1, 'Name a command (taosim --help lists them).')
    .recommendCommands()
    .help()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err) throw err;
      usageError = msg;
    });
  for (const c of commands) cli.command(c);
  try {
    await cli.parseAsync();
  } catch (e) {
    return report(e);
  }
  if (usageError !== undefined) {
    process.stderr.write(`taosim: ${usageError}\n`);
    return 2;
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
