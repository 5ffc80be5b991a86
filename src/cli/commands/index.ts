/** Every subcommand, in the order `taosim --help` lists them. */
import type { CommandModule } from 'yargs';
import { epochCommand } from './epoch.js';
import { factsCommand } from './facts.js';
import { mergeCommand } from './merge.js';
import { quoteCommand } from './quote.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { sharesCommand } from './shares.js';
import { sweepCommand } from './sweep.js';
import { validateCommand } from './validate.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [runCommand, sweepCommand, mergeCommand, reportCommand, validateCommand, epochCommand, sharesCommand, quoteCommand, factsCommand];
