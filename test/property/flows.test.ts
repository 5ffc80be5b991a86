/** The flow share rules see user stakes and (net-taoflow) the protocol's own injections. */
import { describe, expect, it } from 'vitest';
import { taoRao } from '../../src/core/units.js';
import { applyAction } from '../../src/sim/actions.js';
import { stepBlocks } from '../../src/sim/engine.js';
import { checkInvariants } from '../../src/sim/invariants.js';
import { validatorHotkey } from '../../src/sim/world.js';
import { smallScenario, worldFrom } from '../helpers/world.js';

const shareAfter = (rule: string, whale: boolean, step: number): bigint => {
  const { w } = worldFrom(smallScenario({ rule }));
  if (whale) expect(applyAction(w, { kind: 'add_stake', coldkey: 'whale', hotkey: validatorHotkey(0), netuid: 2, amount: taoRao(50_000_000_000_000n), fromOutside: true })[0]?.result).toBe('ok');
  for (let b = 0; b < 360; b += step) {
    stepBlocks(w, step);
    checkInvariants(w);
  }
  return w.meters.get(w.subnets[1]!.netuid)!.flows.share;
};

describe('flow rules', () => {
  for (const rule of ['taoflow', 'net-taoflow']) {
    it(`${rule}: a large stake into a subnet raises its share of emission`, () => {
      expect(shareAfter(rule, true, 1)).toBeGreaterThan(shareAfter(rule, false, 1));
    });
  }
  it('with no flow at all nothing is emitted (all of E is recycled); injections then feed the protocol flow EMA', () => {
    const { w } = worldFrom(smallScenario({ rule: 'taoflow' }));
    const issuance = w.issuance;
    for (let b = 0; b < 10; b++) stepBlocks(w, 1);
    expect(w.issuance).toBe(issuance);
    expect(w.subnets.every((s) => s.protocolFlowEma === 0n)).toBe(true);
    expect(applyAction(w, { kind: 'add_stake', coldkey: 'whale', hotkey: validatorHotkey(0), netuid: 2, amount: taoRao(5_000_000_000_000n), fromOutside: true })[0]?.result).toBe('ok');
    for (let b = 0; b < 10; b++) stepBlocks(w, 1);
    expect(w.subnets[1]!.protocolFlowEma > 0n).toBe(true);
    expect(w.subnets[0]!.protocolFlowEma).toBe(0n);
  });
  it('aggregated steps follow the exact flow EMA closely', () => {
    const exact = Number(shareAfter('net-taoflow', true, 1));
    const agg = Number(shareAfter('net-taoflow', true, 36));
    expect(Math.abs(agg - exact) / exact).toBeLessThan(0.01);
  });
});
