/**
 * The Slurm path on a real Slurm: test/cluster/slurm.sh starts a single-node Slurm (installing
 * Debian's slurm-wlm and munge where missing), submits deploy/slurm/sweep.sbatch as a job array
 * with `sbatch --wait`, merges, and compares summary.csv and quantiles.csv with the one-process
 * sweep byte for byte. The daemons it started are stopped when it ends.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/shared.js';

it('a Slurm job array of deploy/slurm/sweep.sbatch merges to the one-process sweep, byte for byte', () => {
  const work = mkdtempSync(join(tmpdir(), 'taosim-slurm-'));
  const r = spawnSync('bash', [join(REPO_ROOT, 'test/cluster/slurm.sh'), work], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 600_000 });
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  expect(r.stderr).toContain('equal the one-process sweep');
  expect(readFileSync(join(work, 'sharded', 'summary.csv'), 'utf8')).toBe(readFileSync(join(work, 'one', 'summary.csv'), 'utf8'));
  expect(readFileSync(join(work, 'sharded', 'summary.csv'), 'utf8').split('\n')).toHaveLength(4 + 2); // header, 4 runs, final newline
  // the daemons it started are gone
  const pids = readFileSync(join(work, 'daemons.pids'), 'utf8').trim().split('\n');
  expect(pids).toHaveLength(3); // munged, slurmctld, slurmd
  for (const pid of pids) expect(spawnSync('kill', ['-0', pid]).status).not.toBe(0);
}, 600_000);
