/**
 * The three kinds of failure (DESIGN.md "Errors"): bad input, refused actions (events, not
 * exceptions, see chain/), and broken invariants.
 */

/** Bad input: names where (file and key path), the value, and what was expected. Exit code 2. */
export class InputError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
    readonly file?: string,
  ) {
    super(`${file ? file + ': ' : ''}${path ? path + ': ' : ''}${problem}`);
    this.name = 'InputError';
  }
}

/** A bug: an invariant of the economy was broken. The run stops with the values involved. */
export class InvariantViolation extends Error {
  constructor(
    readonly invariant: string,
    readonly values: Record<string, string>,
  ) {
    super(`invariant "${invariant}" violated: ${Object.entries(values).map(([k, v]) => `${k}=${v}`).join(', ')}`);
    this.name = 'InvariantViolation';
  }
}
