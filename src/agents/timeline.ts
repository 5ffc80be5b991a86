/**
 * The scenario's timeline as a scripted policy: the events of this epoch, in file order, as
 * actions. A stake or a registration brings its TAO in from outside the model; `validator: k`
 * names the k-th validator of the subnet's population (none: the owner's hotkey); `start_call` is
 * the subnet owner's.
 */
import type { ResolvedEvent } from '../scenario/types.js';
import type { Action } from './actions.js';
import type { Observation } from './observation.js';

function hotkeyOf(obs: Observation, netuid: number, validator: number | null): string {
  const s = obs.subnets.find((x) => x.netuid === netuid);
  if (s === undefined) return '';
  if (validator === null) return s.ownerHotkey;
  let k = 0;
  for (let uid = 0; uid < s.hotkeys.length; uid++)
    if (s.population.roles[uid] === 'validator' && k++ === validator) return s.hotkeys[uid]!;
  return '';
}

export function timelineActions(obs: Observation, events: readonly ResolvedEvent[]): Action[] {
  return events.map((e): Action => {
    switch (e.kind) {
      case 'stake':
        return { kind: 'add_stake', coldkey: e.coldkey, hotkey: hotkeyOf(obs, e.netuid, e.validator), netuid: e.netuid, amount: e.amount, fromOutside: true };
      case 'unstake':
        return { kind: 'remove_stake', coldkey: e.coldkey, hotkey: hotkeyOf(obs, e.netuid, e.validator), netuid: e.netuid, amount: e.amount };
      case 'set_param':
        return e.scope === 'subnet'
          ? { kind: 'set_param', scope: 'subnet', netuid: e.netuid, key: e.key, value: e.value }
          : { kind: 'set_param', scope: 'network', key: e.key, value: e.value };
      case 'set_share_rule':
        return { kind: 'set_share_rule', share_rule: e.share_rule };
      case 'burned_register':
        return { kind: 'burned_register', coldkey: e.coldkey, hotkey: e.hotkey, netuid: e.netuid, fromOutside: true };
      case 'register_network':
        return { kind: 'register_network', coldkey: e.coldkey, hotkey: e.hotkey, fromOutside: true };
      case 'start_call':
        // the timeline acts as the subnet's owner (a subnet registered this epoch is not seen yet)
        return { kind: 'start_call', coldkey: obs.subnets.find((s) => s.netuid === e.netuid)?.ownerColdkey ?? '', netuid: e.netuid };
    }
  });
}
