/**
 * `run_auto_claim_root_divs` and `root_claim_on_subnet` with the default claim type (Swap):
 * each block NumRootClaim root stakers claim their root dividends on every subnet; the owed alpha
 * is sold fee-less into the subnet's pool and the TAO staked to them on root
 * (shared/spec/economics.md §6.7).
 * Mirrors: pallets/subtensor/src/staking/claim_root.rs.
 *
 *   owed(h, c, i) = ⌊rate_i(h)·root_stake(h, c)⌋ − RootClaimed[i, h, c]     (./rootClaim.ts)
 *   sell owed on i (no fee) → τ;  root stake(h, c) += τ;  RootClaimed += owed
 */
import { allocate } from '../../core/allocate.js';
import type { Stream } from '../../core/rng.js';
import { type AlphaRao, alphaRao } from '../../core/units.js';
import type { ChainState, Subnet } from '../state.js';
import { ROOT_NETUID } from '../staking/ledger.js';
import { createRootPool, MIN_PRICE, swapAlphaForTao, type Pool } from '../swap/index.js';
import { applyRootClaimSwap, DEFAULT_ROOT_CLAIMABLE_THRESHOLD, planRootClaim, rootClaimOrder } from './rootClaim.js';

/**
 * `run_auto_claim_root_divs` over k blocks; `rng` gives the block's stream of picks.
 *
 * SIM-DIVERGENCE: the chain picks the coldkeys from the parent block hash, which a simulation
 * does not have; taosim picks distinct ones from a seeded stream, and over k > 1 aggregated
 * blocks it picks min(n, k·NumRootClaim) of them once (what is owed accrues linearly). A swap the
 * pool refuses skips that subnet's claim instead of rolling back the coldkey's whole claim.
 */
export function runAutoClaimRootDivs(c: ChainState, rng: () => Stream, k: number): void {
  const perBlock = c.network.rootClaimsPerBlock;
  if (perBlock === 0) return;
  const coldkeys = c.ledger.stakingColdkeys(ROOT_NETUID);
  const n = coldkeys.length;
  if (n === 0) return;
  const picker = rng();
  const picks = new Set<number>();
  const want = Math.min(n, perBlock * k);
  let idx = picker.int(n);
  for (let t = 0; picks.size < want && t < 4 * want + 8; t++) {
    picks.add(idx);
    idx = (idx + 1 + picker.int(n)) % n;
  }
  const claims = new Map<number, { coldkey: string; hotkey: string; netuid: number; owed: AlphaRao }[]>();
  for (const i of [...picks].sort((a, b) => a - b)) {
    const coldkey = coldkeys[i]!;
    // k > 1 plans every claim before applying any, so a root stake is read once per hotkey
    const rootStakes = new Map<string, AlphaRao>();
    for (const { hotkey, netuid } of rootClaimOrder(c.ledger, coldkey)) {
      if (k === 1) claimOne(c, coldkey, hotkey, netuid);
      else {
        let rootStake = rootStakes.get(hotkey);
        if (rootStake === undefined) rootStakes.set(hotkey, (rootStake = c.ledger.stake(hotkey, coldkey, ROOT_NETUID)));
        const step = planRootClaim(c.ledger, hotkey, coldkey, netuid, { kind: 'Swap' }, DEFAULT_ROOT_CLAIMABLE_THRESHOLD, rootStake);
        if (step.kind === 'swap') {
          const onSubnet = claims.get(netuid);
          const claim = { coldkey, hotkey, netuid, owed: step.owed };
          if (onSubnet === undefined) claims.set(netuid, [claim]);
          else onSubnet.push(claim);
        }
      }
    }
  }
  // SIM-DIVERGENCE (k > 1): one sale per subnet of everything claimed there, its TAO split
  // among the claimers by what each was owed, and each claimer's root TAO staked at once (the
  // chain sells and stakes claim by claim; the watermark floors then differ by a few rao).
  const rootTao = new Map<string, { hotkey: string; coldkey: string; tao: bigint }>();
  for (const s of c.subnets) {
    const mine = claims.get(s.netuid);
    if (mine === undefined) continue;
    const total = alphaRao(mine.reduce((a, m) => a + m.owed, 0n));
    const sell = swapAlphaForTao(s.pool, total, { limitPrice: MIN_PRICE, feeFree: true });
    if (!sell.ok || sell.refund > 0n) continue;
    settleClaimSale(c, s, total, sell.pool, sell.amountOut);
    allocate(sell.amountOut, mine.map((m) => m.owed)).forEach((tao, q) => {
      const m = mine[q]!;
      const key = `${m.hotkey}\u0000${m.coldkey}`;
      const acc = rootTao.get(key) ?? { hotkey: m.hotkey, coldkey: m.coldkey, tao: 0n };
      acc.tao += tao;
      rootTao.set(key, acc);
      c.ledger.recordRootClaimed(m.netuid, m.hotkey, m.coldkey, m.owed);
    });
  }
  for (const key of [...rootTao.keys()].sort()) {
    const { hotkey, coldkey, tao } = rootTao.get(key)!;
    c.ledger.increaseStakeForHotkeyAndColdkeyOnSubnet(hotkey, coldkey, ROOT_NETUID, alphaRao(tao));
    c.ledger.addStakeAdjustRootClaimed(hotkey, coldkey, tao);
  }
}

/** One Swap claim of (hotkey, coldkey) on a subnet, as `root_claim_on_subnet`. */
function claimOne(c: ChainState, coldkey: string, hotkey: string, netuid: number): void {
  const step = planRootClaim(c.ledger, hotkey, coldkey, netuid, { kind: 'Swap' });
  if (step.kind !== 'swap') return;
  const s = c.subnets.find((x) => x.netuid === netuid);
  if (!s) return;
  const sell = swapAlphaForTao(s.pool, step.owed, { limitPrice: MIN_PRICE, feeFree: true });
  if (!sell.ok || sell.refund > 0n) return;
  settleClaimSale(c, s, step.owed, sell.pool, sell.amountOut);
  applyRootClaimSwap(c.ledger, hotkey, coldkey, netuid, step.owed, sell.amountOut);
}

/** The pool side of a claim sale: the alpha leaves o_i into the pool, the TAO moves to root. */
function settleClaimSale(c: ChainState, s: Subnet, alpha: AlphaRao, pool: Pool, tao: bigint): void {
  s.pool = pool;
  s.alphaOut = alphaRao(s.alphaOut - alpha);
  s.protocolFlowBlock -= tao;
  c.rootPool = createRootPool(c.rootPool.taoReserve + tao);
}
