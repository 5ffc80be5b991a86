/** Share rules on hand-worked examples (shared/spec/economics.md §3, emission-rules.md). */
import { describe, expect, it } from 'vitest';
import { enabledShares, flowShares, gateBar, hillGate, updateFlowEma, updateGateBar } from '../../../src/chain/coinbase/index.js';
import { U64F64, fromF64, toF64 } from '../../../src/core/fixed.js';

const ONE = 1n << 64n;
const f = (xs: number[]): bigint[] => xs.map((x) => fromF64(U64F64, x));
const num = (xs: bigint[]): number[] => xs.map((x) => toF64(U64F64, x));
const near = (a: number[], b: number[]): void => a.forEach((x, i) => expect(Math.abs(x - (b[i] ?? NaN))).toBeLessThan(1e-15));

describe('Hill gate', () => {
  it('θ is the rank-th largest positive share; 0 (no gate) with fewer positive shares', () => {
    const b = f([0.1, 0.4, 0, 0.3, 0.2]);
    expect(gateBar(b, 2)).toBe(fromF64(U64F64, 0.3));
    expect(gateBar(b, 4)).toBe(fromF64(U64F64, 0.1));
    expect(gateBar(b, 5)).toBe(0n);
  });
  it('θ is recomputed only when block % 360 == 0', () => {
    const b = f([0.5, 0.3, 0.2]);
    expect(updateGateBar(720n, 7n, b, 2)).toBe(fromF64(U64F64, 0.3));
    expect(updateGateBar(721n, 7n, b, 2)).toBe(7n);
  });
  it('g = b^(h+1)/(b^h + θ^h), renormalised: [1/2, 1/4, 1/4], θ = 1/4, h = 1 → [4/7, 3/14, 3/14]', () => {
    near(num(hillGate(f([0.5, 0.25, 0.25]), ONE / 4n, 1)), [4 / 7, 3 / 14, 3 / 14]);
  });
  it('h = 3 halves a share sitting exactly at θ relative to the ungated weight', () => {
    // b = [0.5, 0.5]: both at θ = 0.5 → both gated by 1/2 → renormalised back to [0.5, 0.5]
    near(num(hillGate(f([0.5, 0.5]), ONE / 2n, 3)), [0.5, 0.5]);
    // [0.75, 0.25], θ = 0.25, h = 3: 0.75/(1+1/27) = 0.723214…, 0.25/2 = 0.125
    const g = 0.75 / (1 + 1 / 27);
    near(num(hillGate(f([0.75, 0.25]), ONE / 4n, 3)), [g / (g + 0.125), 0.125 / (g + 0.125)]);
  });
});

describe('TAO-flow rules', () => {
  const units = (xs: number[]): bigint[] => xs.map((x) => BigInt(x) << 64n);
  it('taoflow: z = max(S − L, 0) with L = max(cutoff 0, min(min S, 0)), share ∝ z', () => {
    near(num(flowShares(units([3, 1, -1]), units([0, 0, 0]), { netFlow: false, cutoff: 0n, exponent: 1 })), [0.75, 0.25, 0]);
    near(num(flowShares(units([3, 1, -1]), units([0, 0, 0]), { netFlow: false, cutoff: 0n, exponent: 2 })), [0.9, 0.1, 0]);
    expect(flowShares(units([-3, -1]), units([0, 0]), { netFlow: false, cutoff: 0n, exponent: 1 })).toEqual([0n, 0n]);
  });
  it('net-taoflow: nf = min(1, Σ user⁺ / Σ proto⁺) scales only positive protocol EMAs', () => {
    // user [4, 2], proto [4, 4]: nf = 6/8, net = [4 − 3, 2 − 3] = [1, −1] → [1, 0]
    near(num(flowShares(units([4, 2]), units([4, 4]), { netFlow: true, cutoff: 0n, exponent: 1 })), [1, 0]);
    // a negative protocol EMA is kept as is: user [1, 1], proto [−2, 0] → net [3, 1]
    near(num(flowShares(units([1, 1]), units([-2, 0]), { netFlow: true, cutoff: 0n, exponent: 1 })), [0.75, 0.25]);
  });
  it('flow EMA: a = factor / i64::MAX; a = 1 takes the block flow, a = 0 keeps the EMA', () => {
    const max = (1n << 63n) - 1n;
    expect(updateFlowEma(5n << 64n, -7n, max)).toBe(-7n << 64n);
    expect(updateFlowEma(5n << 64n, -7n, 0n)).toBe(5n << 64n);
  });
});

describe('disabled subnets', () => {
  it('are zeroed and the enabled shares renormalised; all zero when the enabled ones sum to 0', () => {
    near(num(enabledShares(f([0.5, 0.25, 0.25]), [true, false, true])), [2 / 3, 0, 1 / 3]);
    expect(enabledShares(f([0, 1]), [true, false])).toEqual([0n, 0n]);
    expect(enabledShares(f([0.4, 0.6]), [true, true])).toEqual(f([0.4, 0.6]));
  });
});
