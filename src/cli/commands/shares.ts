/**
 * `taosim shares <snapshot.csv>`: the next block's cross-subnet TAO split and injection terms for
 * a mainnet snapshot, one CSV row per non-root netuid.
 *
 * Defaults: rule price-burn-gate; θ from the snapshot's `emission_gate_bar` (else --gate-bar is
 * required for the gate rule); block emission from the snapshot's `total_issuance_tao` through the
 * halving schedule (else --block-emission is required); TaoWeight from the snapshot's `tao_weight`
 * (e.g. the live 0.18), else the chain default 971_718_665_099_567_868 / u64::MAX ≈ 0.0527.
 */
import type { CommandModule } from 'yargs';
import { text, valued } from '../flags.js';
import { CHAIN_FLOW, CHAIN_GATE, DEFAULT_SUBNET_OWNER_CUT_U16, DEFAULT_TAO_WEIGHT_RAW, SHARE_RULES, type ShareRule, blockEmission, coinbaseTerms } from '../../chain/coinbase/index.js';
import { InputError } from '../../core/errors.js';
import { U64F64, toF64 } from '../../core/fixed.js';
import { formatUnits, parseUnits, taoRao } from '../../core/units.js';
import { fixedFromDecimal, readSnapshot, snapshotCoinbaseSubnets, taoWeightFromFraction } from '../../scenario/snapshot.js';

interface Args {
  snapshot: string;
  rule: ShareRule;
  'gate-bar'?: string;
  'block-emission'?: string;
  'tao-weight'?: string;
}

export const SHARES_CSV_HEADER = ['netuid', 'share', 'tao_emission', 'tao_in', 'alpha_in', 'excess_tao'] as const;

export const sharesCommand: CommandModule<object, Args> = {
  command: 'shares <snapshot>',
  describe: "Split the next block's TAO emission among the subnets of a mainnet snapshot CSV and print each subnet's injection terms",
  builder: (y) =>
    y
      .positional('snapshot', { type: 'string', demandOption: true, describe: 'snapshot CSV (format of scenarios/data/metagraphed_snapshot_*_flat.csv)' })
      .option('rule', { choices: SHARE_RULES, default: 'price-burn-gate' as ShareRule, describe: 'subnet share rule (mainnet era)' })
      .option('gate-bar', { type: 'string', ...valued, coerce: text('--gate-bar'), describe: 'Hill-gate bar θ (default: the snapshot\'s emission_gate_bar)' })
      .option('block-emission', { type: 'string', ...valued, coerce: text('--block-emission'), describe: 'block emission in TAO (default: from the snapshot\'s total_issuance_tao via the halving schedule)' })
      .option('tao-weight', { type: 'string', ...valued, coerce: text('--tao-weight'), describe: 'TaoWeight as a fraction (default: the snapshot\'s tao_weight, else the chain default ≈0.0527)' })
      .example('taosim shares scenarios/data/metagraphed_snapshot_b8791253_2026-08-07_flat.csv --gate-bar 0.0082325 --block-emission 0.5 --tao-weight 0.18', 'era C at block 8,791,253'),
  handler: (args) => {
    const snapshot = readSnapshot(args.snapshot);
    const rule = args.rule;
    if (rule === 'taoflow' || rule === 'net-taoflow') throw new InputError('--rule', `${rule} needs per-subnet flow EMAs, which a snapshot CSV does not carry`);

    const gateBar = args['gate-bar'] !== undefined ? fixedFromDecimal(args['gate-bar'], 64) : snapshot.gateBar;
    if (args['gate-bar'] !== undefined && (gateBar === undefined || gateBar > 1n << 64n)) throw new InputError('--gate-bar', `"${args['gate-bar']}" is not a fraction in [0, 1]`);
    if (rule === 'price-burn-gate' && gateBar === undefined) throw new InputError('--gate-bar', 'required: the snapshot stores no emission_gate_bar', snapshot.file);

    let emission;
    if (args['block-emission'] !== undefined) {
      try {
        emission = taoRao(parseUnits(args['block-emission']));
      } catch (e) {
        throw new InputError('--block-emission', (e as Error).message);
      }
      if (emission < 0n) throw new InputError('--block-emission', 'must not be negative');
    } else if (snapshot.totalIssuance !== undefined) {
      emission = blockEmission(snapshot.totalIssuance);
    } else {
      throw new InputError('--block-emission', 'required: the snapshot stores no total_issuance_tao', snapshot.file);
    }

    let taoWeightRaw = snapshot.taoWeightRaw ?? DEFAULT_TAO_WEIGHT_RAW;
    if (args['tao-weight'] !== undefined) {
      const w = taoWeightFromFraction(args['tao-weight']);
      if (w === undefined) throw new InputError('--tao-weight', `"${args['tao-weight']}" is not a fraction in [0, 1]`);
      taoWeightRaw = w;
    }

    const terms = coinbaseTerms({
      block: snapshot.block + 1n,
      blockEmission: emission,
      rootTao: snapshot.rootTao,
      taoWeightRaw,
      ownerCutU16: DEFAULT_SUBNET_OWNER_CUT_U16,
      rule,
      gate: { ...CHAIN_GATE, bar: gateBar ?? 0n, exponent: snapshot.gateExponent ?? CHAIN_GATE.exponent },
      flow: CHAIN_FLOW,
      subnets: snapshotCoinbaseSubnets(snapshot),
    });
    const lines = [SHARES_CSV_HEADER.join(',')];
    for (const s of terms.subnets) {
      lines.push([s.netuid, String(toF64(U64F64, s.share)), formatUnits(s.taoEmission), formatUnits(s.taoIn), formatUnits(s.alphaIn), formatUnits(s.excessTao)].join(','));
    }
    process.stdout.write(lines.join('\n') + '\n');
  },
};
