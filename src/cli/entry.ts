/**
 * The taosim command line as a function: argv in, exit code out (0 success, 2 bad input, 1
 * anything else). ./main.ts runs it as the process; tests run it in process.
 */
import yargs from 'yargs';
import { InputError } from '../core/errors.js';
import { VERSION } from '../version.js';
import { commands } from './commands/index.js';

export async function main(argv: string[]): Promise<number> {
  process.exitCode = undefined; // a command sets it on failure; each call starts clean
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

