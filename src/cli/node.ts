/**
 * How taosim's simulating processes start Node. A coinbase step allocates a few MB per subnet
 * that live until the step's payouts (epoch inputs, Yuma vectors, payout terms); with V8's
 * default 16 MB semi-spaces most of them survive two scavenges and are copied and promoted.
 * 64 MB semi-spaces measured 15–20% faster on the mainnet scenario and no slower on small ones
 * (README, Figures); the young generation then reserves ~190 MB more.
 */
export const YOUNG_GENERATION_FLAG = '--max-semi-space-size=64';
