/**
 * Golden tests against the coinbase vectors (test/fixtures/coinbase-vectors.json, a copy of
 * shared/vectors/coinbase-vectors.json; each vector names the subtensor test it comes from).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CHAIN_FLOW, CHAIN_GATE, type SubnetCoinbaseInput, alphaBlockEmission, blockEmission, blockEmissionForIssuance, coinbaseTerms,
  ownerCutFraction, pendingSplit, rootProportion, subnetTerms, taoWeight, updateMovingPrice,
} from '../../../src/chain/coinbase/index.js';
import { I96F32, U64F64, U96F32, fromF64, fromInt, toF64 } from '../../../src/core/fixed.js';
import { alphaRao, taoRao } from '../../../src/core/units.js';
import { REPO_ROOT } from '../../helpers/shared.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Vector = { name: string; inputs: any; expected: any; tolerance: any };
const vectors: Vector[] = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'coinbase-vectors.json'), 'utf8'));
const vector = (name: string): Vector => {
  const v = vectors.find((x) => x.name === name);
  if (!v) throw new Error(`vector ${name} missing`);
  return v;
};
const u96 = (raw: bigint): number => toF64(U96F32, raw);
const close = (a: bigint, b: bigint, tol: bigint): void => {
  expect(a - b <= tol && b - a <= tol, `${a} vs ${b} (±${tol})`).toBe(true);
};

describe('block emission (derived_block_emission_halving_schedule)', () => {
  const v = vector('derived_block_emission_halving_schedule');
  for (const c of v.expected.cases as { issuance_rao: string; emission_rao: string }[]) {
    it(`issuance ${c.issuance_rao} → ${c.emission_rao}`, () => {
      expect(blockEmissionForIssuance(BigInt(c.issuance_rao))).toBe(BigInt(c.emission_rao));
      expect(blockEmission(taoRao(BigInt(c.issuance_rao)))).toBe(BigInt(c.emission_rao));
    });
  }
  it('the mint never passes 21M TAO, and alpha follows the same curve', () => {
    expect(blockEmission(taoRao(21_000_000_000_000_000n))).toBe(0n);
    expect(blockEmission(taoRao(22_000_000_000_000_000n))).toBe(0n);
    expect(alphaBlockEmission(alphaRao(BigInt(vector('test_owner_cut_base').inputs.alpha_issuance)))).toBe(1_000_000_000n);
  });
});

describe('moving price', () => {
  it('test_update_moving_price_after_time_and_initial (exact I96F32 bits)', () => {
    const v = vector('test_update_moving_price_after_time_and_initial');
    (v.inputs.cases as { block: number; first_emission_block: number }[]).forEach((c, i) => {
      const raw = updateMovingPrice({
        movingPrice: fromF64(I96F32, v.inputs.old_ema), spotPrice: fromF64(U64F64, v.inputs.spot_price),
        block: BigInt(c.block), firstEmissionBlock: BigInt(c.first_emission_block),
        movingAlpha: fromF64(I96F32, v.inputs.moving_alpha), halvingBlocks: BigInt(v.inputs.halving_blocks),
      });
      expect(raw).toBe(BigInt(v.expected.cases[i].derived_ema_i96f32_bits));
    });
  });
  it('test_coinbase_moving_prices (a: α = 1 one step; b: α = 0.1, 14 steps at b = H)', () => {
    const v = vector('test_coinbase_moving_prices');
    const spot = fromF64(U64F64, v.inputs.spot_price);
    const H = BigInt(v.inputs.halving_blocks);
    const a = updateMovingPrice({ movingPrice: 0n, spotPrice: spot, block: 7_200_000n, firstEmissionBlock: 1n, movingAlpha: fromF64(I96F32, 1), halvingBlocks: H });
    expect(Math.abs(toF64(I96F32, a) - v.expected.a_derived)).toBeLessThan(1e-9);
    let p = 0n;
    for (let i = 0; i < 14; i++) p = updateMovingPrice({ movingPrice: p, spotPrice: spot, block: H, firstEmissionBlock: 1n, movingAlpha: fromF64(I96F32, 0.1), halvingBlocks: H });
    expect(Math.abs(toF64(I96F32, p) - v.expected.b_derived)).toBeLessThan(1e-9);
    expect(Math.abs(toF64(I96F32, p) - v.expected.b_expected_by_test)).toBeLessThan(v.tolerance.abs);
  });
});

describe('root proportion and subnet terms', () => {
  it('test_root_proportion (exact bits)', () => {
    const v = vector('test_root_proportion');
    const tw = taoWeight(BigInt(v.inputs.tao_weight_raw_u64));
    expect(Math.abs(u96(tw) - v.expected.tao_weight)).toBeLessThan(1e-9);
    const rho = rootProportion(taoRao(BigInt(v.inputs.root_subnet_tao_rao)), tw, alphaRao(BigInt(v.inputs.subnet_alpha_in) + BigInt(v.inputs.subnet_alpha_out)));
    expect(rho).toBe(BigInt(v.expected.root_proportion_u96f32_bits));
  });

  it('test_get_subnet_terms_alpha_emissions_cap', () => {
    const v = vector('test_get_subnet_terms_alpha_emissions_cap');
    const alphaIssuance = alphaRao(BigInt(v.inputs.alpha_issuance));
    const alphaEmission = alphaBlockEmission(alphaIssuance);
    expect(alphaEmission).toBe(BigInt(v.expected.alpha_emission));
    const rho = rootProportion(taoRao(BigInt(v.inputs.root_tao)), fromF64(U96F32, v.inputs.tao_weight), alphaIssuance);
    const tol = v.tolerance.abs as number;
    (v.inputs.tao_emission_cases as string[]).forEach((e, i) => {
      const t = subnetTerms({ taoEmission: fromInt(U96F32, BigInt(e)), spotPrice: fromF64(U64F64, v.inputs.price), alphaEmission, rootProportion: rho });
      expect(Math.abs(u96(t.injectionCap) - v.expected.injection_cap)).toBeLessThan(tol);
      expect(Math.abs(u96(t.alphaIn) - Number(v.expected.alpha_in[i]))).toBeLessThan(tol);
      expect(Math.abs(u96(t.taoIn) - Number(v.expected.tao_in[i]))).toBeLessThan(tol);
      expect(Math.abs(u96(t.excessTao) - Number(v.expected.excess_tao[i]))).toBeLessThan(tol);
    });
  });

  it('test_coinbase_subnet_terms_with_alpha_in_lte_alpha_emission', () => {
    const v = vector('test_coinbase_subnet_terms_with_alpha_in_lte_alpha_emission');
    const x = BigInt(v.inputs.alpha_reserve);
    const y = BigInt(v.inputs.tao_reserve);
    const alphaIssuance = alphaRao(x + x); // o_i = x_i in the test's setup: issuance 2e15
    const rho = rootProportion(taoRao(BigInt(v.inputs.root_tao)), fromF64(U96F32, v.inputs.tao_weight), alphaIssuance);
    const t = subnetTerms({ taoEmission: fromInt(U96F32, BigInt(v.inputs.tao_emission)), spotPrice: (y << 64n) / x, alphaEmission: alphaBlockEmission(alphaIssuance), rootProportion: rho });
    const tol = v.tolerance.abs as number;
    expect(Math.abs(u96(t.alphaIn) - Number(v.expected.alpha_in))).toBeLessThan(tol);
    expect(Math.abs(u96(t.taoIn) - Number(v.expected.tao_in))).toBeLessThan(tol);
    expect(Math.abs(u96(t.excessTao) - Number(v.expected.excess_tao))).toBeLessThan(tol);
    expect(u96(t.alphaOut)).toBe(Number(v.expected.alpha_out));
  });
});

describe('disabled subnets (test_coinbase_disabled_subnet_emission_redistributes...)', () => {
  it('zeroes the disabled subnet, renormalises the others, still mints its alpha_out', () => {
    const v = vector('test_coinbase_disabled_subnet_emission_redistributes_tao_to_enabled_subnets');
    const subnets: SubnetCoinbaseInput[] = (v.inputs.enabled as boolean[]).map((enabled, i) => ({
      netuid: i + 1, alphaIn: alphaRao(1_000_000_000_000n), alphaOut: alphaRao(1_000_000_000_000n), spotPrice: 1n << 64n,
      movingPrice: fromInt(I96F32, 1n), minerBurned: 0n, firstEmissionBlock: 1n, subtokenEnabled: true, registrationAllowed: true,
      emissionEnabled: enabled, ownerCutEnabled: true,
    }));
    const terms = coinbaseTerms({
      block: 100n, blockEmission: taoRao(BigInt(v.inputs.block_emission)), rootTao: taoRao(0n), taoWeightRaw: 0n, ownerCutU16: 0,
      rule: 'price-ema', gate: CHAIN_GATE, flow: CHAIN_FLOW, subnets,
    });
    const tol = BigInt(v.tolerance.abs_rao);
    terms.subnets.forEach((s, i) => close(s.taoEmission, BigInt(v.expected.tao_emission[i]), tol));
    const disabled = terms.subnets[1];
    expect(disabled?.alphaIn).toBe(BigInt(v.expected.alpha_in_subnet2));
    expect(disabled?.excessTao).toBe(BigInt(v.expected.excess_subnet2));
    expect(disabled?.alphaOut).toBeGreaterThan(0n);
  });
});

describe('pending split', () => {
  it('test_owner_cut_base: alpha is minted with E = 0; owner cut 0 and 100%', () => {
    const v = vector('test_owner_cut_base');
    (v.inputs.owner_cut_u16 as number[]).forEach((cut, i) => {
      const subnet: SubnetCoinbaseInput = {
        netuid: 1, alphaIn: alphaRao(1_000_000_000_000n), alphaOut: alphaRao(1_000_000_000_000n), spotPrice: 1n << 64n,
        movingPrice: fromInt(I96F32, 1n), minerBurned: 0n, firstEmissionBlock: 1n, subtokenEnabled: true, registrationAllowed: true,
        emissionEnabled: true, ownerCutEnabled: true,
      };
      const terms = coinbaseTerms({
        block: 10n, blockEmission: taoRao(BigInt(v.inputs.tao_block_emission)), rootTao: taoRao(0n), taoWeightRaw: 0n, ownerCutU16: cut,
        rule: 'price-burn-gate', gate: CHAIN_GATE, flow: CHAIN_FLOW, subnets: [subnet],
      });
      expect(terms.subnets[0]?.ownerCut).toBe(BigInt(v.expected.pending_owner_cut[i]));
    });
  });

  it('test_pending_emission', () => {
    const v = vector('test_pending_emission');
    const p = pendingSplit({
      alphaOut: fromInt(U96F32, BigInt(v.inputs.alpha_out)), ownerCut: fromF64(U96F32, v.inputs.owner_cut), ownerCutEnabled: true,
      rootProportion: fromF64(U96F32, v.inputs.root_proportion), rootSellFlag: v.inputs.root_sell_flag,
    });
    const tol = BigInt(v.tolerance.abs_rao);
    close(p.pendingServer, BigInt(v.expected.pending_server), tol);
    close(p.pendingValidator, BigInt(v.expected.pending_validator), tol);
    close(p.pendingRoot, BigInt(v.expected.pending_root_alpha_divs), tol);
    expect(p.recycledRootAlpha).toBe(0n);
  });

  it('test_coinbase_emit_to_subnets_with_root_sell, and the root alpha is recycled without the flag', () => {
    const v = vector('test_coinbase_emit_to_subnets_with_root_sell');
    const tol = BigInt(v.tolerance.abs_rao);
    for (const flag of [true, false]) {
      const p = pendingSplit({
        alphaOut: fromInt(U96F32, BigInt(v.inputs.alpha_emission)), ownerCut: ownerCutFraction(v.inputs.owner_cut_u16), ownerCutEnabled: true,
        rootProportion: fromF64(U96F32, v.inputs.root_proportion), rootSellFlag: flag,
      });
      close(p.ownerCut, BigInt(v.expected.pending_owner_cut), tol);
      close(p.pendingServer, BigInt(v.expected.pending_server), tol);
      close(p.pendingValidator, BigInt(v.expected.pending_validator), tol);
      expect(p.pendingRoot).toBe(BigInt(v.expected.pending_root_alpha_divs));
      expect(p.recycledRootAlpha).toBe(0n);
    }
    // ρ = 0 → the cap is 0 and the whole emission is chain-bought
    const t = subnetTerms({ taoEmission: fromInt(U96F32, BigInt(v.inputs.tao_emission)), spotPrice: 1n << 64n, alphaEmission: alphaRao(BigInt(v.inputs.alpha_emission)), rootProportion: 0n });
    expect(t.alphaIn).toBe(BigInt(v.expected.derived_alpha_in));
    expect(t.excessTao >> 32n).toBe(BigInt(v.expected.derived_excess_tao));
  });
});
