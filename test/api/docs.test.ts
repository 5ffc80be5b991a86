/** Every ```ts example of docs/api.md runs, with `taosim` and `taosim/testing` mapped to src/. */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { REPO_ROOT } from '../helpers/shared.js';

const md = readFileSync(join(REPO_ROOT, 'docs/api.md'), 'utf8');
const blocks = [...md.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const dir = join(REPO_ROOT, 'test/api/.docs-examples');

describe('docs/api.md examples', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('has examples', () => expect(blocks.length).toBeGreaterThanOrEqual(5));
  blocks.forEach((code, k) => {
    it(`example ${k + 1} runs`, async () => {
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `example-${k + 1}.ts`);
      writeFileSync(
        file,
        code.replace(/from 'taosim\/testing'/g, `from '${join(REPO_ROOT, 'src/testing/index.js')}'`).replace(/from 'taosim'/g, `from '${join(REPO_ROOT, 'src/api/index.js')}'`),
      );
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        await import(file);
      } finally {
        log.mockRestore();
      }
    });
  });
});
