/**
 * Golden vectors from shared/vectors/coinbase-vectors.json (copied into test/fixtures/swap-vectors.json).
 * The `derived_*` values are exact under the spec's arithmetic; the Rust test's own expectations
 * (`expected_by_test*`, with its tolerance) are asserted as well.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPool, getMaxAmountAdd, stakeIntoSubnet, swapAlphaForTao, swapTaoForAlpha } from '../../../src/chain/swap/index.js';
import { alphaRao, parseUnits, taoRao } from '../../../src/core/units.js';

interface Vector {
  name: string;
  inputs: Record<string, unknown>;
  expected: Record<string, unknown>;
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/swap-vectors.json', import.meta.url), 'utf8')) as { vectors: Vector[] };
const vector = (name: string): Vector => {
  const v = fixture.vectors.find((x) => x.name === name);
  if (!v) throw new Error(`fixture ${name} missing`);
  return v;
};
const quoteWeightParts = (w: number): bigint => parseUnits(String(w)) * 1_000_000_000n;

describe('test_swap_basic (pallets/swap tests.rs)', () => {
  const v = vector('test_swap_basic');
  const inp = v.inputs as { tao_reserve: string; alpha_reserve: string; quote_weight: number; fee_rate_u16: number };
  const pool = createPool({
    taoReserve: BigInt(inp.tao_reserve),
    alphaReserve: BigInt(inp.alpha_reserve),
    quoteWeight: quoteWeightParts(inp.quote_weight),
    feeRate: inp.fee_rate_u16,
  });
  const cases = (v.expected as { cases: Record<string, string | number>[] }).cases;
  it.each(cases.map((c) => [`${String(c.order).slice(0, 14)} ${c.amount_in}`, c] as const))('%s', (_label, c) => {
    const amount = BigInt(c.amount_in as string);
    const limitPrice = parseUnits(String(c.limit_price));
    const buy = String(c.order).startsWith('GetAlphaForTao');
    const r = buy ? swapTaoForAlpha(pool, taoRao(amount), { limitPrice }) : swapAlphaForTao(pool, alphaRao(amount), { limitPrice });
    if (!r.ok) throw new Error(r.error);
    expect(r.fee).toBe(BigInt(c.derived_fee as string));
    expect(r.amountPaidIn).toBe(BigInt(c.derived_amount_paid_in_net_of_fee as string));
    expect(r.amountOut).toBe(BigInt(c.derived_amount_out as string));
    // the Rust test: output within 1 of the f64 formula, reserve delta = amount − fee
    expect(Math.abs(Number(r.amountOut) - (c.expected_by_test_out_approx as number))).toBeLessThanOrEqual(1);
    expect(buy ? r.pool.taoReserve - pool.taoReserve : r.pool.alphaReserve - pool.alphaReserve).toBe(BigInt(c.expected_by_test_reserve_delta_in as string));
  });
});

describe('test_max_amount_add_dynamic (tests/staking.rs, mock runtime: SwapMinimumReserve = 100)', () => {
  const v = vector('test_max_amount_add_dynamic');
  const w = quoteWeightParts((v.inputs as { quote_weight: number }).quote_weight);
  const rows = (v.expected as { rows: Record<string, string | null>[] }).rows;
  it.each(rows.map((r) => [`${r.tao_reserve}/${r.alpha_reserve} @ ${r.limit_price_rao_per_alpha}`, r] as const))('%s', (_l, row) => {
    const pool = createPool({ taoReserve: BigInt(row.tao_reserve!), alphaReserve: BigInt(row.alpha_reserve!), quoteWeight: w });
    const r = getMaxAmountAdd(pool, BigInt(row.limit_price_rao_per_alpha!), { minimumReserve: 100n });
    if (row.derived_exact!.startsWith('Err(')) {
      expect(r).toEqual({ ok: false, error: row.derived_exact!.slice(4, -1) });
      return;
    }
    if (!r.ok) throw new Error(r.error);
    expect(r.amount).toBe(BigInt(row.derived_exact!));
    const byTest = BigInt(row.expected_by_test!);
    const eps = BigInt(row.test_epsilon!);
    expect(r.amount >= byTest - eps && r.amount <= byTest + eps).toBe(true);
  });
});

describe('test_stake_into_subnet_ok (tests/staking.rs)', () => {
  it('stakes 0.1 TAO into 100 TAO / 1000 alpha', () => {
    const v = vector('test_stake_into_subnet_ok');
    const inp = v.inputs as Record<string, string | number>;
    const exp = v.expected as Record<string, string>;
    const pool = createPool({ taoReserve: BigInt(inp.tao_reserve!), alphaReserve: BigInt(inp.alpha_reserve!), feeRate: inp.fee_rate_u16 as number });
    const r = stakeIntoSubnet(pool, taoRao(BigInt(inp.tao_staked!)));
    if (!r.ok) throw new Error(r.error);
    expect(r.fee).toBe(BigInt(exp.derived_fee_tao!));
    expect(r.taoPaidIn).toBe(BigInt(exp.derived_tao_into_pool!));
    expect(r.alphaStaked).toBe(BigInt(exp.derived_alpha_out!));
    expect(r.authorTao).toBe(r.fee);
    const approx = Number(exp.expected_by_test_alpha_approx);
    expect(Math.abs(Number(r.alphaStaked) - approx) / approx).toBeLessThanOrEqual(0.001);
  });
});
