/**
 * `Ledger.stakeMemo`: a memo of a stake read answers exactly what `stake` answers now, whatever
 * happened to the pool (or to other pools, or the subnet) since it was taken.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alphaRao } from '../../../src/core/units.js';
import { Ledger, type StakeMemo } from '../../../src/chain/staking/ledger.js';

const HOTKEYS = ['h0', 'h1'] as const;
const COLDKEYS = ['c0', 'c1'] as const;
const NETUIDS = [1, 2] as const;

const op = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), h: fc.constantFrom(...HOTKEYS), c: fc.constantFrom(...COLDKEYS), n: fc.constantFrom(...NETUIDS), amount: fc.bigInt({ min: 1n, max: 10n ** 12n }) }),
  fc.record({ kind: fc.constant('remove' as const), h: fc.constantFrom(...HOTKEYS), c: fc.constantFrom(...COLDKEYS), n: fc.constantFrom(...NETUIDS), part: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ kind: fc.constant('inject' as const), h: fc.constantFrom(...HOTKEYS), n: fc.constantFrom(...NETUIDS), amount: fc.bigInt({ min: 1n, max: 10n ** 10n }) }),
  fc.record({ kind: fc.constant('dissolve' as const), n: fc.constantFrom(...NETUIDS) }),
  fc.record({ kind: fc.constant('read' as const) }),
);

describe('Ledger.stakeMemo', () => {
  it('equals a fresh stake read after any sequence of stakes, sales, injections and dissolved subnets', () => {
    let reused = 0;
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), (ops) => {
        const l = new Ledger();
        for (const h of HOTKEYS) l.createHotkey(h, 'owner');
        const memos = new Map<string, StakeMemo>();
        const readAll = () => {
          for (const h of HOTKEYS)
            for (const c of COLDKEYS)
              for (const n of NETUIDS) {
                const k = `${h}|${c}|${n}`;
                const before = memos.get(k);
                const m = l.stakeMemo(before, h, c, n);
                if (m === before) reused++;
                memos.set(k, m);
                expect(m.alpha).toBe(l.stake(h, c, n));
              }
        };
        for (const o of [...ops, { kind: 'read' as const }]) {
          if (o.kind === 'add') l.increaseStakeForHotkeyAndColdkeyOnSubnet(o.h, o.c, o.n, alphaRao(o.amount));
          else if (o.kind === 'remove') {
            const have = l.stake(o.h, o.c, o.n);
            if (have > 0n) l.decreaseStakeForHotkeyAndColdkeyOnSubnet(o.h, o.c, o.n, alphaRao((have * BigInt(o.part)) / 100n || 1n));
          } else if (o.kind === 'inject') l.increaseStakeForHotkeyOnSubnet(o.h, o.n, alphaRao(o.amount));
          else if (o.kind === 'dissolve') l.removeSubnet(o.n);
          else readAll();
        }
      }),
      { numRuns: 300 },
    );
    // the memo is kept where nothing changed (else it would save nothing)
    expect(reused).toBeGreaterThan(100);
  });

  it('is kept while nothing changes, and renewed once its own pool changes', () => {
    const l = new Ledger();
    l.createHotkey('h', 'o');
    l.increaseStakeForHotkeyAndColdkeyOnSubnet('h', 'c', 1, alphaRao(1000n));
    const m = l.stakeMemo(undefined, 'h', 'c', 1);
    expect(l.stakeMemo(m, 'h', 'c', 1)).toBe(m);
    l.increaseStakeForHotkeyAndColdkeyOnSubnet('h', 'd', 2, alphaRao(5n)); // another pool
    expect(l.stakeMemo(m, 'h', 'c', 1)).toBe(m);
    l.increaseStakeForHotkeyAndColdkeyOnSubnet('h', 'd', 1, alphaRao(7n)); // the same pool, another holder
    const m2 = l.stakeMemo(m, 'h', 'c', 1);
    expect(m2).not.toBe(m);
    expect(m2.alpha).toBe(l.stake('h', 'c', 1));
    l.removeSubnet(1);
    expect(l.stakeMemo(m2, 'h', 'c', 1).alpha).toBe(0n);
    // a memo of another ledger (a clone) is never taken for this one's
    const c = l.clone();
    c.increaseStakeForHotkeyAndColdkeyOnSubnet('h', 'c', 2, alphaRao(9n));
    const mc = c.stakeMemo(undefined, 'h', 'c', 2);
    expect(l.stakeMemo(mc, 'h', 'c', 2).alpha).toBe(l.stake('h', 'c', 2));
  });
});
