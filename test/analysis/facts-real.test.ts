/**
 * The real 2025 market (era P) through `taosim facts`' arithmetic reproduces the table of
 * shared/spec/realism.md ("The real figures") to the digits it gives, on the shipped copy
 * scenarios/data/alphamind_spot_price_daily_0000utc_2025-02-20_2025-10-29.csv.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realismFacts } from '../../src/analysis/facts.js';
import { REAL_PRICES_FILE, defaultRealPricesPath, readRealPrices } from '../../src/scenario/results.js';
import { REPO_ROOT } from '../helpers/shared.js';

const FILE = join(REPO_ROOT, 'scenarios', 'data', REAL_PRICES_FILE);

/** Equal to the published figure at its last digit: |x − published| ≤ half a unit of that digit. */
function matches(x: number | undefined, published: string): void {
  const decimals = published.includes('.') ? published.split('.')[1]!.length : 0;
  expect(x).toBeDefined();
  expect(Math.abs(x! - Number(published)), `${x} vs ${published}`).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);
}

describe('realism facts of the real 2025 market', () => {
  const f = realismFacts(readRealPrices(FILE));

  it('is the shipped copy of shared/data/mainnet (sha256) and the default of --real', () => {
    expect(createHash('sha256').update(readFileSync(FILE)).digest('hex')).toBe('1a5fa93393f35c9795f345e968e337483a71a9b895ced23f44c2743e10787f6a');
    expect(defaultRealPricesPath()).toBe(FILE);
  });

  it('uses 128 subnets over 239 sampled days', () => {
    expect(f.netuids).toBe(128);
    expect(f.subnets).toBe(128);
    expect(f.daysSampled).toBe(239);
    expect(f.days).toBe(233); // 2025-02-27 … 03-06 are missing from the source
    expect(f.pairCorrelation?.n).toBe((128 * 127) / 2);
  });

  it('medians match realism.md: vol 0.109, kurtosis 16.2, acf(r,1) 0.074, acf(|r|,1) 0.338, drift −0.0041, pair correlation 0.037', () => {
    matches(f.facts.vol?.median, '0.109');
    matches(f.facts.kurtosis?.median, '16.2');
    matches(f.facts.acf?.median, '0.074');
    matches(f.facts.acf_abs?.median, '0.338');
    matches(f.facts.drift?.median, '-0.0041');
    matches(f.pairCorrelation?.median, '0.037');
  });

  it('p10 … p90 match realism.md', () => {
    matches(f.facts.vol?.p10, '0.057');
    matches(f.facts.vol?.p90, '0.186');
    matches(f.facts.kurtosis?.p10, '6.2');
    matches(f.facts.kurtosis?.p90, '46.9');
    matches(f.facts.acf?.p10, '-0.125');
    matches(f.facts.acf?.p90, '0.216');
    matches(f.facts.acf_abs?.p10, '0.160');
    matches(f.facts.acf_abs?.p90, '0.496');
    matches(f.facts.drift?.p10, '-0.0107');
    matches(f.facts.drift?.p90, '0.0112');
  });
});
