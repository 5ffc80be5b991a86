/**
 * `taosim facts` output: the realism facts of a run beside the real market's, as a text table or
 * JSON. Pure formatting (the command prints it). Floats in the table have 3 significant digits.
 */
import { basename } from 'node:path';
import { type Band, type Facts, type FactName, type Spread, MIN_RETURNS, TARGET_BANDS, inBand } from '../analysis/facts.js';

export interface FactsSource {
  readonly path: string;
  readonly facts: Facts;
  /** the real file was the default (no --real given) */
  readonly isDefault?: boolean;
}

type Row = { key: FactName | 'pair_correlation'; label: string };
const ROWS: readonly Row[] = [
  { key: 'vol', label: 'daily vol' },
  { key: 'kurtosis', label: 'excess kurtosis' },
  { key: 'acf', label: 'acf(r, 1)' },
  { key: 'acf_abs', label: 'acf(|r|, 1)' },
  { key: 'drift', label: 'drift (per day)' },
  { key: 'pair_correlation', label: 'pair correlation' },
];

const pick = (f: Facts, key: Row['key']): Spread | undefined => (key === 'pair_correlation' ? f.pairCorrelation : f.facts[key]);

export function sig(v: number): string {
  const t = v.toPrecision(3);
  return /^-0(\.0*)?$/.test(t) ? t.slice(1) : t;
}

const cell = (s: Spread | undefined): string => (s ? `${sig(s.median)} (${sig(s.p10)}…${sig(s.p90)})` : 'n/a');

/** Why a source yields no facts, or undefined when it does. */
export function shortNote(f: Facts): string | undefined {
  if (f.subnets > 0) return undefined;
  if (f.netuids === 0) return 'no non-root subnet prices';
  return `too few returns: ${f.daysSampled} days sampled, at most ${f.maxReturns} daily returns per subnet; a subnet needs ≥ ${MIN_RETURNS} (a run of at least ${MIN_RETURNS + 1} days)`;
}

function describe(label: string, s: FactsSource): string {
  const f = s.facts;
  const src = s.isDefault ? `taosim's scenarios/data/${basename(s.path)} (the default; --real <prices.csv> for another)` : s.path;
  return `${label}: ${src}: ${f.subnets} of ${f.netuids} subnets used, ${f.days} days with returns (${f.daysSampled} sampled)${f.pairCorrelation ? `, ${f.pairCorrelation.n} pairs` : ''}`;
}

export function factsTable(run: FactsSource, real: FactsSource): string {
  const header = ['fact', 'run median (p10…p90)', 'real median (p10…p90)', 'target (run median)', 'run inside'];
  const body = ROWS.map((r) => {
    const s = pick(run.facts, r.key);
    const band: Band = TARGET_BANDS[r.key];
    const pair = r.key === 'pair_correlation';
    const runCell = pair ? (s ? sig(s.median) : 'n/a') : cell(s);
    const realSpread = pick(real.facts, r.key);
    const realCell = pair ? (realSpread ? sig(realSpread.median) : 'n/a') : cell(realSpread);
    return [r.label, runCell, realCell, band.text, s ? (inBand(band, s.median) ? 'yes' : 'no') : 'n/a'];
  });
  const rows = [header, ...body];
  const width = header.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  const line = (r: string[]): string => r.map((c, i) => c + ' '.repeat(width[i]! - [...c].length)).join(' | ').trimEnd();
  const out = [line(rows[0]!), width.map((w) => '-'.repeat(w)).join('-|-'), ...rows.slice(1).map(line), '', describe('run', run), describe('real', real)];
  for (const [label, s] of [['run', run], ['real', real]] as const) {
    const note = shortNote(s.facts);
    if (note) out.push(`${label}: ${note}`);
  }
  return out.join('\n') + '\n';
}

const spreadJson = (s: Spread | undefined): Record<string, number> | null => (s ? { median: s.median, p10: s.p10, p90: s.p90, n: s.n } : null);

function sourceJson(s: FactsSource): Record<string, unknown> {
  const f = s.facts;
  return {
    path: s.isDefault ? `scenarios/data/${basename(s.path)}` : s.path,
    ...(s.isDefault !== undefined ? { default: s.isDefault } : {}),
    netuids: f.netuids,
    subnets: f.subnets,
    days: f.days,
    days_sampled: f.daysSampled,
    max_returns: f.maxReturns,
    pairs: f.pairCorrelation?.n ?? 0,
    note: shortNote(f) ?? null,
  };
}

export function factsJson(run: FactsSource, real: FactsSource): string {
  const facts = ROWS.map((r) => {
    const s = pick(run.facts, r.key);
    const band = TARGET_BANDS[r.key];
    return {
      fact: r.key,
      run: spreadJson(s),
      real: spreadJson(pick(real.facts, r.key)),
      target: { lo: band.lo ?? null, hi: band.hi ?? null, text: band.text },
      inside: s ? inBand(band, s.median) : null,
    };
  });
  return JSON.stringify({ run: sourceJson(run), real: sourceJson(real), facts }, null, 2) + '\n';
}
