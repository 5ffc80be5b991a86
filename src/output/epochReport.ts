/**
 * Output of `taosim epoch`: each step's Yuma output named and shaped exactly as the vectors'
 * `expected.steps[k]` (shared/spec/yuma.md §8.1), as JSON or as one CSV row per (step, uid).
 * I32F32 values are written as their exact double (raw/2^32); rao as JSON integers, or decimal
 * strings above 2^53.
 */
import type { YumaOutput } from '../chain/epoch/yuma.js';
import { toF64 } from '../math/q32.js';
import { fromCsr, type Csr, type SparseMatrix } from '../math/sparse.js';

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const raoJson = (v: bigint): number | string => (v <= SAFE ? Number(v) : v.toString());
const fx = (x: readonly number[]): number[] => x.map(toF64);
const sparseFx = (c: Csr): [number, number][][] => fromCsr(c).map((r) => Array.from(r.j, (j, t): [number, number] => [j, toF64(r.v[t]!)]));
const sparseInt = (m: SparseMatrix): [number, number][][] => m.map((r) => Array.from(r.j, (j, t): [number, number] => [j, r.v[t]!]));

export interface StepRecord {
  readonly label: string;
  readonly output: YumaOutput;
}

export function stepJson(s: StepRecord): Record<string, unknown> {
  const o = s.output;
  return {
    label: s.label,
    stake: fx(o.stake),
    active_stake: fx(o.activeStake),
    active: o.active,
    new_validator_permits: o.newValidatorPermits,
    weights_normalized: sparseFx(o.weights),
    consensus: fx(o.consensus),
    validator_trust: fx(o.validatorTrust),
    incentive: fx(o.incentive),
    dividends: fx(o.dividends),
    ema_bonds: sparseFx(o.emaBonds),
    bonds_stored_u16: sparseInt(o.bondsStored),
    server_emission: o.serverEmission.map(raoJson),
    validator_emission: o.validatorEmission.map(raoJson),
    combined_emission: o.combinedEmission.map(raoJson),
    consensus_u16: o.consensusU16,
    incentive_u16: o.incentiveU16,
    dividends_u16: o.dividendsU16,
    validator_trust_u16: o.validatorTrustU16,
    stake_weight_u16: o.stakeWeightU16,
  };
}

export function vectorJson(name: string, steps: readonly StepRecord[]): { name: string; steps: Record<string, unknown>[] } {
  return { name, steps: steps.map(stepJson) };
}

export const EPOCH_CSV_HEADER = [
  'vector', 'step', 'label', 'uid', 'stake', 'active_stake', 'active', 'new_validator_permit',
  'consensus', 'validator_trust', 'incentive', 'dividends', 'server_emission', 'validator_emission',
  'combined_emission', 'consensus_u16', 'incentive_u16', 'dividends_u16', 'validator_trust_u16',
  'stake_weight_u16', 'bonds_stored_u16',
] as const;

const csvField = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** CSV rows (without header) of one vector: one per (step, uid). Bonds as "j:u16" joined by spaces. */
export function vectorCsvRows(name: string, steps: readonly StepRecord[]): string[] {
  const lines: string[] = [];
  steps.forEach((s, k) => {
    const o = s.output;
    o.stake.forEach((_, i) => {
      const b = o.bondsStored[i]!;
      lines.push(
        [
          csvField(name), String(k), csvField(s.label), String(i),
          String(toF64(o.stake[i]!)), String(toF64(o.activeStake[i]!)), String(o.active[i]), String(o.newValidatorPermits[i]),
          String(toF64(o.consensus[i]!)), String(toF64(o.validatorTrust[i]!)), String(toF64(o.incentive[i]!)), String(toF64(o.dividends[i]!)),
          o.serverEmission[i]!.toString(), o.validatorEmission[i]!.toString(), o.combinedEmission[i]!.toString(),
          String(o.consensusU16[i]), String(o.incentiveU16[i]), String(o.dividendsU16[i]), String(o.validatorTrustU16[i]),
          String(o.stakeWeightU16[i]), Array.from(b.j, (j, t) => `${j}:${b.v[t]}`).join(' '),
        ].join(','),
      );
    });
  });
  return lines;
}
