/**
 * Model-based test of the economy (fast-check `fc.commands`, one class per command): stake,
 * unstake, move stake (within and across subnets), advance blocks; after every command every invariant
 * of economics.md §10 holds (TAO conserved to the rao, alpha accounted per subnet, no negative
 * reserve, share pools consistent), and the model predicts which actions succeed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { taoRao, alphaRao } from '../../src/core/units.js';
import { moveStake, stake, unstake } from '../../src/sim/actions.js';
import { stepBlocks } from '../../src/sim/engine.js';
import { checkInvariants } from '../../src/sim/invariants.js';
import { run } from '../../src/sim/run.js';
import { validatorHotkey, type World } from '../../src/sim/world.js';
import { smallScenario, worldFrom } from '../helpers/world.js';

interface Model {
  /** Coldkeys the model knows to hold stake, by netuid. */
  holders: Map<number, Set<string>>;
}
type Real = { w: World };
const COLDKEYS = ['whale', 'shrimp', 'fund'];

class StakeCmd implements fc.Command<Model, Real> {
  constructor(readonly who: string, readonly netuid: number, readonly validator: number, readonly tao: bigint) {}
  check = () => true;
  run(m: Model, r: Real): void {
    const outsideBefore = r.w.outside;
    const e = stake(r.w, this.who, validatorHotkey(this.validator), this.netuid, taoRao(this.tao));
    if (this.tao <= outsideBefore && this.tao >= 2_100_000n) expect(e.result).toBe('ok');
    if (e.result === 'ok') {
      expect(e.amountOut > 0n).toBe(true);
      m.holders.get(this.netuid)!.add(this.who);
    }
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
    const freeBefore = r.w.ledger.freeBalance(this.who);
    const e = unstake(r.w, this.who, hk, this.netuid, alphaRao(amount));
    if (amount > held) expect(e.result).toBe('NotEnoughStakeToWithdraw');
    if (e.result === 'ok') {
      expect(r.w.ledger.freeBalance(this.who)).toBe(freeBefore + e.amountOut);
      expect(r.w.ledger.stake(hk, this.who, this.netuid)).toBe(held - amount);
    }
    if (!m.holders.get(this.netuid)!.has(this.who)) expect(held).toBe(0n);
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
    const before = r.w.ledger.stake(validatorHotkey(tv), this.who, tn);
    const e = moveStake(r.w, this.who, { hotkey: validatorHotkey(fv), netuid: fn }, { hotkey: validatorHotkey(tv), netuid: tn }, alphaRao(amount));
    if (amount > held && e.result === 'ok') throw new Error('moved more than held');
    if (e.result === 'ok' && e.amountOut > 0n) {
      m.holders.get(tn)!.add(this.who);
      if (fn === tn && fv !== tv) expect(r.w.ledger.stake(validatorHotkey(tv), this.who, tn)).toBe(before + amount);
    }
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
        const model: Model = { holders: new Map([[1, new Set()], [2, new Set()]]) };
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
