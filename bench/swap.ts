/** Swap throughput: alternating stakes and unstakes of varied sizes on a w = 0.5 pool (the common path). */
import { performance } from 'node:perf_hooks';
import { createPool, swapAlphaForTao, swapTaoForAlpha, type Pool } from '../src/chain/swap/index.js';
import { alphaRao, taoRao } from '../src/core/units.js';

export function benchSwaps(count = 200_000): { swapsPerSecond: number } {
  let pool: Pool = createPool({ taoReserve: 50_000n * 10n ** 9n, alphaReserve: 1_000_000n * 10n ** 9n });
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const amount = BigInt(1 + ((i * 7919) % 100_000)) * 1_000_000n; // 0.001 .. 100 TAO or alpha
    const r = i % 2 === 0 ? swapTaoForAlpha(pool, taoRao(amount)) : swapAlphaForTao(pool, alphaRao(amount * 20n));
    if (r.ok) pool = r.pool;
  }
  const seconds = (performance.now() - start) / 1000;
  return { swapsPerSecond: Math.round(count / seconds) };
}
