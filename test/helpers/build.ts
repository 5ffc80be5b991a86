/** vitest global setup: compile once so CLI end-to-end tests run the real `taosim` binary. */
import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from './shared.js';

export default function setup(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT, stdio: 'inherit' });
}
