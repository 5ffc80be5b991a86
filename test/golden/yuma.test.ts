/**
 * Golden: every Yuma vector of shared/vectors/yuma-vectors.json (copied to test/fixtures), taken
 * from subtensor's Rust tests. Epoch vectors go through the same replay the `epoch` command
 * uses; every field of every step must match exactly (rao and u16 fields equal, I32F32 fields
 * equal to the bit, since raw/2^32 is an exact double).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { I32F32, fromF64 as fromF64Big } from '../../src/core/fixed.js';
import { AlphaSigmoid } from '../../src/chain/epoch/liquidAlpha.js';
import { expSafe } from '../../src/math/exp.js';
import { fromF64, toF64, u16ProportionToFixed, ONE, mul, safeDiv, satDiv, fromInt } from '../../src/math/q32.js';
import {
  fromCsr,
  toCsr,
  isTopkNonzero,
  matEmaAlpha,
  normalize,
  weightedMedian,
  type SparseMatrix,
} from '../../src/math/sparse.js';
import { EpochKernels } from '../../src/math/yumaKernels.js';
import { vecMaxUpscaleToU16, vecU16MaxUpscaleToU16 } from '../../src/math/upscale.js';
import { parseEpochJson } from '../../src/scenario/epochInput.js';
import { replay } from '../../src/sim/epochReplay.js';
import { stepJson } from '../../src/output/epochReport.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const vectors: Any[] = JSON.parse(readFileSync(new URL('../fixtures/yuma-vectors.json', import.meta.url), 'utf8'));
const byName = (name: string): Any => vectors.find((v) => v.name === name);
const f32 = (x: number): number => fromF64(Math.fround(x));
const dense = (rows: number[][]): SparseMatrix =>
  rows.map((r) => {
    const j: number[] = [];
    const v: number[] = [];
    r.forEach((x, c) => {
      if (x !== 0) {
        j.push(c);
        v.push(f32(x));
      }
    });
    return { j, v };
  });
const sparseOut = (m: SparseMatrix): [number, number][][] => m.map((r) => Array.from(r.j, (j, t): [number, number] => [j, toF64(r.v[t]!)]));

describe('golden: Yuma epoch vectors (subtensor tests/epoch.rs, epoch_logs.rs)', () => {
  const epochs = vectors.filter((v) => v.kind === 'epoch');
  it('has the 11 epoch vectors of the fixture (with 8 math vectors: 19, as ../shared/vectors)', () => {
    expect(epochs.length).toBe(11);
    expect(vectors.length).toBe(19);
  });
  for (const v of epochs) {
    it(`${v.name}: every step, every field, exact`, () => {
      const file = parseEpochJson(v);
      const got = [...replay(file.vectors[0]!.inputs)].map(stepJson);
      expect(got.length).toBe(v.expected.steps.length);
      got.forEach((step, k) => {
        const want = v.expected.steps[k];
        for (const key of Object.keys(want)) {
          expect(step[key], `${v.name} step ${k} (${want.label}) field ${key}`).toEqual(want[key]);
        }
      });
    });
  }
});

describe('golden: Yuma math vectors (subtensor tests/math.rs)', () => {
  it('weighted_median', () => {
    const v = byName('math_weighted_median');
    v.inputs.cases.forEach((c: Any, k: number) => {
      let stake = c.stake.map(f32);
      if (c.normalize_stake_first) stake = normalize(stake);
      const score = c.score.map(f32);
      const sum = stake.reduce((a: number, b: number) => a + b, 0);
      const minority = sum - f32(c.majority);
      const idx = score.map((_: number, i: number) => i);
      expect(toF64(weightedMedian(stake, score, idx, minority, 0, sum)), `case ${k}`).toBe(v.expected.medians_exact_i32f32[k]);
    });
  });
  it('weighted_median_col_sparse', () => {
    const v = byName('math_weighted_median_col_sparse');
    v.inputs.cases.forEach((c: Any, k: number) => {
      const got = EpochKernels.fromWeights(toCsr(dense(c.weights_rows_4x3), 4), 3).consensus(c.stake.map(f32), f32(c.majority));
      expect(got, `case ${k}`).toEqual(v.expected.consensus[k].map(f32));
    });
  });
  it('inplace_normalize', () => {
    const v = byName('math_inplace_normalize');
    const got = normalize(v.inputs.x.map(fromInt));
    expect(got.map(toF64)).toEqual(v.expected.i32f32_exact);
    expect(toF64(got.reduce((a, b) => a + b, 0))).toBe(v.expected.i32f32_exact_sum);
  });
  it('is_topk_nonzero', () => {
    const v = byName('math_is_topk_validator_permits');
    v.inputs.cases.forEach((c: Any, k: number) => {
      expect(isTopkNonzero(c.vector.map(fromInt), c.k), `case ${k}`).toEqual(v.expected.is_topk_nonzero[k]);
    });
  });
  it('vec_max_upscale_to_u16 and the u16 variant', () => {
    const v = byName('math_weight_max_upscale_to_u16');
    v.inputs.f32_cases.forEach((c: number[], k: number) =>
      expect(vecMaxUpscaleToU16(c.map(f32)), `f32 case ${k}`).toEqual(v.expected.f32_cases[k]),
    );
    v.inputs.u16_cases.forEach((c: number[], k: number) =>
      expect(vecU16MaxUpscaleToU16(c), `u16 case ${k}`).toEqual(v.expected.u16_cases[k]),
    );
  });
  it('col_clip_sparse removes entries above a zero consensus', () => {
    const v = byName('math_col_clip_sparse');
    const m: SparseMatrix = v.inputs.matrix_rows.map((r: number[]) => {
      const j: number[] = [];
      const val: number[] = [];
      r.forEach((x, c) => x !== 0 && (j.push(c), val.push(fromInt(x))));
      return { j, v: val };
    });
    const k = EpochKernels.fromWeights(toCsr(m, m.length), 3);
    k.clipTrustRank(v.inputs.consensus.map(fromInt), m.map(() => 0));
    const clipped = k.clippedCsr();
    expect(sparseOut(fromCsr(clipped))).toEqual(v.expected.clipped_sparse);
  });
  it('mat_ema_alpha_sparse, including the sparse drop of an old bond', () => {
    const v = byName('math_mat_ema_alpha_sparse');
    v.inputs.cases.forEach((c: Any, k: number) => {
      const alpha = c.alpha.map((r: number[]) => r.map(f32));
      const got = fromCsr(matEmaAlpha(toCsr(dense(c.new), c.new.length), toCsr(dense(c.old), c.old.length), (i, j) => alpha[i][j], c.new[0].length));
      expect(sparseOut(got), `case ${k}`).toEqual(v.expected.results_sparse[k]);
    });
  });
  it('exp_safe, sigmoid_safe and alpha_sigmoid', () => {
    const v = byName('math_exp_sigmoid_alpha_sigmoid');
    const e = v.inputs.exp_safe.x.map((x: number) => Number(expSafe(fromF64Big(I32F32, x))) / ONE);
    expect(e).toEqual(v.expected.exp_safe_exact);
    const { rho, kappa } = v.inputs.sigmoid_safe;
    const sig = v.inputs.sigmoid_safe.x.map((x: number) => {
      // sigmoid_safe(x, ρ, κ) = 1 / (1 + exp_safe(−ρ·(x − κ))), math.rs
      const arg = mul(fromInt(-rho), f32(x) - fromF64(kappa));
      return toF64(satDiv(ONE, ONE + Number(expSafe(BigInt(arg)))));
    });
    expect(sig).toEqual(v.expected.sigmoid_safe_exact);
    const a = v.inputs.alpha_sigmoid;
    const s = new AlphaSigmoid(u16ProportionToFixed(a.alpha_low_u16), u16ProportionToFixed(a.alpha_high_u16), a.steepness);
    const got = a.cases.map((c: Any) => toF64(s.alpha(fromF64(c.consensus), fromF64(c.weight), fromF64(c.bond))));
    expect(got).toEqual(v.expected.alpha_sigmoid_exact);
    expect(safeDiv(ONE, 0)).toBe(0);
  });
});
