// A strategy of your own: a staker who buys a fixed amount of its subnet every few epochs
// (dollar-cost averaging), whatever the price. Compile (tsc) and run:
//   npx taosim run scenario.yaml --strategies ./strategy.js
import { RAO_PER_TAO, taoRao, type Action, type Strategy } from 'taosim';

export const dca: Strategy<{ bought: number }> = {
  name: 'dca',
  class: 'staker',
  doc: 'buys order_tao of its subnet every every_epochs epochs until its budget is spent',
  params: {
    budget_tao: { doc: 'TAO it starts with', unit: 'TAO', min: 0, max: Infinity, default: 100, source: 'example' },
    order_tao: { doc: 'TAO per order', unit: 'TAO', min: 0.01, max: 1e6, default: 5, source: 'example' },
    every_epochs: { doc: 'epochs between orders', unit: 'epochs', min: 1, max: 1e6, default: 3, integer: true, source: 'example' },
  },
  budgetTao: (p) => p.budget_tao!,
  init: () => ({ bought: 0 }),
  decide(obs, me, { params, state }): Action[] {
    if (obs.epoch % params.every_epochs! !== 0) return [];
    const subnet = obs.subnet(me.home);
    const amount = taoRao(BigInt(Math.floor(params.order_tao! * Number(RAO_PER_TAO))));
    if (subnet === undefined || me.freeTao < amount) return [];
    state.bought++;
    return [{ kind: 'add_stake', coldkey: me.coldkey, hotkey: subnet.topValidator, netuid: me.home, amount }];
  },
};

export const strategies = [dca];
