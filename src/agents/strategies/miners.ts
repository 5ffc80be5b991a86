/**
 * Miners. On mainnet most miners sell most of what they earn (shared/spec/behaviour.md §1.1):
 * that sell pressure is the drift of real alpha prices.
 */
import type { Strategy } from '../strategy.js';
import { everyEpochs, fraction, sell } from './common.js';

/**
 * The built-in miners of its subnet, as one operator: every `sell_every_epochs` it sells
 * `sell_fraction` of the alpha each of its hotkeys holds.
 */
export const minerSeller: Strategy<Record<string, never>> = {
  name: 'seller',
  class: 'miner',
  doc: "operator of its subnet's built-in miners: sells a fraction of their alpha on a schedule",
  adopt: 'miners',
  params: {
    sell_fraction: fraction(0.8, 'share of the alpha held sold at each sale', 'judgement (behaviour.md: miner_sell_fraction 0.8, range 0.3–1.0, never measured)'),
    sell_every_epochs: everyEpochs(20, 'epochs between sales (20 epochs of 360 blocks: daily)', 'judgement (behaviour.md: miner_sell_interval_blocks 7,200)'),
  },
  init: () => ({}),
  decide(obs, me, { params }) {
    // the subnet's own phase, so the operators of different subnets do not all sell in one epoch
    const phase = me.home % params.sell_every_epochs!;
    if (obs.epoch % params.sell_every_epochs! !== phase) return [];
    return sell(obs, me, me.home, params.sell_fraction!);
  },
};

export const MINER_STRATEGIES = [minerSeller] as const;
