/**
 * `increase_take`, `decrease_take` and `set_childkey_take`: a hotkey owner's delegate take and
 * its childkey take on one subnet, the chain's checks in the chain's order (economics.md §6.5, §9).
 * Mirrors: pallets/subtensor/src/staking/increase_take.rs (`do_increase_take`),
 * staking/decrease_take.rs (`do_decrease_take`), staking/set_children.rs (`do_set_childkey_take`),
 * utils/misc.rs (`do_take_checks`) and guards/check_delegate_take.rs.
 *
 *   increase: take ≥ MinDelegateTake, ≤ MaxDelegateTake (the guard); hotkey exists; the coldkey's;
 *             take > current → DelegateTakeTooLow; now − last > TxDelegateTakeRateLimit (or never)
 *             → DelegateTxRateLimitExceeded
 *   decrease: the same but take < current → DelegateTakeTooLow; no rate limit
 *   both:     Delegates[h] = take; last = now
 *   childkey: the coldkey's → NonAssociatedColdKey; MinChildkeyTake ≤ take ≤ MaxChildkeyTake →
 *             InvalidChildkeyTake; a raise needs now − last ≥ TxChildkeyTakeRateLimit (or never) →
 *             TxChildkeyTakeRateLimitExceeded; ChildkeyTake[h, i] = take; last = now
 */
import { refuse, type Refused } from '../errors.js';
import type { ChainState } from '../state.js';
import { MAX_CHILDKEY_TAKE, MAX_DELEGATE_TAKE, MIN_DELEGATE_TAKE } from './ledger.js';

/** `TxDelegateTakeRateLimit` and `TxChildkeyTakeRateLimit` (runtime, blocks). */
export const TX_DELEGATE_TAKE_RATE_LIMIT = 216_000;
export const TX_CHILDKEY_TAKE_RATE_LIMIT = 216_000;

const childKey = (hotkey: string, netuid: number) => `${hotkey}\u0000${netuid}`;

function takeChecks(c: ChainState, coldkey: string, hotkey: string, take: number): Refused | undefined {
  if (take < MIN_DELEGATE_TAKE) return refuse('DelegateTakeTooLow');
  if (take > MAX_DELEGATE_TAKE) return refuse('DelegateTakeTooHigh');
  if (!c.ledger.hotkeyExists(hotkey)) return refuse('HotKeyAccountNotExists');
  if (c.ledger.ownerOf(hotkey) !== coldkey) return refuse('NonAssociatedColdKey');
  return undefined;
}

export function increaseTake(c: ChainState, coldkey: string, hotkey: string, take: number, now: number): { ok: true } | Refused {
  const refused = takeChecks(c, coldkey, hotkey, take);
  if (refused) return refused;
  if (take <= c.ledger.delegateTake(hotkey)) return refuse('DelegateTakeTooLow');
  const last = c.takeChanged.get(hotkey) ?? 0;
  if (last !== 0 && now - last <= TX_DELEGATE_TAKE_RATE_LIMIT) return refuse('DelegateTxRateLimitExceeded');
  return setTake(c, hotkey, take, now);
}

export function decreaseTake(c: ChainState, coldkey: string, hotkey: string, take: number, now: number): { ok: true } | Refused {
  const refused = takeChecks(c, coldkey, hotkey, take);
  if (refused) return refused;
  if (take >= c.ledger.delegateTake(hotkey)) return refuse('DelegateTakeTooLow');
  return setTake(c, hotkey, take, now);
}

function setTake(c: ChainState, hotkey: string, take: number, now: number): { ok: true } | Refused {
  const r = c.ledger.setDelegateTake(hotkey, take);
  if (!r.ok) return r;
  c.takeChanged.set(hotkey, now);
  return { ok: true };
}

export function setChildkeyTake(c: ChainState, coldkey: string, hotkey: string, netuid: number, take: number, now: number): { ok: true } | Refused {
  if (!c.ledger.hotkeyExists(hotkey) || c.ledger.ownerOf(hotkey) !== coldkey) return refuse('NonAssociatedColdKey');
  if (take < 0 || take > MAX_CHILDKEY_TAKE) return refuse('InvalidChildkeyTake');
  const key = childKey(hotkey, netuid);
  const last = c.takeChanged.get(key) ?? 0;
  if (take > c.ledger.childkeyTake(hotkey, netuid) && last !== 0 && now - last < TX_CHILDKEY_TAKE_RATE_LIMIT) return refuse('TxChildkeyTakeRateLimitExceeded');
  const r = c.ledger.setChildkeyTake(hotkey, netuid, take);
  if (!r.ok) return r;
  c.takeChanged.set(key, now);
  return { ok: true };
}
