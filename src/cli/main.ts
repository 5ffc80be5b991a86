#!/usr/bin/env -S node --max-semi-space-size=64
/**
 * The taosim command. The only place that exits the process: exit 0 on success, 2 on bad input
 * (InputError, a usage error), 1 on anything else (a bug, a broken invariant).
 *
 * The line above gives V8 a larger young generation (`YOUNG_GENERATION_FLAG`, ./node.ts says why);
 * `node dist/src/cli/main.js` without it gives the same results, only slower.
 */
import { hideBin } from 'yargs/helpers';
import { main } from './entry.js';

main(hideBin(process.argv)).then((code) => {
  process.exitCode = code;
});
