/**
 * Differential: `calculate_dividend_distribution` (§6.5) against the same formula written in
 * Python over the U96F32 primitives of shared/reference/coinbase/emu.py (f32_mul, f32_div,
 * f32_from_float). emu.py has no payout or share-pool code of its own, so this checks the
 * fixed-point composition, not the formula's reading of the chain.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { U96F32, fromF64 } from '../../src/core/fixed.js';
import { dividendDistribution } from '../../src/chain/payout/distribute.js';
import { python, requireShared } from '../helpers/shared.js';

const run = requireShared('payout differential vs coinbase/emu.py');

const SCRIPT = `
import json, sys
from emu import f32_mul, f32_div, f32_int, f32_from_float
cases = json.load(sys.stdin)
out = []
for c in cases:
    tw = f32_from_float(c['tw'])
    alpha, root = {}, {}
    ta = tr = 0
    for h in sorted(c['divs']):
        d = int(c['divs'][h]) << 32
        a, r = (int(x) for x in c['stakes'][h])
        ra = f32_mul(f32_int(r), tw)
        tot = f32_int(a) + ra
        rp = f32_div(ra, tot)
        rd = f32_mul(d, rp)
        ad = max(d - rd, 0)
        alpha[h] = ad; root[h] = rd; ta += ad; tr += rd
    V, R = int(c['V']), int(c['R'])
    out.append({
        'alpha': {h: str(f32_mul(f32_int(V), f32_div(x, ta))) for h, x in alpha.items()},
        'root': {h: str(f32_mul(f32_int(R), f32_div(x, tr))) for h, x in root.items()},
    })
print(json.dumps(out))
`;

const hk = fc.constantFrom('a', 'b', 'c', 'd', 'e');
const caseArb = fc.record({
  divs: fc.dictionary(hk, fc.bigInt({ min: 0n, max: 10n ** 12n }), { minKeys: 1 }),
  stakeA: fc.array(fc.bigInt({ min: 0n, max: 10n ** 16n }), { minLength: 5, maxLength: 5 }),
  stakeR: fc.array(fc.bigInt({ min: 0n, max: 10n ** 16n }), { minLength: 5, maxLength: 5 }),
  tw: fc.double({ min: 0, max: 1, noNaN: true }),
  V: fc.bigInt({ min: 0n, max: 10n ** 13n }),
  R: fc.bigInt({ min: 0n, max: 10n ** 13n }),
});

describe.runIf(run)('dividend distribution vs emu.py fixed point', () => {
  it('bit-identical U96F32 alpha and root dividends on random inputs', () => {
    const cases = fc.sample(caseArb, { numRuns: 200, seed: 42 });
    const names = ['a', 'b', 'c', 'd', 'e'];
    const input = cases.map((c) => ({
      divs: Object.fromEntries(Object.entries(c.divs).map(([h, d]) => [h, String(d)])),
      stakes: Object.fromEntries(names.map((h, i) => [h, [String(c.stakeA[i]), String(c.stakeR[i])]])),
      tw: c.tw,
      V: String(c.V),
      R: String(c.R),
    }));
    const expected = python('reference/coinbase', SCRIPT, input) as { alpha: Record<string, string>; root: Record<string, string> }[];
    cases.forEach((c, k) => {
      const stakeMap = new Map(names.map((h, i) => [h, { alpha: c.stakeA[i]!, root: c.stakeR[i]! }]));
      const divs = new Map(Object.entries(c.divs).map(([h, d]) => [h, d << 32n]));
      const got = dividendDistribution(c.V, c.R, fromF64(U96F32, c.tw), stakeMap, divs);
      const str = (m: Map<string, bigint>): Record<string, string> => Object.fromEntries([...m].map(([h, v]) => [h, String(v)]));
      expect(str(got.alphaDividends), `case ${k}`).toEqual(expected[k]!.alpha);
      expect(str(got.rootDividends), `case ${k}`).toEqual(expected[k]!.root);
    });
  });
});
