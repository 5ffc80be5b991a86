import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { U64F64, fromF64, fromInt } from '../../../src/core/fixed.js';
import { alphaRao, taoRao } from '../../../src/core/units.js';
import {
  DEFAULT_BURN_INCREASE_MULT,
  DEFAULT_MAX_BURN,
  DEFAULT_MIN_BURN,
  bumpBurn,
  decayBurn,
  decayFactorQ32,
  powQ32,
} from '../../../src/chain/registration/burn.js';
import { lockReductionInterval, medianSubnetAlphaPrice, networkLockCost, networkRegistrationSlot, networkToPrune } from '../../../src/chain/registration/network.js';
import { type Neuron, type PruneParams, immuneOwnerUids, neuronToPrune } from '../../../src/chain/registration/pruning.js';

interface Vector { name: string; inputs: Record<string, unknown>; expected: Record<string, unknown> }
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/ledger-vectors.json', import.meta.url), 'utf8')) as { vectors: Vector[] };
const vector = (name: string): Vector => fixture.vectors.find((v) => v.name === name)!;
const bounds = { minBurn: DEFAULT_MIN_BURN, maxBurn: DEFAULT_MAX_BURN };

describe('golden: test_migrate_network_lock_cost_2500_sets_price_and_decay (migration.rs)', () => {
  const v = vector('test_migrate_network_lock_cost_2500_sets_price_and_decay');
  const inp = v.inputs as { last_lock: string; blocks_since: number[]; lock_reduction_interval: number; block_emission: string; min_lock: string };
  it('2500 TAO right after the migration, 1875 TAO one block later', () => {
    const iEff = lockReductionInterval(BigInt(inp.lock_reduction_interval), BigInt(inp.block_emission));
    expect(iEff).toBe(2n);
    const lastLockBlock = 1_000n;
    const got = inp.blocks_since.map((b) =>
      String(networkLockCost({ lastLock: taoRao(BigInt(inp.last_lock)), minLock: taoRao(BigInt(inp.min_lock)), lastLockBlock, now: lastLockBlock + BigInt(b), reductionInterval: iEff })),
    );
    expect(got).toEqual(v.expected.lock_cost);
  });
});

describe('golden: test_update_registration_prices_for_networks_runs_on_next_block_step (registration.rs)', () => {
  const v = vector('test_update_registration_prices_for_networks_runs_on_next_block_step');
  const inp = v.inputs as { burn: string; half_life: number; min_burn: string; max_burn: string };
  it('decay factor by binary search, then one block of decay', () => {
    expect(String(decayFactorQ32(inp.half_life))).toBe(v.expected.derived_decay_factor_q32);
    const next = decayBurn(taoRao(BigInt(inp.burn)), inp.half_life, 2n, { minBurn: taoRao(BigInt(inp.min_burn)), maxBurn: taoRao(BigInt(inp.max_burn)) });
    expect(String(next)).toBe(v.expected.burn_next_block);
  });
});

describe('neuron burn (§8.2)', () => {
  it('spec values: half-life 360 gives f = 4286705684; 1 TAO bumps to exactly 1.26 TAO', () => {
    expect(decayFactorQ32(360)).toBe(4_286_705_684n);
    expect(bumpBurn(taoRao(1_000_000_000n), DEFAULT_BURN_INCREASE_MULT, bounds)).toBe(1_260_000_000n);
    expect(decayBurn(taoRao(1_000n), 360, 1n, { minBurn: taoRao(0n), maxBurn: taoRao(10_000n) })).toBe(1_000n);
  });

  it('f is the largest Q32 value whose floored power stays ≤ 1/2', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 36_100 }), (h) => {
        const f = decayFactorQ32(h);
        expect(powQ32(f, h)).toBeLessThanOrEqual(1n << 31n);
        expect(powQ32(f + 1n, h)).toBeGreaterThan(1n << 31n);
      }),
      { numRuns: 40 },
    );
  });

  it('§10.18: bounds hold, decay never raises, a bump never lowers', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 200_000_000_000n }),
        fc.integer({ min: 0, max: 36_100 }),
        fc.double({ min: 0.5, max: 3, noNaN: true }),
        (burn, h, m) => {
          const b = decayBurn(taoRao(burn), h, 10n, bounds);
          expect(b).toBeGreaterThanOrEqual(bounds.minBurn);
          expect(b).toBeLessThanOrEqual(bounds.maxBurn);
          const clamped = burn < bounds.minBurn ? bounds.minBurn : burn > bounds.maxBurn ? bounds.maxBurn : burn;
          expect(b).toBeLessThanOrEqual(clamped);
          const bumped = bumpBurn(b, fromF64(U64F64, m), bounds);
          expect(bumped).toBeGreaterThanOrEqual(b);
          expect(bumped).toBeLessThanOrEqual(bounds.maxBurn);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('subnet lock cost (§8.1)', () => {
  it('§10.17: ≥ min lock, non-increasing between registrations, 2×last right after one', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10_000_000_000_000n }),
        fc.bigInt({ min: 1n, max: 100_000n }),
        fc.bigInt({ min: 1n, max: 1_000_000n }),
        fc.bigInt({ min: 0n, max: 200_000n }),
        (lastLock, interval, start, dt) => {
          const base = { lastLock: taoRao(lastLock), minLock: taoRao(1_000_000_000_000n), lastLockBlock: start, reductionInterval: interval };
          const c0 = networkLockCost({ ...base, now: start });
          const c1 = networkLockCost({ ...base, now: start + dt });
          const c2 = networkLockCost({ ...base, now: start + dt + 1n });
          expect(c1).toBeGreaterThanOrEqual(base.minLock);
          expect(c2).toBeLessThanOrEqual(c1);
          expect(c0).toBe(2n * lastLock > base.minLock ? 2n * lastLock : base.minLock);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('never registered: mult 1; a halving doubles the decay speed', () => {
    expect(networkLockCost({ lastLock: taoRao(5n), minLock: taoRao(1n), lastLockBlock: 0n, now: 0n, reductionInterval: 10n })).toBe(5n);
    expect(lockReductionInterval(57_600n, 500_000_000n)).toBe(28_800n);
  });
});

describe('subnet limit and pruning (§8.4)', () => {
  const subnets = [
    { netuid: 0, registeredAt: 0n, movingPrice: 0n },
    { netuid: 1, registeredAt: 10n, movingPrice: fromF64(U64F64, 0.02) },
    { netuid: 2, registeredAt: 5n, movingPrice: fromF64(U64F64, 0.01) },
    { netuid: 3, registeredAt: 1n, movingPrice: fromF64(U64F64, 0.01) },
    { netuid: 4, registeredAt: 900n, movingPrice: 0n },
  ];
  it('lowest EMA price among non-immune subnets, ties to the earliest registration, root never', () => {
    expect(networkToPrune(subnets, 1_000n, 500n)).toBe(3);
    expect(networkToPrune(subnets, 1_000n, 2_000n)).toBeUndefined();
    expect(networkToPrune(subnets, 2_000n, 500n)).toBe(4);
  });
  it('a free slot below the limit, else prune or SubnetLimitReached', () => {
    expect(networkRegistrationSlot(subnets, 5, 1_000n, 500n)).toEqual({ ok: true, prune: undefined });
    expect(networkRegistrationSlot(subnets, 4, 1_000n, 500n)).toEqual({ ok: true, prune: 3 });
    expect(networkRegistrationSlot(subnets, 4, 1_000n, 2_000n)).toEqual({ ok: false, error: 'SubnetLimitReached' });
  });
  it('median spot price: odd, even, none', () => {
    const p = (x: number): bigint => fromF64(U64F64, x);
    expect(medianSubnetAlphaPrice([p(0.3), p(0.1), 0n, p(0.2)])).toBe(p(0.2));
    expect(medianSubnetAlphaPrice([p(0.5), p(0.25)])).toBe(p(0.375));
    expect(medianSubnetAlphaPrice([0n])).toBe(fromInt(U64F64, 1n));
  });
});

describe('neuron pruning (§8.3)', () => {
  const params: PruneParams = { now: 10_000n, immunityPeriod: 5000, subnetOwner: 'own', subnetOwnerHotkey: 'ownhk', immuneOwnerUidsLimit: 1, minNonImmuneUids: 2 };
  const n = (uid: number, emission: bigint, registeredAt: bigint, owner = `c${uid}`, hotkey = `h${uid}`): Neuron => ({
    uid,
    hotkey,
    owner,
    emission: alphaRao(emission),
    registeredAt,
  });
  it('the owner hotkey is immortal; lowest emission, then earliest, then lowest uid', () => {
    const ns = [n(0, 0n, 0n, 'own', 'ownhk'), n(1, 5n, 100n), n(2, 3n, 200n), n(3, 3n, 150n), n(4, 9n, 100n)];
    expect(immuneOwnerUids(ns, params)).toEqual([{ uid: 0, hotkey: 'ownhk' }]);
    expect(neuronToPrune(ns, params)).toBe(3);
  });
  it('too few non-immune uids: the best immune one goes; none at all ⇒ undefined', () => {
    const ns = [n(0, 0n, 0n, 'own', 'ownhk'), n(1, 5n, 100n), n(2, 1n, 9_000n), n(3, 2n, 9_500n)];
    expect(neuronToPrune(ns, params)).toBe(2);
    expect(neuronToPrune([n(0, 0n, 0n, 'own', 'ownhk'), n(1, 5n, 100n)], params)).toBeUndefined();
  });
  it('an older owner-coldkey hotkey is displaced by the owner hotkey at limit 1', () => {
    const ns = [n(0, 0n, 0n, 'own', 'other'), n(1, 0n, 50n, 'own', 'ownhk'), n(2, 1n, 0n), n(3, 1n, 0n), n(4, 1n, 0n)];
    expect(immuneOwnerUids(ns, params)).toEqual([{ uid: 1, hotkey: 'ownhk' }]);
    expect(neuronToPrune(ns, params)).toBe(0);
  });
});
