/** Subnet pools and swaps (subtensor `pallets/swap` and the pool side of `staking/`). */
export * from './balancer.js';
export * from './fees.js';
export * from './limits.js';
export * from './pool.js';
export * from './stake.js';
export * from './swap.js';
export { powRatioScaled } from './bigmath.js';
