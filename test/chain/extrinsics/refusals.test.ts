/**
 * Every refusal the chain's staking and weight extrinsics make, by the chain's error name, on a
 * small world; and that a refused call changes nothing.
 */
import { describe, expect, it } from 'vitest';
import type { ChainState } from '../../../src/chain/state.js';
import { addStake } from '../../../src/chain/staking/addStake.js';
import { moveStake, swapStake, transferStake } from '../../../src/chain/staking/moveStake.js';
import { removeStake } from '../../../src/chain/staking/removeStake.js';
import { setWeights } from '../../../src/chain/subnets/weights.js';
import { currentPrice } from '../../../src/chain/swap/index.js';
import { alphaRao, taoRao } from '../../../src/core/units.js';
import { run } from '../../../src/sim/run.js';
import { validatorHotkey, type World } from '../../../src/sim/world.js';
import { refusalOf } from '../../helpers/refusal.js';
import { smallScenario, worldFrom } from '../../helpers/world.js';

const TAO = 1_000_000_000n;
const V0 = validatorHotkey(0);

/** A world where 'alice' has 1,000 TAO free and 100 TAO staked on subnet 1 through validator 0. */
function world(): World {
  const { w } = worldFrom(smallScenario());
  w.outside = taoRao(w.outside - 1100n * TAO);
  w.ledger.creditFree('alice', taoRao(1100n * TAO));
  const r = addStake(w, 'alice', V0, 1, taoRao(100n * TAO));
  if (!r.ok) throw new Error(r.error);
  return w;
}

/** Everything a call could move. */
function digest(c: ChainState): string {
  const stakes = c.ledger.netuids().map((n) => [n, c.ledger.totalStakeOnSubnet(n)]);
  const free = c.ledger.coldkeysWithBalance().map((k) => [k, c.ledger.freeBalance(k)]);
  const subnets = c.subnets.map((s) => [s.netuid, s.pool.taoReserve, s.pool.alphaReserve, s.alphaOut, s.userFlowBlock, s.weights.map((r) => Array.from(r.v)), [...s.metagraph.lastUpdate]]);
  return JSON.stringify({ stakes, free, subnets, fees: c.authorFees, root: c.rootPool.taoReserve }, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
}

const refusal = (w: World, call: () => { ok: boolean; error?: string }) => refusalOf(w, digest, call);

describe('add_stake / add_stake_limit', () => {
  it('refuses in the chain order, each with the chain error', () => {
    const w = world();
    const price = currentPrice(w.subnets[0]!.pool);
    expect(refusal(w, () => addStake(w, 'alice', V0, 99, taoRao(TAO)))).toBe('SubnetNotExists');
    expect(refusal(w, () => addStake(w, 'alice', V0, 1, taoRao(1_000_000n)))).toBe('AmountTooLow'); // 0.001 TAO < DefaultMinStake
    expect(refusal(w, () => addStake(w, 'bob', V0, 1, taoRao(TAO)))).toBe('NotEnoughBalanceToStake');
    expect(refusal(w, () => addStake(w, 'alice', 'nobody', 1, taoRao(TAO)))).toBe('HotKeyAccountNotExists');
    expect(refusal(w, () => addStake(w, 'alice', V0, 1, taoRao(w.subnets[0]!.pool.taoReserve * 1001n)))).toBe('InsufficientLiquidity');
    // below the minimum comes before the balance: a tiny stake without TAO is AmountTooLow
    expect(refusal(w, () => addStake(w, 'bob', V0, 1, taoRao(1_000_000n)))).toBe('AmountTooLow');
    // a limit under the current price cannot buy anything; a limit just above it cannot fill 500 TAO
    const limitPrice = (price * TAO) >> 64n;
    expect(refusal(w, () => addStake(w, 'alice', V0, 1, taoRao(TAO), { limitPrice: limitPrice / 2n, allowPartial: false }))).toBe('PriceLimitExceeded');
    expect(refusal(w, () => addStake(w, 'alice', V0, 1, taoRao(500n * TAO), { limitPrice: limitPrice + 1n, allowPartial: false }))).toBe('SlippageTooHigh');
    w.subnets[0]!.subtokenEnabled = false;
    expect(refusal(w, () => addStake(w, 'alice', V0, 1, taoRao(TAO)))).toBe('SubtokenDisabled');
  });

  it('a partial fill at a limit stakes what the limit allows and leaves the rest free', () => {
    const w = world();
    const limitPrice = ((currentPrice(w.subnets[0]!.pool) * TAO) >> 64n) + 1_000_000n;
    const free = w.ledger.freeBalance('alice');
    const r = addStake(w, 'alice', V0, 1, taoRao(500n * TAO), { limitPrice, allowPartial: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.tao).toBeLessThan(500n * TAO);
    expect(r.tao).toBeGreaterThan(0n);
    expect(w.ledger.freeBalance('alice')).toBe(free - r.tao);
    expect((currentPrice(w.subnets[0]!.pool) * TAO) >> 64n).toBeLessThanOrEqual(limitPrice);
  });
});

describe('remove_stake / remove_stake_limit', () => {
  it('refuses in the chain order, each with the chain error', () => {
    const w = world();
    const held = w.ledger.stake(V0, 'alice', 1);
    expect(refusal(w, () => removeStake(w, 'alice', V0, 99, alphaRao(TAO)))).toBe('SubtokenDisabled'); // before the existence check
    expect(refusal(w, () => removeStake(w, 'alice', V0, 99, alphaRao(TAO), { limitPrice: 0n, allowPartial: true }))).toBe('SubnetNotExists');
    expect(refusal(w, () => removeStake(w, 'bob', V0, 1, alphaRao(TAO)))).toBe('AmountTooLow'); // holds nothing: capped to 0
    // a partial exit worth less than DefaultMinStake leaves dust: refused
    expect(refusal(w, () => removeStake(w, 'alice', V0, 1, alphaRao(1_000n)))).toBe('AmountTooLow');
    expect(refusal(w, () => removeStake(w, 'alice', V0, 1, alphaRao(held + 1n), { limitPrice: 0n, allowPartial: false }))).toBe('NotEnoughStakeToWithdraw');
    w.subnets[0]!.subtokenEnabled = false;
    expect(refusal(w, () => removeStake(w, 'alice', V0, 1, alphaRao(TAO)))).toBe('SubtokenDisabled');
  });

  it('caps at the stake held and closes the position, even below the minimum', () => {
    const w = world();
    const held = w.ledger.stake(V0, 'alice', 1);
    const r = removeStake(w, 'alice', V0, 1, alphaRao(held * 2n));
    expect(r.ok).toBe(true);
    expect(w.ledger.stake(V0, 'alice', 1)).toBe(0n);
  });
});

describe('move_stake / swap_stake / transfer_stake', () => {
  it('refuses in the chain order, each with the chain error', () => {
    const w = world();
    const held = w.ledger.stake(V0, 'alice', 1);
    expect(refusal(w, () => moveStake(w, 'alice', { hotkey: V0, netuid: 1 }, { hotkey: V0, netuid: 1 }, held))).toBe('SameNetuid');
    expect(refusal(w, () => swapStake(w, 'alice', V0, 1, 99, held))).toBe('SubnetNotExists');
    expect(refusal(w, () => moveStake(w, 'alice', { hotkey: V0, netuid: 1 }, { hotkey: 'nobody', netuid: 1 }, held))).toBe('HotKeyAccountNotExists');
    expect(refusal(w, () => swapStake(w, 'alice', V0, 1, 2, alphaRao(1_000n)))).toBe('AmountTooLow');
    expect(refusal(w, () => moveStake(w, 'alice', { hotkey: V0, netuid: 1 }, { hotkey: validatorHotkey(1), netuid: 1 }, alphaRao(1_000n)))).toBe('AmountTooLow');
    w.subnets[1]!.subtokenEnabled = false;
    expect(refusal(w, () => swapStake(w, 'alice', V0, 1, 2, held))).toBe('SubtokenDisabled');
  });

  it('moves within a subnet without a swap, and across subnets through the pools', () => {
    const w = world();
    const held = w.ledger.stake(V0, 'alice', 1);
    const pool = w.subnets[0]!.pool;
    expect(moveStake(w, 'alice', { hotkey: V0, netuid: 1 }, { hotkey: validatorHotkey(1), netuid: 1 }, alphaRao(held / 2n)).ok).toBe(true);
    expect(w.subnets[0]!.pool).toBe(pool);
    expect(w.ledger.stake(validatorHotkey(1), 'alice', 1)).toBe(held / 2n);
    const t = transferStake(w, 'alice', 'carol', V0, 1, 2, alphaRao(held - held / 2n));
    expect(t.ok).toBe(true);
    expect(w.ledger.stake(V0, 'alice', 1)).toBe(0n);
    expect(w.ledger.stake(V0, 'carol', 2)).toBeGreaterThan(0n);
  });
});

describe('set_weights', () => {
  it('refuses in the chain order, each with the chain error, and stores a valid row', () => {
    const w = world();
    const s = w.subnets[0]!;
    const m = s.metagraph;
    const v0 = m.uid(V0)!;
    const miner = m.hotkeys.findIndex((h) => h.startsWith('miner-'));
    expect(refusal(w, () => setWeights(w, V0, 0, [1], [1], 10))).toBe('CanNotSetRootNetworkWeights');
    expect(refusal(w, () => setWeights(w, V0, 1, [1, 2], [1], 10))).toBe('WeightVecNotEqualSize');
    expect(refusal(w, () => setWeights(w, V0, 99, [1], [1], 10))).toBe('MechanismDoesNotExist');
    expect(refusal(w, () => setWeights(w, V0, 1, Array.from({ length: m.n + 1 }, (_, i) => i), Array.from({ length: m.n + 1 }, () => 1), 10))).toBe('UidsLengthExceedUidsInSubNet');
    expect(refusal(w, () => setWeights(w, 'nobody', 1, [1], [1], 10))).toBe('HotKeyNotRegisteredInSubNet');
    expect(refusal(w, () => setWeights(w, m.hotkeys[miner]!, 1, [1, 2], [1, 1], 10))).toBe('NeuronNoValidatorPermit');
    expect(refusal(w, () => setWeights(w, V0, 1, [1, 1], [1, 1], 10))).toBe('DuplicateUids');
    expect(refusal(w, () => setWeights(w, V0, 1, [1, 999], [1, 1], 10))).toBe('UidVecContainInvalidOne');
    s.params = { ...s.params, min_allowed_weights: 3 };
    expect(refusal(w, () => setWeights(w, V0, 1, [1, 2], [1, 1], 10))).toBe('WeightVecLengthIsLow');
    // a miner may always weight itself alone
    expect(setWeights(w, m.hotkeys[miner]!, 1, [miner], [7], 11).ok).toBe(true);
    const ok = setWeights(w, V0, 1, [1, 2, 3], [100, 50, 0], 12);
    expect(ok).toEqual({ ok: true, uid: v0 });
    expect(Array.from(s.weights[v0]!.v)).toEqual([65535, 32768, 0]); // max-upscaled as the chain stores it
    expect(m.lastUpdate[v0]).toBe(12);
    // LastUpdate 0 (never) passes a rate limit; 12 blocks after the last set does not
    expect(refusal(w, () => setWeights(w, V0, 1, [1, 2, 3], [1, 1, 1], 24, { rateLimit: 100 }))).toBe('SettingWeightsTooFast');
    expect(setWeights(w, V0, 1, [1, 2, 3], [1, 1, 1], 112, { rateLimit: 100 }).ok).toBe(true);
  });
});

describe('weights_rate_limit in a run', () => {
  it('the built-in validators are refused SettingWeightsTooFast within the limit, and set again after it', () => {
    const raw = smallScenario({ epochs: 4 });
    (raw.subnet_defaults as { params: Record<string, unknown> }).params.weights_rate_limit = 60;
    const { w, sc } = worldFrom(raw);
    const byEpoch = [...run(w, sc, { check: true })].map((r) => r.events.filter((e) => e.result === 'SettingWeightsTooFast').length);
    // epoch 0: LastUpdate is the start block 0 (never), so it passes; epoch 1 (36 blocks on): too fast;
    // epoch 2 (72 on): allowed again; epoch 3: too fast
    expect(byEpoch[0]).toBe(0);
    expect(byEpoch[1]).toBeGreaterThan(0);
    expect(byEpoch[2]).toBe(0);
    expect(byEpoch[3]).toBe(byEpoch[1]);
  });
});
