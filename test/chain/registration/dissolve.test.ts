/** Dissolve (economics.md §8.4, invariant §10.19). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alphaRao, taoRao } from '../../../src/core/units.js';
import { Ledger, ROOT_NETUID } from '../../../src/chain/staking/ledger.js';
import { applyDissolve, computeDissolve } from '../../../src/chain/registration/dissolve.js';

const NET = 7;
const positions = fc.array(
  fc.record({ h: fc.constantFrom('a', 'b', 'c'), c: fc.constantFrom('x', 'y', 'z', 'w'), amount: fc.bigInt({ min: 1n, max: 10n ** 15n }) }),
  { maxLength: 10 },
);

describe('dissolve (property)', () => {
  it('pays out exactly the pot: Σ stakers + protocol share = pot, each floor(pot·v/Σv) or +1', () => {
    fc.assert(
      fc.property(
        positions,
        fc.bigInt({ min: 0n, max: 10n ** 16n }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.boolean(),
        (ps, pot, alphaIn, protocol, recent) => {
          const l = new Ledger();
          for (const h of ['a', 'b', 'c']) l.createHotkey(h, `own-${h}`);
          for (const p of ps) l.increaseStakeForHotkeyAndColdkeyOnSubnet(p.h, p.c, NET, alphaRao(p.amount));
          l.increaseStakeForHotkeyAndColdkeyOnSubnet('a', 'x', ROOT_NETUID, alphaRao(5n));
          const before = l.clone();
          const terms = computeDissolve(l, {
            netuid: NET,
            pot: taoRao(pot),
            subnetAlphaIn: alphaRao(alphaIn),
            protocolAlpha: alphaRao(protocol),
            registeredAt: recent ? 100n : 0n,
            taoInRefundDeploymentBlock: 50n,
          });
          const protocolValue = recent ? alphaIn + protocol : protocol;
          const total = terms.payouts.reduce((s, p) => s + p.alphaValue, 0n) + protocolValue;
          expect(terms.protocolAlphaValue).toBe(protocolValue);
          const paid = terms.payouts.reduce((s, p) => s + p.tao, 0n);
          expect(paid + terms.recycled).toBe(pot);
          if (pot > 0n && total > 0n) {
            expect(paid + terms.protocolShare).toBe(pot);
            for (const p of terms.payouts) {
              const fl = (pot * p.alphaValue) / total;
              expect(p.tao === fl || p.tao === fl + 1n).toBe(true);
            }
          } else {
            expect(paid).toBe(0n);
          }
          // Every staker with value is a participant, with its ledger value.
          for (const p of terms.payouts) expect(p.alphaValue).toBe(before.stake(p.hotkey, p.coldkey, NET));

          applyDissolve(l, terms);
          const credited = new Map<string, bigint>();
          for (const p of terms.payouts) credited.set(p.coldkey, (credited.get(p.coldkey) ?? 0n) + p.tao);
          for (const [c, t] of credited) expect(l.freeBalance(c) - before.freeBalance(c)).toBe(t);
          expect(l.hotkeysOnSubnet(NET)).toEqual([]);
          expect(l.totalStakeOnSubnet(ROOT_NETUID)).toBe(5n);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('largest remainders get the leftover rao; unclaimed root alpha is lost with the subnet', () => {
    const l = new Ledger();
    l.createHotkey('h', 'o');
    for (const c of ['p', 'q', 'r']) l.increaseStakeForHotkeyAndColdkeyOnSubnet('h', c, NET, alphaRao(1n));
    l.increaseStakeForHotkeyAndColdkeyOnSubnet('h', 'p', ROOT_NETUID, alphaRao(1_000n));
    l.increaseRootClaimable('h', NET, alphaRao(600n), 0n);
    const terms = computeDissolve(l, { netuid: NET, pot: taoRao(10n), subnetAlphaIn: alphaRao(0n), protocolAlpha: alphaRao(0n), registeredAt: 0n, taoInRefundDeploymentBlock: 0n });
    // 10/3 each: floors 3,3,3, equal remainders, the first in order gets the extra rao.
    expect(terms.payouts.map((p) => [p.coldkey, p.tao])).toEqual([
      ['p', 4n],
      ['q', 3n],
      ['r', 3n],
    ]);
    expect(applyDissolve(l, terms)).toEqual({ unclaimedRootLost: 600n });
    expect(l.rootClaimableSubnets('h')).toEqual([]);
  });
});
