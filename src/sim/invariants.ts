/**
 * The economy's invariants (shared/spec/economics.md §10), checked after every block in tests
 * and with `--check` in the CLI. A violation is a bug: it stops the run with the values involved.
 */
import { InvariantViolation } from '../core/errors.js';
import { TOTAL_SUPPLY } from '../chain/coinbase/constants.js';
import { ROOT_NETUID } from '../chain/staking/ledger.js';
import type { World } from './world.js';

const s = (v: bigint): string => v.toString();

export function checkInvariants(w: World): void {
  if (w.issuance > TOTAL_SUPPLY) throw new InvariantViolation('issuance within the 21M TAO cap', { block: String(w.block), issuance: s(w.issuance), cap: s(TOTAL_SUPPLY) });
  // TAO: every rao of the issuance is somewhere.
  const pools = w.subnets.reduce((a, x) => a + x.pool.taoReserve, 0n);
  const free = w.ledger.coldkeysWithBalance().reduce((a, c) => a + w.ledger.freeBalance(c), 0n);
  const held = w.outside + pools + w.rootPool.taoReserve + free + w.authorFees + w.strandedTao;
  if (held !== w.issuance)
    throw new InvariantViolation('TAO conservation', {
      block: String(w.block), issuance: s(w.issuance), held: s(held), outside: s(w.outside), pools: s(pools),
      root: s(w.rootPool.taoReserve), free: s(free), authorFees: s(w.authorFees), stranded: s(w.strandedTao),
    });
  const rootStaked = w.ledger.totalStakeOnSubnet(ROOT_NETUID);
  if (rootStaked > w.rootPool.taoReserve)
    throw new InvariantViolation('root stake within root TAO', { block: String(w.block), rootStaked: s(rootStaked), rootTao: s(w.rootPool.taoReserve) });
  for (const x of w.subnets) {
    const p = x.pending;
    const staked = w.ledger.totalStakeOnSubnet(x.netuid);
    const unclaimed = w.ledger.unclaimedRootAlpha(x.netuid);
    const owned = staked + p.server + p.validator + p.root + p.ownerCut + unclaimed + x.unowned;
    if (owned !== x.alphaOut)
      throw new InvariantViolation('alpha accounting', {
        block: String(w.block), netuid: String(x.netuid), alphaOut: s(x.alphaOut), staked: s(staked), unclaimedRoot: s(unclaimed),
        pending: s(p.server + p.validator + p.root + p.ownerCut), unowned: s(x.unowned),
      });
    for (const [k, v] of Object.entries({ taoReserve: x.pool.taoReserve, alphaReserve: x.pool.alphaReserve, alphaOut: x.alphaOut, unowned: x.unowned }))
      if (v < 0n) throw new InvariantViolation('no negative reserve or balance', { block: String(w.block), netuid: String(x.netuid), [k]: s(v) });
  }
  w.ledger.checkInvariants();
}
