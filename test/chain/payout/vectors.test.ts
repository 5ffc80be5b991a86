import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { U96F32, fromF64, one, toF64 } from '../../../src/core/fixed.js';
import { I96F32 } from '../../../src/core/fixed.js';
import { alphaRao, U64_MAX } from '../../../src/core/units.js';
import { Ledger, ROOT_NETUID, normalizeU64Ratio } from '../../../src/chain/staking/ledger.js';
import { accountedFor, applyPayout, computePayout, dividendDistribution, type PayoutParams } from '../../../src/chain/payout/distribute.js';
import { applyRootClaimKeep, planRootClaim, rootOwed } from '../../../src/chain/payout/rootClaim.js';

interface Vector { name: string; inputs: Record<string, unknown>; expected: Record<string, unknown>; tolerance: Record<string, unknown> }
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/ledger-vectors.json', import.meta.url), 'utf8')) as { vectors: Vector[] };
const vector = (name: string): Vector => fixture.vectors.find((v) => v.name === name)!;
const absBig = (x: bigint): bigint => (x < 0n ? -x : x);

describe('golden: test_calculate_dividend_distribution_totals (coinbase.rs)', () => {
  const v = vector('test_calculate_dividend_distribution_totals');
  const inp = v.inputs as {
    pending_validator_alpha: string;
    pending_root_alpha: string;
    tao_weight: number;
    stake_map_alpha_root: Record<string, [string, string]>;
    dividends: Record<string, string>;
  };
  const stakeMap = new Map(Object.entries(inp.stake_map_alpha_root).map(([h, [a, r]]) => [h, { alpha: BigInt(a), root: BigInt(r) }]));
  const dividends = new Map(Object.entries(inp.dividends).map(([h, d]) => [h, BigInt(d) << 32n]));
  const { alphaDividends, rootDividends } = dividendDistribution(
    BigInt(inp.pending_validator_alpha),
    BigInt(inp.pending_root_alpha),
    fromF64(U96F32, inp.tao_weight),
    stakeMap,
    dividends,
  );
  const tol = BigInt(v.tolerance.abs_rao as string);

  it('totals are preserved within the test tolerance', () => {
    const sum = (m: Map<string, bigint>): bigint => [...m.values()].reduce((s, x) => s + x, 0n) >> 32n;
    expect(absBig(sum(alphaDividends) - BigInt(v.expected.total_alpha_dividends as string))).toBeLessThanOrEqual(tol);
    expect(absBig(sum(rootDividends) - BigInt(v.expected.total_root_alpha_dividends as string))).toBeLessThanOrEqual(tol);
  });

  it('per-hotkey values match the derived cross-check', () => {
    const dtol = v.tolerance.derived_abs as number;
    for (const [h, want] of Object.entries(v.expected.derived_alpha_dividends as Record<string, number>))
      expect(Math.abs(toF64(U96F32, alphaDividends.get(h)!) - want)).toBeLessThanOrEqual(dtol);
    for (const [h, want] of Object.entries(v.expected.derived_root_alpha_dividends as Record<string, number>))
      expect(Math.abs(toF64(U96F32, rootDividends.get(h)!) - want)).toBeLessThanOrEqual(dtol);
  });
});

describe('golden: test_claim_root_with_drain_emissions (claim_root.rs)', () => {
  const v = vector('test_claim_root_with_drain_emissions');
  const inp = v.inputs as { root_stake: string; validator_alpha: string; pending_root_alpha_per_round: string; delegate_take_u16: number };
  const exp = v.expected as Record<string, string | number>;
  const tol = v.tolerance as Record<string, string | number>;
  const netuid = 1;

  // add_dynamic_network(&hotkey, &owner_coldkey): the hotkey is the subnet owner's hotkey and its only uid.
  const ledger = new Ledger();
  ledger.createHotkey('hotkey', 'owner_coldkey', inp.delegate_take_u16);
  ledger.increaseStakeForHotkeyAndColdkeyOnSubnet('hotkey', 'coldkey', ROOT_NETUID, alphaRao(BigInt(inp.root_stake)));
  ledger.increaseStakeForHotkeyAndColdkeyOnSubnet('hotkey', 'owner_coldkey', netuid, alphaRao(BigInt(inp.validator_alpha)));
  const params: PayoutParams = {
    netuid,
    taoWeight: normalizeU64Ratio(U64_MAX),
    ckBurn: 0n,
    subnetOwner: 'owner_coldkey',
    subnetOwnerHotkey: 'hotkey',
    recycleOrBurn: 'Burn',
    autoStakeDestination: new Map(),
  };
  const R = alphaRao(BigInt(inp.pending_root_alpha_per_round));
  const pending = { server: alphaRao(0n), validator: alphaRao(0n), root: R, ownerCut: alphaRao(0n) };
  // The single-uid epoch on pending total R: half incentive (burned: owner hotkey), half dividend.
  const epoch = [{ hotkey: 'hotkey', incentive: alphaRao(R / 2n), dividend: alphaRao(R - R / 2n) }];

  it('round 1: take to the owner, the rest claimable at rate ≈ 0.41, Keep claim', () => {
    expect(normalizeU64Ratio(U64_MAX)).toBe(one(U96F32));
    const terms = computePayout(ledger, epoch, pending, params);
    expect(accountedFor(terms.accounting)).toBe(terms.accounting.drained);
    expect(String(terms.rootDividends[0]!.take)).toBe(exp.derived_take_round1);
    expect(String(terms.rootDividends[0]!.rest)).toBe(exp.derived_claimable_alpha_round1);
    applyPayout(ledger, terms);
    const validatorStake = ledger.stake('hotkey', 'owner_coldkey', netuid);
    expect(absBig(validatorStake - BigInt(exp.validator_owner_stake_after_round1_approx as string))).toBeLessThanOrEqual(BigInt(tol.validator_stake_abs as string));
    const rate = toF64(I96F32, ledger.rootClaimableRate('hotkey', netuid));
    expect(Math.abs(rate - (exp.claimable_rate_round1_approx as number))).toBeLessThanOrEqual(tol.rate_abs as number);
    expect(Math.abs(rate - (exp.derived_rate_round1 as number))).toBeLessThan(1e-9);

    const step = planRootClaim(ledger, 'hotkey', 'coldkey', netuid, { kind: 'Keep' });
    expect(step.kind).toBe('keep');
    if (step.kind !== 'keep') return;
    expect(String(step.owed)).toBe(exp.derived_claimed_stake_round1);
    applyRootClaimKeep(ledger, 'hotkey', 'coldkey', netuid, step.owed);
    const stake = ledger.stake('hotkey', 'coldkey', netuid);
    expect(String(stake)).toBe(exp.derived_claimed_stake_round1);
    expect(ledger.rootClaimedOf(netuid, 'hotkey', 'coldkey')).toBe(stake);
    expect(rootOwed(ledger, 'hotkey', 'coldkey', netuid)).toBe(0n);
  });

  it('round 2: rate doubles, the second claim brings the stake to rate·root_stake', () => {
    const rate1 = toF64(I96F32, ledger.rootClaimableRate('hotkey', netuid));
    applyPayout(ledger, computePayout(ledger, epoch, pending, params));
    const rate2 = toF64(I96F32, ledger.rootClaimableRate('hotkey', netuid));
    expect(Math.abs(rate2 - (exp.claimable_rate_round2_approx as number))).toBeLessThanOrEqual(tol.rate_abs as number);
    expect(Math.abs(rate2 - 2 * rate1)).toBeLessThan(1e-9);
    const step = planRootClaim(ledger, 'hotkey', 'coldkey', netuid, { kind: 'Keep' });
    if (step.kind !== 'keep') throw new Error(`expected a Keep claim, got ${step.kind}`);
    applyRootClaimKeep(ledger, 'hotkey', 'coldkey', netuid, step.owed);
    const stake = ledger.stake('hotkey', 'coldkey', netuid);
    expect(String(stake)).toBe(exp.derived_claimed_stake_after_round2);
    expect(ledger.rootClaimedOf(netuid, 'hotkey', 'coldkey')).toBe(stake);
    ledger.checkInvariants();
  });
});
