/**
 * What a policy may ask for: the chain's extrinsics by their subtensor names, and the scenario's
 * scripted changes. A policy returns these; the engine's apply phase (sim/actions.ts) carries them
 * out through chain/, in the queue's order, each ending in a receipt or a typed refusal.
 */
import type { AlphaRao, TaoRao } from '../core/units.js';
import type { ShareRule } from '../chain/state.js';
import type { NetworkParamKey, SubnetParamKey } from '../scenario/types.js';

export interface PriceLimit {
  /** Rao per alpha. */
  readonly limitPrice: bigint;
  readonly allowPartial: boolean;
}

export type Action =
  | {
      readonly kind: 'add_stake';
      readonly coldkey: string;
      readonly hotkey: string;
      readonly netuid: number;
      readonly amount: TaoRao;
      readonly limit?: PriceLimit;
      /** The TAO arrives from accounts outside the model first (a scripted call); returned if refused. */
      readonly fromOutside?: boolean;
    }
  | { readonly kind: 'remove_stake'; readonly coldkey: string; readonly hotkey: string; readonly netuid: number; readonly amount: AlphaRao; readonly limit?: PriceLimit }
  | {
      readonly kind: 'move_stake';
      readonly coldkey: string;
      readonly from: { readonly hotkey: string; readonly netuid: number };
      readonly to: { readonly hotkey: string; readonly netuid: number };
      readonly amount: AlphaRao;
    }
  | { readonly kind: 'swap_stake'; readonly coldkey: string; readonly hotkey: string; readonly from: number; readonly to: number; readonly amount: AlphaRao }
  | {
      readonly kind: 'transfer_stake';
      readonly coldkey: string;
      readonly destinationColdkey: string;
      readonly hotkey: string;
      readonly from: number;
      readonly to: number;
      readonly amount: AlphaRao;
    }
  | { readonly kind: 'set_weights'; readonly hotkey: string; readonly netuid: number; readonly uids: ArrayLike<number>; readonly values: ArrayLike<number> }
  | {
      /** Several hotkeys' `set_weights` on one subnet over one uid vector, one extrinsic each, in order. */
      readonly kind: 'set_weights_batch';
      readonly netuid: number;
      readonly uids: ArrayLike<number>;
      readonly rows: readonly { readonly hotkey: string; readonly values: ArrayLike<number> }[];
      /** Log only the refusals (the built-in validators set ~1,500 rows an epoch on mainnet). */
      readonly quiet?: boolean;
    }
  | { readonly kind: 'burned_register'; readonly coldkey: string; readonly hotkey: string; readonly netuid: number; readonly fromOutside?: boolean }
  | {
      /**
       * Not an extrinsic: the off-chain work a miner's hotkey does, at a quality in [0, 1] that the
       * built-in validators then see (0: it stopped serving). The chain never sees it.
       */
      readonly kind: 'serve';
      readonly coldkey: string;
      readonly hotkey: string;
      readonly netuid: number;
      readonly quality: number;
    }
  | { readonly kind: 'register_network'; readonly coldkey: string; readonly hotkey: string; readonly fromOutside?: boolean }
  | { readonly kind: 'start_call'; readonly coldkey: string; readonly netuid: number }
  | { readonly kind: 'increase_take' | 'decrease_take'; readonly coldkey: string; readonly hotkey: string; readonly take: number }
  | { readonly kind: 'set_childkey_take'; readonly coldkey: string; readonly hotkey: string; readonly netuid: number; readonly take: number }
  | { readonly kind: 'set_param'; readonly scope: 'subnet'; readonly netuid: number; readonly key: SubnetParamKey; readonly value: number | boolean | bigint }
  | { readonly kind: 'set_param'; readonly scope: 'network'; readonly key: NetworkParamKey; readonly value: number | bigint | string | null }
  | { readonly kind: 'set_share_rule'; readonly share_rule: ShareRule };
