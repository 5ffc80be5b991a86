/** Childkeys set by a scenario: the child gets stake weight and dividends from its parent. */
import { describe, expect, it } from 'vitest';
import { run } from '../../src/sim/run.js';
import { validatorHotkey } from '../../src/sim/world.js';
import { smallScenario, worldFrom } from '../helpers/world.js';

function scenario(children: boolean): Record<string, unknown> {
  const s = smallScenario({ subnets: 1, validators: 3, epochs: 5 }) as { subnet_defaults: { population: Record<string, unknown> } };
  if (children) {
    s.subnet_defaults.population.children = [{ parent: 0, child: 2, proportion: '0.5' }];
    s.subnet_defaults.population.childkey_take = 5000;
  }
  return s;
}

describe('childkeys from the scenario', () => {
  it('a child inherits half its parent’s stake weight, earns more, and the economy still balances', () => {
    const withKids = worldFrom(scenario(true));
    const without = worldFrom(scenario(false));
    const child = validatorHotkey(2);
    expect(withKids.w.ledger.inheritedAlpha(child, 1) > without.w.ledger.inheritedAlpha(child, 1)).toBe(true);
    expect(withKids.w.ledger.childkeyTake(child, 1)).toBe(5000);
    for (const rec of run(withKids.w, withKids.sc, { check: true })) void rec;
    for (const rec of run(without.w, without.sc, { check: true })) void rec;
    expect(withKids.w.ledger.totalHotkeyAlpha(child, 1) > without.w.ledger.totalHotkeyAlpha(child, 1)).toBe(true);
  });
});
