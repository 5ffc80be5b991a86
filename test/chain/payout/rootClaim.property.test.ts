/** Root claim invariants (economics.md §6.7, §10.20). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { I96F32, U96F32, fromF64 } from '../../../src/core/fixed.js';
import { alphaRao, taoRao } from '../../../src/core/units.js';
import { Ledger, ROOT_NETUID } from '../../../src/chain/staking/ledger.js';
import { applyPayout, computePayout } from '../../../src/chain/payout/distribute.js';
import { applyRootClaimKeep, applyRootClaimSwap, planRootClaim, rootClaimOrder, rootOwed, rootOwedFloat } from '../../../src/chain/payout/rootClaim.js';

const NET = 3;

function setup(rootStakes: bigint[], rounds: bigint[]): Ledger {
  const l = new Ledger();
  l.createHotkey('v', 'vowner');
  l.increaseStakeForHotkeyAndColdkeyOnSubnet('v', 'vowner', NET, alphaRao(1_000_000_000n));
  rootStakes.forEach((s, i) => l.addStake('v', `c${i}`, ROOT_NETUID, alphaRao(s)));
  const params = { netuid: NET, taoWeight: fromF64(U96F32, 0.5), ckBurn: 0n, subnetOwner: undefined, subnetOwnerHotkey: undefined, recycleOrBurn: 'Burn' as const, autoStakeDestination: new Map() };
  for (const R of rounds)
    applyPayout(l, computePayout(l, [{ hotkey: 'v', incentive: alphaRao(0n), dividend: alphaRao(1n) }], { server: alphaRao(0n), validator: alphaRao(0n), root: alphaRao(R), ownerCut: alphaRao(0n) }, params));
  return l;
}

const stakes = fc.array(fc.bigInt({ min: 1_000n, max: 10n ** 13n }), { minLength: 1, maxLength: 4 });
const rounds = fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 3 });

describe('root claim (property)', () => {
  it('a claim never creates alpha: Σ claims ≤ the root dividends put in, and owed ≈ 0 after', () => {
    fc.assert(
      fc.property(stakes, rounds, fc.boolean(), (rs, rd, keep) => {
        const l = setup(rs, rd);
        const pot = l.unclaimedRootAlpha(NET);
        let claimed = 0n;
        rs.forEach((_, i) => {
          for (const { hotkey, netuid } of rootClaimOrder(l, `c${i}`)) {
            const step = planRootClaim(l, hotkey, `c${i}`, netuid, keep ? { kind: 'Keep' } : { kind: 'Swap' }, 0n);
            if (step.kind === 'keep') applyRootClaimKeep(l, hotkey, `c${i}`, netuid, step.owed);
            else if (step.kind === 'swap') applyRootClaimSwap(l, hotkey, `c${i}`, netuid, step.owed, taoRao(step.owed / 2n));
            if (step.kind !== 'skip') claimed += step.owed;
            // Left over: the fraction of owed, plus (Swap) the fraction of the watermark on the new root stake.
            expect(rootOwedFloat(l, hotkey, `c${i}`, netuid)).toBeLessThan((keep ? 1n : 2n) << 32n);
          }
        });
        expect(claimed).toBeLessThanOrEqual(pot);
        expect(l.unclaimedRootAlpha(NET)).toBe(pot - claimed);
        l.checkInvariants();
      }),
      { numRuns: 100 },
    );
  });

  it('adding root stake leaves owed unchanged (±1 rao)', () => {
    fc.assert(
      fc.property(stakes, rounds, fc.bigInt({ min: 1n, max: 10n ** 13n }), (rs, rd, extra) => {
        const l = setup(rs, rd);
        const before = rootOwed(l, 'v', 'c0', NET);
        expect(l.addStake('v', 'c0', ROOT_NETUID, alphaRao(extra))).toEqual({ ok: true });
        const after = rootOwed(l, 'v', 'c0', NET);
        expect(after - before >= -1n && after - before <= 1n).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('removing root stake keeps owed while the watermark covers it, else forfeits down to rate·remaining', () => {
    fc.assert(
      fc.property(stakes, rounds, fc.integer({ min: 1, max: 1000 }), (rs, rd, permille) => {
        const l = setup(rs, rd);
        const have = l.stake('v', 'c0', ROOT_NETUID);
        const amount = (have * BigInt(permille)) / 1000n;
        fc.pre(amount > 0n);
        expect(l.removeStake('v', 'c0', ROOT_NETUID, alphaRao(amount))).toEqual({ ok: true });
        // Nothing was claimed, so the watermark is 0 and the new owed is rate · remaining stake.
        const rate = l.rootClaimableRate('v', NET);
        const expected = (rate * (BigInt(l.stake('v', 'c0', ROOT_NETUID)) << 32n)) >> 32n;
        expect(rootOwedFloat(l, 'v', 'c0', NET)).toBe(expected);
        expect(l.rootClaimedOf(NET, 'v', 'c0')).toBe(0n);
      }),
      { numRuns: 60 },
    );
  });

  it('threshold and KeepSubnets choose skip / keep / swap', () => {
    const l = setup([2_000_000n], [1_000_000n]);
    expect(planRootClaim(l, 'v', 'c0', NET, { kind: 'Swap' }, 10n ** 12n)).toEqual({ kind: 'skip', reason: 'BelowThreshold' });
    expect(planRootClaim(l, 'v', 'c0', NET, { kind: 'KeepSubnets', subnets: new Set([NET]) }).kind).toBe('keep');
    expect(planRootClaim(l, 'v', 'c0', NET, { kind: 'KeepSubnets', subnets: new Set([NET + 1]) }).kind).toBe('swap');
    expect(planRootClaim(l, 'v', 'nobody', NET, { kind: 'Keep' }, 0n)).toEqual({ kind: 'skip', reason: 'NothingOwed' });
    expect(I96F32.frac).toBe(32n);
  });
});
