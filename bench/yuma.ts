/**
 * Yuma epoch benchmark: dense weights, V validators × N uids (mainnet's usual subnet is
 * 64 × 256), exact mode, both bond models. Median wall time per epoch over repeated epochs that
 * carry bonds forward, as a subnet's epochs do. The weights change every epoch (eight matrices in
 * turn), as validators' do: epochs over one fixed matrix let the CPU's branch predictor learn its
 * data and measure faster than any real run.
 */
import { performance } from 'node:perf_hooks';
import { yuma, yumaResult, type YumaInput, type YumaParams } from '../src/chain/epoch/yuma.js';
import { stream } from '../src/core/rng.js';

export interface YumaBench {
  validators: number;
  uids: number;
  model: string;
  medianMs: number;
  p90Ms: number;
}

const WEIGHT_SETS = 8;

function weightSets(v: number, n: number): YumaInput['weights'][] {
  const rng = stream(1, `bench/yuma/weights/${v}x${n}`);
  const uids = Int32Array.from({ length: n }, (_, j) => j);
  return Array.from({ length: WEIGHT_SETS }, () =>
    Array.from({ length: n }, (_, i) =>
      i < v ? { j: uids, v: Uint16Array.from({ length: n }, () => 1 + rng.int(65535)) } : { j: new Int32Array(0), v: new Uint16Array(0) },
    ),
  );
}

function metagraph(v: number, n: number, weights: YumaInput['weights']): YumaInput {
  const rng = stream(1, `bench/yuma/${v}x${n}`);
  return {
    n,
    currentBlock: 10_000,
    lastMechanismStepBlock: 9_639,
    alphaStake: Array.from({ length: n }, (_, i) => (i < v ? BigInt(1 + rng.int(1_000_000)) * 1_000_000_000n : 0n)),
    taoStake: Array.from({ length: n }, (_, i) => (i < v ? BigInt(rng.int(100_000)) * 1_000_000_000n : 0n)),
    lastUpdate: Array.from({ length: n }, () => 9_990),
    blockAtRegistration: Array.from({ length: n }, () => 1),
    weights,
    bonds: Array.from({ length: n }, () => ({ j: [], v: [] })),
    validatorPermits: Array.from({ length: n }, (_, i) => i < v),
    raoEmission: 148_000_000_000n,
  };
}

const params = (v: number, yuma3: boolean): YumaParams => ({
  kappa: 32767, bondsPenalty: 65535, bondsMovingAverage: 900_000n, yuma3, liquidAlpha: false,
  alphaLow: 45875, alphaHigh: 58982, alphaSigmoidSteepness: 1000, maxAllowedValidators: v,
  stakeThreshold: 0n, ownerUid: 0, taoWeight: 971_718_665_099_567_868n, tempo: 360, activityCutoffBlocks: 5000,
});

/**
 * `matrices`: return every intermediate (`yuma`, what `taosim epoch` prints) or only what the
 * epoch pays and stores (`yumaResult`, what the economy runs).
 */
export function benchYuma(v: number, n: number, yuma3: boolean, epochs: number, matrices = true): YumaBench {
  const sets = weightSets(v, n);
  let input = metagraph(v, n, sets[0]!);
  const p = params(v, yuma3);
  const times: number[] = [];
  for (let e = 0; e < epochs + 20; e++) {
    input = { ...input, weights: sets[e % WEIGHT_SETS]! };
    const t0 = performance.now();
    const out = matrices ? yuma(input, p) : yumaResult(input, p);
    const dt = performance.now() - t0;
    if (e >= 20) times.push(dt); // the first epochs warm the JIT
    input = { ...input, bonds: out.bondsStored, validatorPermits: out.newValidatorPermits };
  }
  times.sort((a, b) => a - b);
  return {
    validators: v,
    uids: n,
    model: yuma3 ? 'yuma3' : 'original',
    medianMs: times[times.length >> 1]!,
    p90Ms: times[Math.floor(times.length * 0.9)]!,
  };
}
