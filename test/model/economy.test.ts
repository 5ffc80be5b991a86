/**
 * Model-based test of the economy (fast-check `fc.commands`, one class per command): stake,
 * unstake, move stake (within and across subnets), advance blocks; after every command every invariant
 * of economics.md §10 holds (TAO conserved to the rao, alpha accounted per subnet, no negative
 * reserve, share pools consistent), and the model predicts which actions succeed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { taoRao, alphaRao } from '../../src/core/units.js';
import type { Action } from '../../src/agents/actions.js';
import { currentPrice, DEFAULT_MIN_STAKE } from '../../src/chain/swap/index.js';
import { applyAction } from '../../src/sim/actions.js';
import { stepBlocks } from '../../src/sim/engine.js';
import { checkInvariants } from '../../src/sim/invariants.js';
import { run } from '../../src/sim/run.js';
import { validatorHotkey, type World } from '../../src/sim/world.js';
import { smallScenario, worldFrom } from '../helpers/world.js';

interface Model {
  /** Coldkeys the model knows to hold stake, by netuid. */
  holders: Map<number, Set<string>>;
  /** TAO outside the model: only a successful stake takes from it. */
  outside: bigint;
}
type Real = { w: World };
const COLDKEYS = ['whale', 'shrimp', 'fund'];
const MIN = DEFAULT_MIN_STAKE;
const worth = (w: World, netuid: number, alpha: bigint) => (alpha * currentPrice(w.subnets.find((s) => s.netuid === netuid)!.pool)) >> 64n;
const apply = (w: World, a: Action) => applyAction(w, a)[0]!;
/** What a refused action must leave as it was. */
const snapshot = (w: World, who: string) => ({ outside: w.outside, free: w.ledger.freeBalance(who), issuance: w.issuance, pools: w.subnets.map((s) => s.pool) });

class StakeCmd implements fc.Command<Model, Real> {
  constructor(readonly who: string, readonly netuid: number, readonly validator: number, readonly tao: bigint) {}
  check = () => true;
  run(m: Model, r: Real): void {
    const before = snapshot(r.w, this.who);
    const e = apply(r.w, { kind: 'add_stake', coldkey: this.who, hotkey: validatorHotkey(this.validator), netuid: this.netuid, amount: taoRao(this.tao), fromOutside: true });
    // the model: outside TAO first, then the chain's minimum (DefaultMinStake + its fee, ≈ 1e3 rao)
    if (this.tao > m.outside) expect(e.result).toBe('NotEnoughBalanceToStake');
    else if (this.tao < MIN) expect(e.result).toBe('AmountTooLow');
    else if (this.tao >= MIN + 10_000n) expect(e.result).toBe('ok');
    if (e.result === 'ok') {
      expect(e.amountOut > 0n).toBe(true);
      m.holders.get(this.netuid)!.add(this.who);
      m.outside -= this.tao;
    } else expect(snapshot(r.w, this.who)).toEqual(before);
    expect(r.w.outside).toBe(m.outside);
    checkInvariants(r.w);
  }
  toString = () => `stake(${this.who}, sn${this.netuid}, v${this.validator}, ${this.tao})`;
}

class UnstakeCmd implements fc.Command<Model, Real> {
  constructor(readonly who: string, readonly netuid: number, readonly validator: number, readonly fraction: number) {}
  check = () => true;
  run(m: Model, r: Real): void {
    const hk = validatorHotkey(this.validator);
    const held = r.w.ledger.stake(hk, this.who, this.netuid);
    const amount = (held * BigInt(Math.round(this.fraction * 1000))) / 1000n;
    const sold = amount < held ? amount : held; // remove_stake caps at the stake held
    const before = snapshot(r.w, this.who);
    const e = apply(r.w, { kind: 'remove_stake', coldkey: this.who, hotkey: hk, netuid: this.netuid, amount: alphaRao(amount) });
    if (!m.holders.get(this.netuid)!.has(this.who)) expect(held).toBe(0n);
    if (sold === 0n) expect(e.result).toBe('AmountTooLow');
    else if (sold === held) expect(e.result).toBe('ok'); // a full exit skips the minimum
    else if (worth(r.w, this.netuid, sold) > 2n * MIN) expect(e.result).toBe('ok');
    if (e.result === 'ok') {
      expect(r.w.ledger.freeBalance(this.who)).toBe(before.free + e.amountOut);
      expect(r.w.ledger.stake(hk, this.who, this.netuid)).toBe(held - sold);
    } else expect(snapshot(r.w, this.who)).toEqual(before);
    checkInvariants(r.w);
  }
  toString = () => `unstake(${this.who}, sn${this.netuid}, v${this.validator}, ${this.fraction})`;
}

class MoveCmd implements fc.Command<Model, Real> {
  constructor(readonly who: string, readonly from: [number, number], readonly to: [number, number], readonly fraction: number) {}
  check = () => true;
  run(m: Model, r: Real): void {
    const [fn, fv] = this.from;
    const [tn, tv] = this.to;
    const held = r.w.ledger.stake(validatorHotkey(fv), this.who, fn);
    const amount = (held * BigInt(Math.round(this.fraction * 1000))) / 1000n;
    const moved = amount < held ? amount : held;
    const before = r.w.ledger.stake(validatorHotkey(tv), this.who, tn);
    const value = worth(r.w, fn, moved);
    const e = apply(r.w, { kind: 'move_stake', coldkey: this.who, from: { hotkey: validatorHotkey(fv), netuid: fn }, to: { hotkey: validatorHotkey(tv), netuid: tn }, amount: alphaRao(amount) });
    if (fn === tn && fv === tv) expect(e.result).toBe('SameNetuid');
    else if (fn === tn) {
      expect(e.result).toBe(value >= MIN ? 'ok' : 'AmountTooLow');
      if (e.result === 'ok') expect(r.w.ledger.stake(validatorHotkey(tv), this.who, tn)).toBe(before + moved);
    } else if (value <= MIN) expect(e.result).toBe('AmountTooLow');
    else if (value > 2n * MIN) expect(e.result).toBe('ok');
    if (e.result === 'ok' && e.amountOut > 0n) m.holders.get(tn)!.add(this.who);
    checkInvariants(r.w);
  }
  toString = () => `move(${this.who}, sn${this.from[0]}/v${this.from[1]} → sn${this.to[0]}/v${this.to[1]}, ${this.fraction})`;
}

class AdvanceCmd implements fc.Command<Model, Real> {
  constructor(readonly blocks: number, readonly step: number) {}
  check = () => true;
  run(_m: Model, r: Real): void {
    const issuance = r.w.issuance;
    const b = r.w.block;
    for (let done = 0; done < this.blocks; ) {
      const k = Math.min(this.step, this.blocks - done);
      stepBlocks(r.w, k);
      done += k;
      checkInvariants(r.w);
    }
    expect(r.w.block).toBe(b + this.blocks);
    expect(r.w.issuance >= issuance).toBe(true);
  }
  toString = () => `advance(${this.blocks} by ${this.step})`;
}

describe('model-based: the economy under random actions', () => {
  it('keeps every invariant and the predicted outcomes', () => {
    const cmds = [
      fc.tuple(fc.constantFrom(...COLDKEYS), fc.integer({ min: 1, max: 2 }), fc.nat({ max: 2 }), fc.bigInt({ min: 0n, max: 5_000_000_000_000n })).map(([c, n, v, a]) => new StakeCmd(c, n, v, a)),
      fc.tuple(fc.constantFrom(...COLDKEYS), fc.integer({ min: 1, max: 2 }), fc.nat({ max: 2 }), fc.double({ min: 0, max: 1.2, noNaN: true })).map(([c, n, v, f]) => new UnstakeCmd(c, n, v, f)),
      fc.tuple(fc.constantFrom(...COLDKEYS), fc.tuple(fc.integer({ min: 1, max: 2 }), fc.nat({ max: 2 })), fc.tuple(fc.integer({ min: 1, max: 2 }), fc.nat({ max: 2 })), fc.double({ min: 0, max: 1.1, noNaN: true })).map(([c, f, t, x]) => new MoveCmd(c, f, t, x)),
      fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 12 })).map(([b, s]) => new AdvanceCmd(b, s)),
    ];
    fc.assert(
      fc.property(fc.commands(cmds, { maxCommands: 25 }), (commands) => {
        const { w } = worldFrom(smallScenario());
        const model: Model = { holders: new Map([[1, new Set()], [2, new Set()]]), outside: w.outside };
        fc.modelRun(() => ({ model, real: { w } }), commands);
      }),
      { numRuns: 40, seed: 11 },
    );
  });

  it('whole runs (weights, epochs, payouts) conserve TAO and alpha at every block, in both bond models and several share rules', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.constantFrom('price-burn-gate', 'price-ema', 'price-burn', 'taoflow', 'net-taoflow'), fc.integer({ min: 1, max: 9 }), (yuma3, rule, step) => {
        const { sc, w } = worldFrom(smallScenario({ yuma3, rule, epochs: 5, blockStep: step }));
        let epochs = 0;
        for (const rec of run(w, sc, { check: true })) {
          epochs++;
          expect(rec.block).toBe(36 * epochs);
        }
        expect(epochs).toBe(5);
        // something was paid: miners and validators hold alpha they did not hold at the start
        const roles = w.population.get(w.subnets[0]!.netuid)!.roles;
        const miners = w.subnets[0]!.metagraph.hotkeys.filter((_, uid) => roles[uid] === 'miner');
        expect(miners.length).toBeGreaterThan(0);
        expect(miners.some((h) => w.ledger.totalHotkeyAlpha(h, 1) > 0n)).toBe(true);
      }),
      { numRuns: 12, seed: 5 },
    );
  });
});
