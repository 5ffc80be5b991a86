/** The lint rule that keeps policies pure: agents/ may name chain types but import no code that mutates state. */
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/shared.js';

const lint = async (code: string) => {
  const [r] = await new ESLint({ cwd: REPO_ROOT }).lintText(code, { filePath: join(REPO_ROOT, 'src/agents/probe.ts') });
  return r!.messages.map((m) => m.ruleId);
};

describe('agents/ import rule', () => {
  it('refuses chain code and sim, accepts chain types', async () => {
    expect(await lint("import { addStake } from '../chain/staking/addStake.js';\nexport const f = addStake;\n")).toContain('@typescript-eslint/no-restricted-imports');
    expect(await lint("import { applyAction } from '../sim/actions.js';\nexport const f = applyAction;\n")).toContain('@typescript-eslint/no-restricted-imports');
    expect(await lint("import type { ChainState } from '../chain/state.js';\nexport type S = ChainState;\n")).toEqual([]);
  });
});
