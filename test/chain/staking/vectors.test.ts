import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alphaRao } from '../../../src/core/units.js';
import { Ledger } from '../../../src/chain/staking/ledger.js';

interface Vector { name: string; expected: Record<string, string>; tolerance: { abs_rao: string } }
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/ledger-vectors.json', import.meta.url), 'utf8')) as { vectors: Vector[] };
const vector = (name: string): Vector => fixture.vectors.find((v) => v.name === name)!;

describe('golden: test_share_based_staking (staking2.rs)', () => {
  const v = vector('test_share_based_staking');
  const tol = BigInt(v.tolerance.abs_rao);
  const near = (got: bigint, want: string): void => {
    const d = got - BigInt(want);
    expect(d < 0n ? -d : d, `${got} vs ${want}`).toBeLessThanOrEqual(tol);
  };

  it('buy, buy, inject to all, new coldkey buys at the current value', () => {
    const l = new Ledger();
    expect(l.createHotkey('hot', 'owner')).toEqual({ ok: true });
    expect(l.addStake('hot', 'A', 1, alphaRao(1_000_000_000n))).toEqual({ ok: true });
    near(l.stake('hot', 'A', 1), v.expected.A_after_step1!);
    expect(l.addStake('hot', 'A', 1, alphaRao(1_000_000_000n))).toEqual({ ok: true });
    near(l.stake('hot', 'A', 1), v.expected.A_after_step2!);
    l.increaseStakeForHotkeyOnSubnet('hot', 1, alphaRao(1_000_000_000n));
    near(l.stake('hot', 'A', 1), v.expected.A_after_step3!);
    expect(l.addStake('hot', 'B', 1, alphaRao(1_000_000_000n))).toEqual({ ok: true });
    near(l.stake('hot', 'B', 1), v.expected.B_after_step4!);
    near(l.totalHotkeyAlpha('hot', 1), v.expected.hotkey_total!);
    l.checkInvariants();
  });
});
