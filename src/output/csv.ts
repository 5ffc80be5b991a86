/**
 * CSV text, byte-stable: integers (bigint rao) as integer strings, floats in the shortest form that
 * reads back to the same double (`String(x)`), booleans as true/false, null as an empty cell,
 * RFC 4180 quoting, "\n" line ends. The same rows always give the same bytes.
 */

export type Cell = string | number | bigint | boolean | null;

function quote(s: string): string {
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatCell(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError(`CSV cell: ${v} is not a finite number`);
    // -0 prints as "0" through String(), so a sign never appears and disappears between runs.
    return String(v);
  }
  return String(v);
}

/** One line, "\n" included. */
export function formatRow(cells: readonly Cell[]): string {
  return cells.map(formatCell).join(',') + '\n';
}

/** A whole table, header first. Every row must have as many cells as the header. */
export function toCsv(header: readonly string[], rows: Iterable<readonly Cell[]>): string {
  let out = formatRow(header);
  for (const r of rows) {
    checkWidth(header, r);
    out += formatRow(r);
  }
  return out;
}

export function checkWidth(header: readonly string[], row: readonly Cell[]): void {
  if (row.length !== header.length) {
    throw new RangeError(`CSV row has ${row.length} cells, the header has ${header.length} (${header.join(',')})`);
  }
}
