/**
 * Access to ../shared for the differential tests only. Without it they skip with a visible
 * message, except under CI=true, where its absence is a failure.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED = resolve(REPO_ROOT, '..', 'shared');
export const sharedPresent = existsSync(join(SHARED, 'reference'));

/** Call at module level of a differential test file; returns whether to run. */
export function requireShared(what: string): boolean {
  if (sharedPresent) return true;
  if (process.env.CI === 'true') throw new Error(`../shared/reference is missing under CI=true (needed by ${what})`);
  console.warn(`SKIPPED ${what}: ../shared/reference not found beside the repo`);
  return false;
}

/** Run a python3 snippet with cwd = a folder of ../shared/reference; stdin JSON in, stdout JSON out. */
export function python(cwdInShared: string, script: string, input: unknown): unknown {
  const out = execFileSync('python3', ['-c', script], {
    cwd: join(SHARED, cwdInShared),
    input: JSON.stringify(input),
    maxBuffer: 1 << 28,
  });
  return JSON.parse(out.toString());
}
