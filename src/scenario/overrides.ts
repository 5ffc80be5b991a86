/**
 * Command-line overrides of scenario keys (`--set network.tao_weight=0.18`), applied to the parsed
 * file before validation, so a bad key or value is refused exactly as in the file. Values are
 * read as YAML scalars: `0.18` is a number, `"0.18"` a string, `true` a boolean, `null` null.
 * Path segments that are integers index lists (`initial.subnets.0.tao_in`).
 */
import { readYaml } from './yaml.js';
import { InputError } from '../core/errors.js';

export interface Override {
  readonly path: string;
  readonly value: unknown;
}

/** `key=value` → an override; `key=v1,v2,…` with `list` → one override per value. */
export function parseOverride(text: string, list = false): Override[] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new InputError('--set', `"${text}" is not key=value (e.g. network.tao_weight=0.18)`);
  const path = text.slice(0, eq).trim();
  if (!/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/.test(path)) throw new InputError('--set', `"${path}" is not a dotted key path (e.g. subnet_defaults.params.kappa)`);
  // no scenario key is named so; setting one would reach Object.prototype
  const odd = path.split('.').find((k) => k === '__proto__' || k === 'constructor' || k === 'prototype');
  if (odd !== undefined) throw new InputError('--set', `${path}: "${odd}" is not a scenario key`);
  const raw = text.slice(eq + 1);
  const parts = list ? raw.split(',') : [raw];
  return parts.map((p) => {
    const r = readYaml(p.trim());
    if (!r.ok) throw new InputError('--set', `${path}: cannot read the value "${p.trim()}" (${r.problem})`);
    return { path, value: r.value };
  });
}

/** A deep copy of `doc` with the overrides set (creating missing objects on the way). */
export function applyOverrides(doc: unknown, overrides: readonly Override[]): unknown {
  const root = structuredClone(doc) as Record<string, unknown>;
  for (const { path, value } of overrides) {
    const keys = path.split('.');
    let node: Record<string, unknown> | unknown[] = root;
    keys.forEach((k, i) => {
      const last = i === keys.length - 1;
      if (Array.isArray(node) && !/^\d+$/.test(k))
        throw new InputError('--set', `${keys.slice(0, i).join('.')} is a list, so ${path} needs an index (a whole number) where it has "${k}"`);
      const key: string | number = Array.isArray(node) ? Number(k) : k;
      if (last) {
        (node as Record<string | number, unknown>)[key] = value;
        return;
      }
      let next = (node as Record<string | number, unknown>)[key];
      if (next === undefined || next === null) {
        next = /^\d+$/.test(keys[i + 1]!) ? [] : {};
        (node as Record<string | number, unknown>)[key] = next;
      }
      if (typeof next !== 'object') throw new InputError('--set', `${keys.slice(0, i + 1).join('.')} is a ${typeof next}, not a section, so ${path} cannot be set`);
      node = next as Record<string, unknown>;
    });
  }
  return root;
}
