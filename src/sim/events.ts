/** What the apply phase reports for each action: a receipt, or the typed refusal that left the state as it was. */
import type { ChainError } from '../chain/errors.js';

/** The simulator's own refusals: a setting it does not model; an agent's action signed with a key not its own (the chain's origin check, before any pallet code). */
export type SimRefusal = 'NotSimulated' | 'BadOrigin';

export interface SimEvent {
  readonly block: number;
  readonly kind: string;
  readonly netuid: number | null;
  readonly coldkey: string;
  readonly hotkey: string;
  /** Amount in (TAO or alpha rao, as `unit` says). */
  readonly amount: bigint;
  readonly unit: 'tao' | 'alpha' | '';
  /** ok, or the subtensor error that refused it. */
  readonly result: 'ok' | ChainError | SimRefusal;
  /** Amount out, rao (alpha for stake, TAO for unstake). */
  readonly amountOut: bigint;
  readonly detail: string;
}
