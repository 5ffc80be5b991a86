/**
 * Flags read as strictly as scenario keys: a flag that takes a value needs one (no silent
 * default for `--seed` alone or `--seed ''`), is given once, and a number is a plain whole number
 * in the range the scenario file itself allows. yargs calls these while parsing, before any
 * command runs, so a bad flag stops the command before it writes anything.
 */
import { InputError } from '../core/errors.js';

const once = (flag: string, raw: unknown): string => {
  if (Array.isArray(raw)) throw new InputError(flag, `given ${raw.length} times; give it once`);
  if (typeof raw === 'number') return String(raw); // the option's own default
  if (typeof raw !== 'string' || raw.trim() === '') throw new InputError(flag, 'needs a value');
  return raw.trim();
};

/** A whole number in [min, max], written as digits. */
export const wholeNumber =
  (flag: string, min: number, max: number) =>
  (raw: unknown): number => {
    const text = once(flag, raw);
    const v = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(v >= min && v <= max)) throw new InputError(flag, `expected a whole number from ${min} to ${max.toLocaleString('en')} (got "${text}")`);
    return v;
  };

/** A non-empty value, given once. */
export const text =
  (flag: string) =>
  (raw: unknown): string =>
    once(flag, raw);

/** Comma-separated whole numbers in [min, max], none empty. */
export const wholeNumberList =
  (flag: string, min: number, max: number) =>
  (raw: unknown): number[] =>
    once(flag, raw)
      .split(',')
      .map((t) => {
        if (t.trim() === '') throw new InputError(flag, `an empty item in "${String(raw)}"`);
        return wholeNumber(flag, min, max)(t);
      });

/** The options every valued flag gets: a value is required. */
export const valued = { requiresArg: true } as const;

/** `run.epochs` and `run.block_step` of the scenario file allow at most these. */
export const MAX_EPOCHS = 100_000_000;
export const MAX_SEED = 2 ** 32 - 1;
