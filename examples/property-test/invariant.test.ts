/**
 * A property of the economy tested on taosim from outside it: for any small scenario and any
 * sequence of stakes, unstakes, moves and registrations acted at epoch 0, the extrinsics created
 * no TAO (the issuance is unchanged by them), the issuance never fell over 20 epochs, and every
 * invariant held at every block step (conservation of TAO and alpha to the rao among them).
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { Simulation, type TaoRao } from 'taosim';
import { actionsArb, scenarioArb } from 'taosim/testing';

const RUNS = Number(process.env.RUNS ?? 100);

it(`no sequence of extrinsics creates TAO (${RUNS} scenarios × 20 epochs)`, () => {
  let refused = 0;
  fc.assert(
    fc.property(scenarioArb({ epochs: 20 }), actionsArb({ maxLength: 10 }), (doc, actions) => {
      const sim = Simulation.load(doc);
      let issuance: TaoRao = sim.view.issuance;
      for (const step of sim.steps({ check: true })) {
        expect(sim.view.issuance >= issuance).toBe(true);
        issuance = sim.view.issuance;
        if (step.epoch === 0) {
          for (const a of actions) {
            const r = sim.act(a);
            if (!r.ok) refused++;
          }
          expect(sim.view.issuance).toBe(issuance);
        }
      }
      expect(sim.checkInvariants()).toEqual({ ok: true });
    }),
    { numRuns: RUNS, seed: 42 },
  );
  expect(refused).toBeGreaterThan(0);
}, 300_000);
