/**
 * Any sequence of extrinsics, refused ones included, keeps every invariant: random stakes,
 * unstakes (with and without limits), moves, swaps, transfers and weight sets on existing and
 * missing subnets, known and unknown hotkeys, dust and huge amounts, between coinbase steps.
 * The refusals and successes are counted, so the property cannot pass on one kind alone.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/agents/actions.js';
import { alphaRao, taoRao } from '../../src/core/units.js';
import { applyAction } from '../../src/sim/actions.js';
import { stepBlocks } from '../../src/sim/engine.js';
import { checkInvariants } from '../../src/sim/invariants.js';
import { validatorHotkey } from '../../src/sim/world.js';
import { smallScenario, worldFrom } from '../helpers/world.js';

const coldkey = fc.oneof({ weight: 4, arbitrary: fc.constant('shrimp') }, { weight: 1, arbitrary: fc.constantFrom('whale', 'validator-ck-0') });
// mostly what can succeed, sometimes what cannot
const hotkey = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(validatorHotkey(0), validatorHotkey(1)) }, { weight: 1, arbitrary: fc.constantFrom(validatorHotkey(2), 'miner-1-0', 'nobody') });
const netuid = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(1, 2) }, { weight: 1, arbitrary: fc.constantFrom(0, 7) });
const rao = fc.oneof(
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 3_000_000n }) },
  { weight: 6, arbitrary: fc.bigInt({ min: 1_000_000_000n, max: 2_000_000_000_000n }) },
  { weight: 1, arbitrary: fc.constant(10n ** 18n) },
);
const limit = fc.option(fc.record({ limitPrice: fc.bigInt({ min: 0n, max: 2_000_000_000n }), allowPartial: fc.boolean() }), { nil: undefined, freq: 4 });

const action: fc.Arbitrary<Action | 'step'> = fc.oneof(
  fc.record({ kind: fc.constant('add_stake' as const), coldkey, hotkey, netuid, amount: rao.map(taoRao), limit, fromOutside: fc.boolean() }),
  fc.record({ kind: fc.constant('remove_stake' as const), coldkey, hotkey, netuid, amount: rao.map(alphaRao), limit }),
  fc.record({ kind: fc.constant('move_stake' as const), coldkey, from: fc.record({ hotkey, netuid }), to: fc.record({ hotkey, netuid }), amount: rao.map(alphaRao) }),
  fc.record({ kind: fc.constant('swap_stake' as const), coldkey, hotkey, from: netuid, to: netuid, amount: rao.map(alphaRao) }),
  fc.record({ kind: fc.constant('transfer_stake' as const), coldkey, destinationColdkey: coldkey, hotkey, from: netuid, to: netuid, amount: rao.map(alphaRao) }),
  fc.record({ kind: fc.constant('set_weights' as const), hotkey, netuid, uids: fc.array(fc.integer({ min: -1, max: 12 }), { maxLength: 6 }), values: fc.array(fc.integer({ min: 0, max: 65535 }), { maxLength: 6 }) }),
  fc.constant('step' as const),
);

describe('any sequence of extrinsics', () => {
  it('keeps every invariant, refused or not', () => {
    const seen = { ok: 0, refused: 0 };
    fc.assert(
      fc.property(fc.array(action, { minLength: 5, maxLength: 30 }), (actions) => {
        const { w } = worldFrom(smallScenario());
        // some TAO in hand, so that staking from the free balance can succeed too
        w.outside = taoRao(w.outside - 2_000_000_000_000n);
        w.ledger.creditFree('shrimp', taoRao(2_000_000_000_000n));
        for (const a of actions) {
          if (a === 'step') stepBlocks(w, 5);
          else {
            for (const e of applyAction(w, a)) seen[e.result === 'ok' ? 'ok' : 'refused'] += 1;
          }
          checkInvariants(w);
        }
      }),
      { numRuns: 150, seed: 7 },
    );
    expect(seen.ok).toBeGreaterThan(100);
    expect(seen.refused).toBeGreaterThan(100);
  });
});
