/**
 * Debian's headless Chromium for the browser tests, driven by playwright-core. Without it they
 * skip with a visible message, except under CI=true, where its absence is a failure (.ci/run
 * installs it).
 */
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Call at module level of a browser test file; returns whether to run. */
export function requireChromium(what: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing under CI=true (needed by ${what}); apt-get install chromium`);
  console.warn(`SKIPPED ${what}: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return false;
}

/**
 * Flags for a closed network, as root: no sandbox (root), no GPU, and none of Chromium's own
 * background connections (updates, sync, safe browsing), which would otherwise count as requests.
 */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-default-apps'];
