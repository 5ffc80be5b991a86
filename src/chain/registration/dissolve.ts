/**
 * Subnet dissolve: the subnet's TAO pot is paid pro rata to everyone holding its alpha, then all
 * of its alpha state is destroyed. Mirrors subtensor `pallets/subtensor/src/staking/remove_stake.rs`
 * (`destroy_alpha_in_out_stakes`) and `staking/claim_root.rs` (`finalize_all_subnet_root_dividends`);
 * shared/spec/economics.md §8.4, invariant §10.19.
 *
 *   participants v_k = every (hotkey, coldkey) alpha value on i (the raw share when the value is
 *                      0), plus the protocol: SubnetProtocolAlpha (+ SubnetAlphaIn if registered
 *                      after TaoInRefundDeploymentBlock)
 *   share_k          = ⌊pot·v_k / Σv⌋, the leftover rao one each to the largest remainders
 *                      (stable order: stakers, then the protocol)
 *   stakers' shares  → free TAO of their coldkeys; the protocol share is recycled
 *
 * SIM-DIVERGENCE: stakers are ordered by (hotkey, coldkey) name, not by the chain's storage hash
 * order; this only decides which of several equal remainders gets a leftover rao.
 * SIM-DIVERGENCE: the legacy owner lock refund (subnets registered before
 * NetworkRegistrationStartBlock) is left out: subnets made in the simulator are never legacy.
 */
import { type AlphaRao, type TaoRao, U64_MAX, alphaRao, taoRao } from '../../core/units.js';
import { type Coldkey, type Hotkey, type Ledger, type NetUid } from '../staking/ledger.js';
import { sfToU64 } from '../staking/sharePool.js';

export interface DissolveInputs {
  readonly netuid: NetUid;
  /** `SubnetTAO[i]`. */
  readonly pot: TaoRao;
  readonly subnetAlphaIn: AlphaRao;
  /** `SubnetProtocolAlpha[i]`. */
  readonly protocolAlpha: AlphaRao;
  readonly registeredAt: bigint;
  readonly taoInRefundDeploymentBlock: bigint;
}

export interface DissolvePayout {
  readonly hotkey: Hotkey;
  readonly coldkey: Coldkey;
  readonly alphaValue: AlphaRao;
  readonly tao: TaoRao;
}

export interface DissolveTerms {
  readonly netuid: NetUid;
  readonly pot: TaoRao;
  readonly payouts: readonly DissolvePayout[];
  readonly protocolAlphaValue: AlphaRao;
  /** The protocol's part of the pot: not paid, recycled. */
  readonly protocolShare: TaoRao;
  /** pot − Σ payouts: the protocol share, or the whole pot when nobody holds alpha. Recycled. */
  readonly recycled: TaoRao;
}

/** The dissolve terms; reads the ledger, changes nothing. */
export function computeDissolve(ledger: Ledger, inp: DissolveInputs): DissolveTerms {
  const protocolValue = inp.registeredAt > inp.taoInRefundDeploymentBlock ? inp.subnetAlphaIn + inp.protocolAlpha : inp.protocolAlpha;
  const stakers: { hotkey: Hotkey; coldkey: Coldkey; value: bigint }[] = [];
  let total = protocolValue;
  for (const hotkey of ledger.hotkeysOnSubnet(inp.netuid)) {
    const pool = ledger.poolSnapshot(hotkey, inp.netuid);
    for (const coldkey of pool.keys()) {
      const actual = pool.getValue(coldkey);
      const value = actual === 0n ? sfToU64(pool.getShare(coldkey)) : actual;
      if (value > 0n) {
        stakers.push({ hotkey, coldkey, value });
        total += value;
      }
    }
  }

  const pot = BigInt(inp.pot);
  const shares: { share: bigint; rem: bigint }[] = [];
  if (pot > 0n && total > 0n) {
    for (const v of [...stakers.map((s) => s.value), ...(protocolValue > 0n ? [protocolValue] : [])]) {
      const prod = pot * v;
      const q = prod / total;
      shares.push({ share: q > U64_MAX ? U64_MAX : q, rem: prod % total });
    }
    let leftover = pot - shares.reduce((s, x) => s + x.share, 0n);
    const order = shares.map((_, i) => i).sort((a, b) => (shares[b]!.rem > shares[a]!.rem ? 1 : shares[b]!.rem < shares[a]!.rem ? -1 : a - b));
    for (const i of order) {
      if (leftover <= 0n) break;
      shares[i]!.share += 1n;
      leftover -= 1n;
    }
  }
  const payouts = stakers.map((s, i) => ({
    hotkey: s.hotkey,
    coldkey: s.coldkey,
    alphaValue: alphaRao(s.value),
    tao: taoRao(shares[i]?.share ?? 0n),
  }));
  const protocolShare = taoRao(protocolValue > 0n ? (shares[stakers.length]?.share ?? 0n) : 0n);
  const paid = payouts.reduce((s, p) => s + p.tao, 0n);
  return { netuid: inp.netuid, pot: inp.pot, payouts, protocolAlphaValue: alphaRao(protocolValue), protocolShare, recycled: taoRao(pot - paid) };
}

/**
 * Apply the dissolve to the ledger: stakers' shares to free balances, every pool, childkey link and
 * root-claim entry of the subnet removed. Returns the unclaimed root alpha lost with the subnet.
 * Pool reserves (SubnetTAO, SubnetAlphaIn/Out, protocol alpha) and the recycling of
 * `terms.recycled` are the caller's.
 */
export function applyDissolve(ledger: Ledger, terms: DissolveTerms): { unclaimedRootLost: AlphaRao } {
  for (const p of terms.payouts) if (p.tao > 0n) ledger.creditFree(p.coldkey, p.tao);
  return { unclaimedRootLost: ledger.removeSubnet(terms.netuid) };
}
