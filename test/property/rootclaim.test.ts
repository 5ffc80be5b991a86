/** Automatic root claims (Swap): root dividends are sold into the subnet pools for root TAO. */
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/sim/invariants.js';
import { run } from '../../src/sim/run.js';
import { smallScenario, worldFrom } from '../helpers/world.js';

/** Two subnets whose moving prices sum above 1, so root alpha is paid (the root-sell flag). */
function scenario(claims: number): Record<string, unknown> {
  const s = smallScenario({ epochs: 6 }) as { network: Record<string, unknown>; initial: { subnets: Record<string, unknown>[] } };
  s.network.root_claims_per_block = claims;
  s.initial.subnets[0]!.moving_price = '0.6';
  s.initial.subnets[1]!.moving_price = '0.7';
  return s;
}

const finalState = (claims: number) => {
  const { sc, w } = worldFrom(scenario(claims));
  const rootBefore = w.rootPool.taoReserve;
  for (const rec of run(w, sc, { check: true })) void rec;
  checkInvariants(w);
  return { w, rootBefore };
};

describe('automatic root claims', () => {
  it('move TAO from the subnet pools to root, and leave less root alpha unclaimed', () => {
    const on = finalState(5);
    const off = finalState(0);
    expect(off.w.rootPool.taoReserve).toBe(off.rootBefore);
    expect(on.w.rootPool.taoReserve > on.rootBefore).toBe(true);
    const unclaimed = (x: typeof on) => x.w.subnets.reduce((a, s) => a + x.w.ledger.unclaimedRootAlpha(s.netuid), 0n);
    expect(unclaimed(off) > 0n).toBe(true);
    expect(unclaimed(on) < unclaimed(off)).toBe(true);
    // selling root alpha lowers the subnets' prices relative to no claims
    const spot = (x: typeof on, i: number) => Number(x.w.subnets[i]!.pool.taoReserve) / Number(x.w.subnets[i]!.pool.alphaReserve);
    expect(spot(on, 0)).toBeLessThan(spot(off, 0));
  });
});
