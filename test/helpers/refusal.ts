/** A refused chain call: its error, after checking that it left `digest` of the state as it was. */
import { expect } from 'vitest';

export function refusalOf<S>(state: S, digest: (s: S) => string, call: () => { ok: boolean; error?: string }): string | undefined {
  const before = digest(state);
  const r = call();
  expect(r.ok).toBe(false);
  expect(digest(state)).toBe(before);
  return r.error;
}
