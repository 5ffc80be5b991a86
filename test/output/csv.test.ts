/** CSV is byte-stable: exact integers, shortest round-trip floats, RFC 4180 quoting. */
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { formatCell, formatRow, toCsv } from '../../src/output/csv.js';

describe('csv', () => {
  it('formats each kind of cell exactly', () => {
    expect(formatRow([21_000_000_000_000_000n, 0.1 + 0.2, -0, true, null, 'a,b', 'say "hi"', 'x\ny', ' pad'])).toBe(
      '21000000000000000,0.30000000000000004,0,true,,"a,b","say ""hi""","x\ny"," pad"\n',
    );
    expect(formatCell(1e21)).toBe('1e+21');
    expect(formatCell(5e-324)).toBe('5e-324');
  });

  it('refuses non-finite numbers and rows of the wrong width', () => {
    expect(() => formatCell(Number.NaN)).toThrow(/not a finite number/);
    expect(() => toCsv(['a', 'b'], [[1]])).toThrow(/1 cells, the header has 2/);
  });

  it('reads back to the same values (floats round-trip, bigints exact)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.bigInt({ min: -(1n << 80n), max: 1n << 80n }), fc.string()), { maxLength: 20 }),
        (rows) => {
          const text = toCsv(['f', 'b', 's'], rows);
          const parsed = Papa.parse<string[]>(text.slice(0, -1), { delimiter: ',', newline: '\n' });
          expect(parsed.errors).toEqual([]);
          expect(parsed.data.slice(1)).toEqual(rows.map(([f, b, s]) => [String(Object.is(f, -0) ? 0 : f), b.toString(), s]));
          for (const [i, [f]] of rows.entries()) expect(Number(parsed.data[i + 1]?.[0])).toBe(Object.is(f, -0) ? 0 : f);
          // The same rows give the same bytes.
          expect(toCsv(['f', 'b', 's'], rows)).toBe(text);
        },
      ),
      { numRuns: 200 },
    );
  });
});
