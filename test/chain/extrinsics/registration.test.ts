/**
 * burned_register, register_network (with the subnet pruned at the limit), start_call and the
 * take extrinsics: each refusal by the chain's name, leaving the state as it was, and what a
 * success changes; then whole runs that register through the timeline keep every invariant.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SUBNET_LIMIT, NETWORK_IMMUNITY_PERIOD, NETWORK_MIN_LOCK_COST } from '../../../src/chain/registration/network.js';
import type { ChainState } from '../../../src/chain/state.js';
import { decreaseTake, increaseTake, setChildkeyTake, TX_DELEGATE_TAKE_RATE_LIMIT } from '../../../src/chain/staking/take.js';
import { burnedRegister, updateRegistrationPrices } from '../../../src/chain/subnets/registration.js';
import { lockCost, NETWORK_RATE_LIMIT, registerNetwork, startCall } from '../../../src/chain/subnets/subnet.js';
import { currentPrice } from '../../../src/chain/swap/index.js';
import { taoRao } from '../../../src/core/units.js';
import { checkInvariants } from '../../../src/sim/invariants.js';
import { run } from '../../../src/sim/run.js';
import { validatorColdkey, validatorHotkey, type World } from '../../../src/sim/world.js';
import { refusalOf } from '../../helpers/refusal.js';
import { smallScenario, worldFrom } from '../../helpers/world.js';

const TAO = 1_000_000_000n;

function world(opts: { maxUids?: number } = {}): World {
  const raw = smallScenario();
  (raw.subnet_defaults as { params: Record<string, unknown> }).params.max_allowed_uids = opts.maxUids ?? 32;
  const { w } = worldFrom(raw);
  w.outside = taoRao(w.outside - 5_000n * TAO);
  w.ledger.creditFree('alice', taoRao(5_000n * TAO));
  return w;
}

function digest(c: ChainState): string {
  const free = c.ledger.coldkeysWithBalance().map((k) => [k, c.ledger.freeBalance(k)]);
  const subnets = c.subnets.map((s) => [s.netuid, s.pool.taoReserve, s.pool.alphaReserve, s.alphaOut, s.burn, s.metagraph.hotkeys, s.metagraph.version]);
  return JSON.stringify({ free, subnets, issuance: c.issuance, lock: c.network.lastLockCost }, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
}
const refusal = (w: World, call: () => { ok: boolean; error?: string }) => refusalOf(w, digest, call);

describe('burned_register', () => {
  it('refuses in the chain order, each with the chain error', () => {
    const w = world();
    const s = w.subnets[0]!;
    expect(refusal(w, () => burnedRegister(w, 'alice', 'a-hk', 0, 10))).toBe('RegistrationNotPermittedOnRootSubnet');
    expect(refusal(w, () => burnedRegister(w, 'alice', 'a-hk', 99, 10))).toBe('SubnetNotExists');
    expect(refusal(w, () => burnedRegister(w, 'alice', s.metagraph.hotkeys[1]!, 1, 10))).toBe('HotKeyAlreadyRegisteredInSubNet');
    expect(refusal(w, () => burnedRegister(w, 'bob', 'b-hk', 1, 10))).toBe('NotEnoughBalanceToStake');
    expect(refusal(w, () => burnedRegister(w, 'alice', validatorHotkey(0), 2, 10))).toBe('HotKeyAlreadyRegisteredInSubNet');
    w.ledger.createHotkey('carol-hk', 'carol');
    expect(refusal(w, () => burnedRegister(w, 'alice', 'carol-hk', 1, 10))).toBe('NonAssociatedColdKey');
    s.registrationAllowed = false;
    expect(refusal(w, () => burnedRegister(w, 'alice', 'a-hk', 1, 10))).toBe('SubNetRegistrationDisabled');
  });

  it('appends a uid below the limit: the burn enters the pool, the alpha it buys is destroyed, the burn is bumped', () => {
    const w = world();
    const s = w.subnets[0]!;
    const { n, version } = s.metagraph;
    const burn = s.burn;
    const before = { tao: s.pool.taoReserve, alphaIn: s.pool.alphaReserve, alphaOut: s.alphaOut, price: currentPrice(s.pool) };
    const r = burnedRegister(w, 'alice', 'a-hk', 1, 10);
    expect(r).toMatchObject({ ok: true, uid: n, burn, replaced: undefined });
    expect(s.metagraph.n).toBe(n + 1);
    expect(s.metagraph.version).toBe(version + 1);
    expect(s.metagraph.uid('a-hk')).toBe(n);
    expect(s.metagraph.registeredAt[n]).toBe(10);
    expect(s.pool.taoReserve).toBeGreaterThan(before.tao);
    expect(s.pool.alphaReserve).toBeLessThan(before.alphaIn);
    expect(s.alphaOut).toBe(before.alphaOut);
    expect(currentPrice(s.pool)).toBeGreaterThan(before.price);
    expect(s.burn).toBeGreaterThan(burn);
    expect(w.ledger.ownerOf('a-hk')).toBe('alice');
    checkInvariants(w);
  });

  it('at the limit replaces the lowest-emission uid out of immunity, never the owner, and clears its row', () => {
    const w = world({ maxUids: 10 });
    const s = w.subnets[0]!;
    expect(s.metagraph.n).toBe(10);
    // inside immunity with too few non-immune uids: the best immune uid is taken
    const young = burnedRegister(w, 'alice', 'a-hk', 1, 100);
    expect(young.ok).toBe(true);
    if (!young.ok) return;
    expect(young.uid).not.toBe(0);
    expect(young.replaced).toBeDefined();
    expect(s.metagraph.hotkeys[young.uid]).toBe('a-hk');
    expect(s.metagraph.n).toBe(10);
    expect(s.weights[young.uid]!.j.length).toBe(0);
    checkInvariants(w);
  });

  it('the burn decays every block to MinBurn and stays there', () => {
    const w = world();
    const s = w.subnets[0]!;
    s.burn = taoRao(TAO);
    updateRegistrationPrices(w, 2, 360);
    expect(s.burn).toBeLessThan(TAO / 2n + TAO / 100n);
    expect(s.burn).toBeGreaterThan(TAO / 2n - TAO / 100n);
    updateRegistrationPrices(w, 400, 100_000);
    expect(s.burn).toBe(s.params.min_burn);
  });
});

describe('register_network', () => {
  it('makes a subnet for the lock cost: the lock is its pool TAO at the median price, the owner uid 0, no emission until start_call', () => {
    const w = world();
    const lock = lockCost(w, 50);
    expect(lock).toBe(NETWORK_MIN_LOCK_COST); // never registered: the minimum
    const r = registerNetwork(w, 'alice', 'own-hk', 50, w.subnetDefaults.params);
    expect(r).toMatchObject({ ok: true, netuid: 3, lock, dissolved: undefined });
    const s = w.subnets.find((x) => x.netuid === 3)!;
    expect(s.pool.taoReserve).toBe(lock);
    expect(s.alphaOut).toBe(0n);
    expect(s.metagraph.hotkeys).toEqual(['own-hk']);
    expect(s.emissionEnabled).toBe(false);
    expect(s.subtokenEnabled).toBe(false);
    checkInvariants(w);
    expect(refusal(w, () => registerNetwork(w, 'alice', 'own-hk2', 51, w.subnetDefaults.params))).toBe('NetworkTxRateLimitExceeded');
    expect(lockCost(w, 50 + NETWORK_RATE_LIMIT)).toBeGreaterThan(lock); // doubled, then decaying
    expect(refusal(w, () => startCall(w, 'bob', 3, 60))).toBe('NotSubnetOwner');
    expect(startCall(w, 'alice', 3, 60)).toEqual({ ok: true });
    expect(s.firstEmissionBlock).toBe(61n);
    expect(refusal(w, () => startCall(w, 'alice', 3, 61))).toBe('FirstEmissionBlockNumberAlreadySet');
  });

  it('refuses in the chain order, each with the chain error', () => {
    const w = world();
    w.ledger.createHotkey('carol-hk', 'carol');
    expect(refusal(w, () => registerNetwork(w, 'alice', 'carol-hk', 50, w.subnetDefaults.params))).toBe('NonAssociatedColdKey');
    expect(refusal(w, () => registerNetwork(w, 'bob', 'own-hk', 50, w.subnetDefaults.params))).toBe('CannotAffordLockCost');
  });

  it('at the subnet limit prunes the lowest moving price out of immunity, pays its stakers pro rata and reuses its netuid', () => {
    const raw = smallScenario({ subnets: 3 });
    const { w } = worldFrom(raw);
    // fill up to the limit with new subnets, still immune at `now`; the three initial ones
    // (registered at 0) are not
    const now = Number(NETWORK_IMMUNITY_PERIOD) + 10;
    w.ledger.creditFree('alice', taoRao(10n ** 18n));
    w.outside = taoRao(w.outside - 10n ** 18n);
    for (let k = w.subnets.length; k < DEFAULT_SUBNET_LIMIT; k++) {
      w.network.lastLockBlock = 0;
      const r = registerNetwork(w, 'alice', `filler-${k}`, now - 100, w.subnetDefaults.params);
      expect(r.ok).toBe(true);
    }
    expect(w.subnets.length).toBe(DEFAULT_SUBNET_LIMIT);
    const lowest = [...w.subnets].filter((s) => s.registeredAt === 0).sort((a, b) => (a.movingPrice < b.movingPrice ? -1 : 1))[0]!;
    const stakers = w.ledger.hotkeysOnSubnet(lowest.netuid).length;
    expect(stakers).toBeGreaterThan(0);
    const freeBefore = w.ledger.freeBalance(validatorColdkey(0));
    w.network.lastLockBlock = 0;
    const r = registerNetwork(w, 'alice', 'newcomer', now, w.subnetDefaults.params);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.dissolved?.netuid).toBe(lowest.netuid);
    expect(r.netuid).toBe(lowest.netuid);
    expect(w.subnets.length).toBe(DEFAULT_SUBNET_LIMIT);
    expect(w.ledger.freeBalance(validatorColdkey(0))).toBeGreaterThan(freeBefore);
    expect(w.subnets.find((s) => s.netuid === r.netuid)!.ownerHotkey).toBe('newcomer');
    expect(r.dissolved!.payouts.reduce((a, p) => a + p.tao, 0n) + r.dissolved!.recycled).toBe(r.dissolved!.pot);
  });
});

describe('increase_take / decrease_take / set_childkey_take', () => {
  it('refuse by the chain rules and rate limits', () => {
    const w = world();
    const hk = validatorHotkey(0);
    const ck = validatorColdkey(0);
    const take = w.ledger.delegateTake(hk);
    expect(refusal(w, () => increaseTake(w, 'alice', hk, take, 10))).toBe('NonAssociatedColdKey');
    expect(refusal(w, () => increaseTake(w, ck, hk, 20_000, 10))).toBe('DelegateTakeTooHigh');
    expect(refusal(w, () => increaseTake(w, ck, hk, take, 10))).toBe('DelegateTakeTooLow');
    expect(refusal(w, () => increaseTake(w, ck, 'nobody', take, 10))).toBe('HotKeyAccountNotExists');
    expect(decreaseTake(w, ck, hk, take - 100, 10)).toEqual({ ok: true });
    expect(w.ledger.delegateTake(hk)).toBe(take - 100);
    expect(refusal(w, () => decreaseTake(w, ck, hk, take, 11))).toBe('DelegateTakeTooLow');
    expect(refusal(w, () => increaseTake(w, ck, hk, take, 10 + TX_DELEGATE_TAKE_RATE_LIMIT))).toBe('DelegateTxRateLimitExceeded');
    expect(increaseTake(w, ck, hk, take, 11 + TX_DELEGATE_TAKE_RATE_LIMIT)).toEqual({ ok: true });
    expect(refusal(w, () => setChildkeyTake(w, 'alice', hk, 1, 10, 10))).toBe('NonAssociatedColdKey');
    expect(refusal(w, () => setChildkeyTake(w, ck, hk, 1, 20_000, 10))).toBe('InvalidChildkeyTake');
    expect(setChildkeyTake(w, ck, hk, 1, 100, 10)).toEqual({ ok: true });
    expect(refusal(w, () => setChildkeyTake(w, ck, hk, 1, 200, 20))).toBe('TxChildkeyTakeRateLimitExceeded');
    expect(setChildkeyTake(w, ck, hk, 1, 50, 20)).toEqual({ ok: true }); // a decrease is never rate limited
  });
});

describe('registrations from the timeline', () => {
  it('a run that registers neurons and a subnet keeps every invariant at every block', () => {
    const raw = smallScenario({ epochs: 6 });
    (raw.subnet_defaults as { params: Record<string, unknown> }).params.max_allowed_uids = 10;
    raw.events = [
      { at_epoch: 1, burned_register: { coldkey: 'newminer', hotkey: 'nm-1', netuid: 1 } },
      { at_epoch: 1, burned_register: { coldkey: 'newminer', hotkey: 'nm-2', netuid: 2 } },
      { at_epoch: 2, register_network: { coldkey: 'founder', hotkey: 'founder-hk' } },
      { at_epoch: 3, start_call: { netuid: 3 } },
      { at_epoch: 4, burned_register: { coldkey: 'newminer', hotkey: 'nm-3', netuid: 3 } },
    ];
    const { w, sc } = worldFrom(raw);
    const results: string[] = [];
    for (const rec of run(w, sc, { check: true })) for (const e of rec.events) results.push(`${e.kind}:${e.result}`);
    expect(results).toEqual(['burned_register:ok', 'burned_register:ok', 'register_network:ok', 'start_call:ok', 'burned_register:ok']);
    expect(w.subnets.map((s) => s.netuid)).toEqual([1, 2, 3]);
    expect(w.subnets[2]!.metagraph.hotkeys).toEqual(['founder-hk', 'nm-3']);
    expect(w.population.get(3)!.roles).toEqual(['owner', 'miner']);
  });
});
