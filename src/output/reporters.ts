/**
 * Reporters: turn the world after a simulated epoch into table rows, one table per entity level.
 * TAO and alpha are exact decimal strings of whole units (columns end in _tao / _alpha); prices
 * are exact decimals (TAO per alpha); u16 scores are integers.
 */
import { formatFixed, formatUnits } from '../core/units.js';
import { currentPrice, formatPrice } from '../chain/swap/index.js';
import type { EpochRecord } from '../sim/run.js';
import type { World } from '../sim/world.js';
import type { Cell } from './csv.js';

const fixedToDecimal = (raw: bigint, frac: number): string => formatFixed(raw, frac, 12);

export const NETWORK_HEADER = [
  'epoch', 'block', 'issuance_tao', 'block_emission_tao', 'pool_tao', 'root_tao', 'outside_tao', 'free_tao',
  'author_fees_tao', 'recycled_tao', 'stranded_tao', 'emitting_subnets', 'share_rule', 'gate_bar', 'tao_usd',
] as const;

export function networkRow(w: World, r: EpochRecord): Cell[] {
  const pool = w.subnets.reduce((a, s) => a + s.pool.taoReserve, 0n);
  const free = w.ledger.coldkeysWithBalance().reduce((a, c) => a + w.ledger.freeBalance(c), 0n);
  const emitting = w.subnets.filter((s) => w.meters.get(s.netuid)!.flows.taoEmission > 0n).length;
  return [
    r.epoch, r.block, formatUnits(w.issuance), formatUnits(r.blockEmission), formatUnits(pool), formatUnits(w.rootPool.taoReserve),
    formatUnits(w.outside), formatUnits(free), formatUnits(w.authorFees), formatUnits(w.recycledTao), formatUnits(w.strandedTao),
    emitting, w.network.shareRule.rule, fixedToDecimal(w.network.gateBar, 64), r.taoUsd.toFixed(6),
  ];
}

export const SUBNET_HEADER = [
  'epoch', 'block', 'netuid', 'spot_price', 'moving_price', 'tao_reserve_tao', 'alpha_reserve_alpha', 'alpha_out_alpha',
  'share', 'tao_emission_tao', 'tao_in_tao', 'alpha_in_alpha', 'excess_tao', 'alpha_out_minted_alpha', 'owner_cut_alpha',
  'miner_alpha', 'validator_alpha', 'root_alpha', 'epochs_run', 'miner_burned', 'permitted_uids', 'miners',
] as const;

export function subnetRows(w: World, r: EpochRecord): Cell[][] {
  return w.subnets.map((s) => {
    const f = w.meters.get(s.netuid)!.flows;
    const roles = w.population.get(s.netuid)!.roles;
    const permitted = s.metagraph.permits.filter((p, uid) => p && roles[uid] !== 'owner').length;
    return [
      r.epoch, r.block, s.netuid, formatPrice(currentPrice(s.pool)), fixedToDecimal(s.movingPrice, 32),
      formatUnits(s.pool.taoReserve), formatUnits(s.pool.alphaReserve), formatUnits(s.alphaOut), fixedToDecimal(f.share, 64),
      formatUnits(f.taoEmission), formatUnits(f.taoIn), formatUnits(f.alphaIn), formatUnits(f.excessTao), formatUnits(f.alphaOutMinted),
      formatUnits(f.ownerCut), formatUnits(f.minerAlphaPaid), formatUnits(f.validatorAlphaPaid), formatUnits(f.rootAlphaPaid),
      f.epochs, fixedToDecimal(s.minerBurned, 32), permitted, roles.filter((r) => r === 'miner').length,
    ];
  });
}

export const NEURON_HEADER = [
  'epoch', 'block', 'netuid', 'uid', 'role', 'hotkey', 'stake_alpha', 'root_stake_tao', 'permit', 'incentive_u16',
  'dividends_u16', 'server_emission_alpha', 'validator_emission_alpha',
] as const;

export function neuronRows(w: World, r: EpochRecord): Cell[][] {
  const rows: Cell[][] = [];
  for (const s of w.subnets) {
    const l = w.meters.get(s.netuid)!.last;
    const roles = w.population.get(s.netuid)!.roles;
    const { permits } = s.metagraph;
    s.metagraph.hotkeys.forEach((hotkey, uid) => {
      rows.push([
        r.epoch, r.block, s.netuid, uid, roles[uid]!, hotkey, formatUnits(w.ledger.totalHotkeyAlpha(hotkey, s.netuid)),
        formatUnits(w.ledger.totalHotkeyAlpha(hotkey, 0)), permits[uid] ?? false, l?.incentiveU16[uid] ?? 0, l?.dividendsU16[uid] ?? 0,
        formatUnits(l?.serverEmission[uid] ?? 0n), formatUnits(l?.validatorEmission[uid] ?? 0n),
      ]);
    });
  }
  return rows;
}

export const EVENT_HEADER = ['epoch', 'block', 'kind', 'netuid', 'coldkey', 'hotkey', 'amount', 'unit', 'result', 'amount_out', 'detail'] as const;

export const eventRows = (r: EpochRecord): Cell[][] =>
  r.events.map((e) => [
    r.epoch, e.block, e.kind, e.netuid, e.coldkey, e.hotkey, e.unit === '' ? '' : formatUnits(e.amount), e.unit, e.result,
    e.unit === '' ? '' : formatUnits(e.amountOut), e.detail,
  ]);
