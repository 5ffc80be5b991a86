/** Canonical JSON: the same value always gives the same bytes (scenario hashes, meta.json). */

/** Plain JSON data: bigints as integer strings, object keys sorted, undefined dropped. */
export function toPlain(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(toPlain);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = toPlain(x);
    }
    return out;
  }
  if (typeof v === 'number' && Object.is(v, -0)) return 0;
  return v;
}

/** Canonical JSON: sorted keys, bigints as strings; the same value always gives the same bytes. */
export function canonicalJson(v: unknown, indent?: number): string {
  return JSON.stringify(toPlain(v), null, indent);
}

