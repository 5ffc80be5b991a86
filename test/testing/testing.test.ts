/** taosim/testing: its arbitraries make scenarios that load and run, and its commands hold the invariants. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/api/index.js';
import { actionsArb, economyCommands, runEconomyCommands, scenarioArb } from '../../src/testing/index.js';

describe('taosim/testing', () => {
  it('generated scenarios load, run and keep every invariant with generated actions between steps', () => {
    let refused = 0;
    let done = 0;
    fc.assert(
      fc.property(scenarioArb({ epochs: 4 }), actionsArb({ maxLength: 6 }), (doc, actions) => {
        const sim = Simulation.load(doc);
        for (const rec of sim.steps({ check: true })) {
          if (rec.epoch === 1) for (const a of actions) if (sim.act(a).ok === false) refused++; else done++;
          expect(sim.checkInvariants()).toEqual({ ok: true });
        }
      }),
      { numRuns: 15, seed: 15 },
    );
    // the arbitraries reach both sides of the chain's checks
    expect(done).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  it('model-based commands (stake, unstake, move, register, advance) keep the invariants', () => {
    fc.assert(
      fc.property(scenarioArb({ maxSubnets: 2 }), fc.commands(economyCommands({ maxSubnets: 2 }), { maxCommands: 15 }), (doc, cmds) => {
        runEconomyCommands(Simulation.load(doc), cmds);
      }),
      { numRuns: 15, seed: 7 },
    );
  });

  it('a command that breaks a rule fails the run (the check can fail)', () => {
    const sim = Simulation.load(fc.sample(scenarioArb(), { numRuns: 1, seed: 1 })[0]!);
    const bad = { check: () => true, run: () => sim.act({ kind: 'add_stake', coldkey: 'x', hotkey: 'validator-0', netuid: 1, amount: 0n as never }) && sim.advance(-1), toString: () => 'bad' };
    expect(() => runEconomyCommands(sim, [bad])).toThrow(RangeError);
  });
});
