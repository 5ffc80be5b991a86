/** deploy/k8s/sweep-job.yaml is consistent: an Indexed Job whose completions equal --shards, writing to its mounted volume. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '../helpers/shared.js';

it('the Kubernetes Indexed Job manifest shards as many ways as it has completions', () => {
  const docs = parseAllDocuments(readFileSync(join(REPO_ROOT, 'deploy/k8s/sweep-job.yaml'), 'utf8')).map((d) => d.toJS());
  const job = docs.find((d) => d.kind === 'Job');
  const pvc = docs.find((d) => d.kind === 'PersistentVolumeClaim');
  expect(job.spec.completionMode).toBe('Indexed');
  const c = job.spec.template.spec.containers[0];
  const args: string[] = c.args;
  expect(args[0]).toBe('sweep');
  expect(Number(args[args.indexOf('--shards') + 1])).toBe(job.spec.completions);
  const out = args[args.indexOf('--out') + 1]!;
  const mount = c.volumeMounts[0].mountPath as string;
  expect(out.startsWith(mount + '/')).toBe(true);
  expect(job.spec.template.spec.volumes[0].persistentVolumeClaim.claimName).toBe(pvc.metadata.name);
  expect(pvc.spec.accessModes).toContain('ReadWriteMany');
  // the scenario it names is in the image (the repository copied to /taosim)
  expect(readFileSync(join(REPO_ROOT, args[1]!.replace('/taosim/', '')), 'utf8')).toMatch(/^name: baseline$/m);
});
