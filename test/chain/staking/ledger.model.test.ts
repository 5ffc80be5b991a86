/**
 * Model-based test of the stake ledger (fast-check `fc.commands`, one class per command). The model
 * is an ideal share pool in exact rationals: each coldkey's value only ever moves by its own
 * stakes and by pro-rata injections. The ledger must keep TotalHotkeyAlpha and free balances exact,
 * and each coldkey's stake within 2 rao of the ideal (economics.md §5.12: "at most about 1 rao").
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alphaRao, taoRao } from '../../../src/core/units.js';
import { Ledger } from '../../../src/chain/staking/ledger.js';

interface Frac { n: bigint; d: bigint }
const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  while (b) [a, b] = [b, a % b];
  return a;
};
const norm = (n: bigint, d: bigint): Frac => {
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
};
const addInt = (f: Frac, k: bigint): Frac => norm(f.n + k * f.d, f.d);
const floorF = (f: Frac): bigint => (f.n >= 0n ? f.n / f.d : -((-f.n + f.d - 1n) / f.d));

const HOTKEYS = ['h0', 'h1', 'h2'] as const; // h2 is never created
const COLDKEYS = ['c0', 'c1', 'c2'] as const;
const NETUIDS = [0, 1] as const;

class Model {
  free = new Map<string, bigint>();
  total = new Map<string, bigint>();
  value = new Map<string, Frac>();
  created = new Set<string>(['h0', 'h1']);
  pk = (h: string, n: number): string => `${h}|${n}`;
  vk = (h: string, c: string, n: number): string => `${h}|${c}|${n}`;
  val(h: string, c: string, n: number): Frac {
    return this.value.get(this.vk(h, c, n)) ?? { n: 0n, d: 1n };
  }
}
interface Real { ledger: Ledger }

/** One uid list for every check: the ledger keeps its pool references between calls for it. */
const UIDS: readonly (string | undefined)[] = ['h0', undefined, 'h1', 'h2', 'h0'];

function check(m: Model, r: Real): void {
  const l = r.ledger;
  l.checkInvariants();
  // the stake weights read through kept pool references equal the totals read afresh
  const sw = l.stakeWeightsForNetwork(1, UIDS);
  expect(sw.alpha).toEqual(UIDS.map((h) => (h === undefined ? 0n : l.totalHotkeyAlpha(h, 1))));
  expect(sw.tao).toEqual(UIDS.map((h) => (h === undefined ? 0n : l.totalHotkeyAlpha(h, 0))));
  for (const c of COLDKEYS) expect(l.freeBalance(c)).toBe(m.free.get(c) ?? 0n);
  for (const h of HOTKEYS)
    for (const n of NETUIDS) {
      expect(l.totalHotkeyAlpha(h, n)).toBe(m.total.get(m.pk(h, n)) ?? 0n);
      for (const c of COLDKEYS) {
        const diff = l.stake(h, c, n) - floorF(m.val(h, c, n));
        expect(diff < 0n ? -diff : diff, `${h} ${c} ${n}`).toBeLessThanOrEqual(2n);
      }
    }
}

class CreditFree implements fc.Command<Model, Real> {
  constructor(readonly c: string, readonly amount: bigint) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    r.ledger.creditFree(this.c, taoRao(this.amount));
    m.free.set(this.c, (m.free.get(this.c) ?? 0n) + this.amount);
    check(m, r);
  }
  toString = (): string => `credit(${this.c}, ${this.amount})`;
}

/** Stake `amount` of free TAO, swapped 1:1 here (the swap is chain/swap's, not the ledger's). */
class AddStake implements fc.Command<Model, Real> {
  constructor(readonly h: string, readonly c: string, readonly n: number, readonly amount: bigint) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    const debit = r.ledger.debitFree(this.c, taoRao(this.amount));
    if (!debit.ok) {
      expect(debit.error).toBe('NotEnoughBalanceToStake');
      expect(m.free.get(this.c) ?? 0n).toBeLessThan(this.amount);
      return check(m, r);
    }
    m.free.set(this.c, (m.free.get(this.c) ?? 0n) - this.amount);
    const res = r.ledger.addStake(this.h, this.c, this.n, alphaRao(this.amount));
    if (!res.ok) {
      r.ledger.creditFree(this.c, taoRao(this.amount));
      m.free.set(this.c, (m.free.get(this.c) ?? 0n) + this.amount);
      if (res.error === 'HotKeyAccountNotExists') expect(m.created.has(this.h)).toBe(false);
      else if (res.error === 'AmountTooLow') expect(this.amount).toBe(0n);
      else {
        expect(res.error).toBe('InsufficientLiquidity');
        expect(m.total.get(m.pk(this.h, this.n)) ?? 0n).toBe(0n);
      }
      return check(m, r);
    }
    const pk = m.pk(this.h, this.n);
    const vk = m.vk(this.h, this.c, this.n);
    const before = m.total.get(pk) ?? 0n;
    // A pool whose value nobody owns (§5.12 edge) is taken whole by the next staker.
    const owned = COLDKEYS.some((c) => m.val(this.h, c, this.n).n !== 0n);
    m.value.set(vk, owned ? addInt(m.val(this.h, this.c, this.n), this.amount) : { n: before + this.amount, d: 1n });
    m.total.set(pk, before + this.amount);
    check(m, r);
  }
  toString = (): string => `addStake(${this.h}, ${this.c}, ${this.n}, ${this.amount})`;
}

/** Unstake a fraction (per mille) of the current stake, or 1 rao more than it (refused). */
class RemoveStake implements fc.Command<Model, Real> {
  constructor(readonly h: string, readonly c: string, readonly n: number, readonly permille: number, readonly tooMuch: boolean) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    const have = r.ledger.stake(this.h, this.c, this.n);
    const amount = this.tooMuch ? have + 1n : (have * BigInt(this.permille)) / 1000n;
    const res = r.ledger.removeStake(this.h, this.c, this.n, alphaRao(amount));
    if (!res.ok) {
      expect(['NotEnoughStakeToWithdraw', 'AmountTooLow', 'HotKeyAccountNotExists']).toContain(res.error);
      if (res.error === 'NotEnoughStakeToWithdraw') expect(amount).toBeGreaterThan(have);
      return check(m, r);
    }
    const pk = m.pk(this.h, this.n);
    m.total.set(pk, (m.total.get(pk) ?? 0n) - amount);
    m.value.set(m.vk(this.h, this.c, this.n), addInt(m.val(this.h, this.c, this.n), -amount));
    expect(r.ledger.stake(this.h, this.c, this.n) + amount - have).toBeLessThanOrEqual(1n);
    check(m, r);
  }
  toString = (): string => `removeStake(${this.h}, ${this.c}, ${this.n}, ${this.tooMuch ? 'too much' : `${this.permille}‰`})`;
}

/** Dividends to a hotkey's pool (`increase_stake_for_hotkey_on_subnet`): pro rata to every staker. */
class Inject implements fc.Command<Model, Real> {
  constructor(readonly h: string, readonly n: number, readonly amount: bigint) {}
  check = (m: Readonly<Model>): boolean => (m.total.get(m.pk(this.h, this.n)) ?? 0n) > 0n;
  run(m: Model, r: Real): void {
    const pk = m.pk(this.h, this.n);
    const total = m.total.get(pk)!;
    r.ledger.increaseStakeForHotkeyOnSubnet(this.h, this.n, alphaRao(this.amount));
    for (const c of COLDKEYS) {
      const v = m.val(this.h, c, this.n);
      if (v.n !== 0n) m.value.set(m.vk(this.h, c, this.n), norm(v.n * (total + this.amount), v.d * total));
    }
    m.total.set(pk, total + this.amount);
    check(m, r);
  }
  toString = (): string => `inject(${this.h}, ${this.n}, ${this.amount})`;
}

class Transfer implements fc.Command<Model, Real> {
  constructor(readonly h1: string, readonly c1: string, readonly h2: string, readonly c2: string, readonly n: number, readonly permille: number) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    const amount = (r.ledger.stake(this.h1, this.c1, this.n) * BigInt(this.permille)) / 1000n;
    const res = r.ledger.transferStake(this.h1, this.c1, this.h2, this.c2, this.n, alphaRao(amount));
    if (!res.ok) {
      expect(['AmountTooLow', 'HotKeyAccountNotExists', 'InsufficientLiquidity']).toContain(res.error);
      return check(m, r);
    }
    const p1 = m.pk(this.h1, this.n);
    const p2 = m.pk(this.h2, this.n);
    m.total.set(p1, (m.total.get(p1) ?? 0n) - amount);
    m.value.set(m.vk(this.h1, this.c1, this.n), addInt(m.val(this.h1, this.c1, this.n), -amount));
    const before = m.total.get(p2) ?? 0n;
    const owned = COLDKEYS.some((c) => m.val(this.h2, c, this.n).n !== 0n);
    m.value.set(m.vk(this.h2, this.c2, this.n), owned ? addInt(m.val(this.h2, this.c2, this.n), amount) : { n: before + amount, d: 1n });
    m.total.set(p2, before + amount);
    check(m, r);
  }
  toString = (): string => `transfer(${this.h1}/${this.c1} → ${this.h2}/${this.c2}, ${this.n}, ${this.permille}‰)`;
}

const hk = fc.constantFrom(...HOTKEYS);
const ck = fc.constantFrom(...COLDKEYS);
const nu = fc.constantFrom(...NETUIDS);
const amount = fc.oneof(fc.bigInt({ min: 0n, max: 1_000n }), fc.bigInt({ min: 0n, max: 10n ** 16n }));
const commands = [
  fc.tuple(ck, amount).map(([c, a]) => new CreditFree(c, a)),
  fc.tuple(hk, ck, nu, amount).map(([h, c, n, a]) => new AddStake(h, c, n, a)),
  fc.tuple(hk, ck, nu, fc.integer({ min: 0, max: 1000 }), fc.boolean()).map(([h, c, n, p, t]) => new RemoveStake(h, c, n, p, t)),
  fc.tuple(hk, nu, amount).map(([h, n, a]) => new Inject(h, n, a)),
  fc.tuple(hk, ck, hk, ck, nu, fc.integer({ min: 0, max: 1000 })).map(([h1, c1, h2, c2, n, p]) => new Transfer(h1, c1, h2, c2, n, p)),
];

describe('ledger (model-based, §5.12, §10.10)', () => {
  it('stakes track an exact share pool; totals and free balances are exact', () => {
    fc.assert(
      fc.property(fc.commands(commands, { size: '+1' }), (cmds) => {
        const ledger = new Ledger();
        ledger.createHotkey('h0', 'owner0');
        ledger.createHotkey('h1', 'owner1');
        fc.modelRun(() => ({ model: new Model(), real: { ledger } }), cmds);
      }),
      { numRuns: 100 },
    );
  });

  it('stake weights follow a subnet removed and staked again (kept pool references are dropped)', () => {
    const l = new Ledger();
    l.createHotkey('h0', 'owner0');
    const uids = ['h0'];
    l.increaseStakeForHotkeyAndColdkeyOnSubnet('h0', 'c0', 1, alphaRao(500n));
    expect(l.stakeWeightsForNetwork(1, uids).alpha).toEqual([500n]);
    l.removeSubnet(1);
    expect(l.stakeWeightsForNetwork(1, uids).alpha).toEqual([0n]);
    l.increaseStakeForHotkeyAndColdkeyOnSubnet('h0', 'c0', 1, alphaRao(7n));
    expect(l.stakeWeightsForNetwork(1, uids).alpha).toEqual([7n]);
  });

  it('clone is independent of the original', () => {
    const l = new Ledger();
    l.createHotkey('h', 'o');
    l.creditFree('c', taoRao(10n));
    l.addStake('h', 'c', 1, alphaRao(100n));
    const k = l.clone();
    k.addStake('h', 'c', 1, alphaRao(50n));
    k.debitFree('c', taoRao(10n));
    expect(l.stake('h', 'c', 1)).toBe(100n);
    expect(l.freeBalance('c')).toBe(10n);
    expect(k.stake('h', 'c', 1)).toBe(150n);
  });

  it('refusals are typed results', () => {
    const l = new Ledger();
    expect(l.createHotkey('h', 'o')).toEqual({ ok: true });
    expect(l.createHotkey('h', 'x')).toEqual({ ok: false, error: 'NonAssociatedColdKey' });
    expect(l.removeStake('h', 'c', 1, alphaRao(1n))).toEqual({ ok: false, error: 'NotEnoughStakeToWithdraw' });
    expect(l.setDelegateTake('h', 11_797)).toEqual({ ok: false, error: 'DelegateTakeTooHigh' });
    expect(l.setChildren('h', 0, [])).toEqual({ ok: false, error: 'RegistrationNotPermittedOnRootSubnet' });
    expect(l.setChildren('h', 1, [{ hotkey: 'h', proportion: 1n }])).toEqual({ ok: false, error: 'InvalidChild' });
  });
});
