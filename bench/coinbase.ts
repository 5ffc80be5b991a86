/**
 * Coinbase terms for 128 subnets per block (price-burn-gate, θ recomputed on its 360-block
 * boundary). No side effects at import; call `benchCoinbase()`.
 */
import { performance } from 'node:perf_hooks';
import { CHAIN_FLOW, CHAIN_GATE, LIVE_TAO_WEIGHT_RAW, type SubnetCoinbaseInput, coinbaseTerms } from '../src/chain/coinbase/index.js';
import { alphaRao, taoRao } from '../src/core/units.js';

const SUBNETS = 128;
const BLOCKS = 2_000;

function subnets(): SubnetCoinbaseInput[] {
  return Array.from({ length: SUBNETS }, (_, i) => {
    const k = BigInt(i + 1);
    return {
      netuid: i + 1,
      alphaIn: alphaRao(1_000_000n * 1_000_000_000n + k * 7_919_000_000n),
      alphaOut: alphaRao(3_000_000n * 1_000_000_000n + k * 104_729_000_000n),
      spotPrice: ((k * 37n) % 100n + 1n) * (1n << 64n) / 1000n,
      movingPrice: ((k * 53n) % 100n + 1n) * (1n << 32n) / 1000n,
      minerBurned: i % 3 === 0 ? (1n << 32n) / (k + 1n) : 0n,
      firstEmissionBlock: 1n,
      subtokenEnabled: true,
      registrationAllowed: true,
      emissionEnabled: i % 4 !== 0,
      ownerCutEnabled: true,
    };
  });
}

export function benchCoinbase(): { blocksPerSecond: number } {
  const input = subnets();
  let bar = 0n;
  const start = performance.now();
  for (let b = 0; b < BLOCKS; b++) {
    const t = coinbaseTerms({
      block: 8_791_254n + BigInt(b), blockEmission: taoRao(500_000_000n), rootTao: taoRao(5_445_703n * 1_000_000_000n),
      taoWeightRaw: LIVE_TAO_WEIGHT_RAW, ownerCutU16: 11_796, rule: 'price-burn-gate', gate: { ...CHAIN_GATE, bar }, flow: CHAIN_FLOW, subnets: input,
    });
    bar = t.gateBar;
  }
  return { blocksPerSecond: BLOCKS / ((performance.now() - start) / 1000) };
}
