/**
 * The only reader of scenario files: read, parse (YAML or JSON by extension), validate, resolve.
 * A parse error names the file and the line.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, extname, resolve as resolvePath } from 'node:path';
import { parseDocument } from 'yaml';
import type { StrategyRegistry } from '../agents/registry.js';
import { InputError } from '../core/errors.js';
import { resolveScenario } from './resolve.js';
import type { ResolvedScenario } from './types.js';
import { applyOverrides, type Override } from './overrides.js';
import { validateScenario } from './schema.js';
import { positionOf, readYaml } from './yaml.js';

export interface LoadOptions {
  /** Overrides the file's seed (CLI --seed). */
  readonly seed?: number;
  /** Keys set from the command line (CLI --set), validated with the file. */
  readonly overrides?: readonly Override[];
  /** Where the populations' strategies are found (default: the built-in ones). */
  readonly strategies?: StrategyRegistry;
}

function readBytes(path: string, shownAs: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new InputError('', `cannot read ${what}: ${why}`, shownAs);
  }
}

/** The bytes as UTF-8 text, refused if they are not (rather than read with replacement characters). */
function utf8(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError('', 'not UTF-8 text (a scenario file is UTF-8)', file);
  }
}

/** `line L, column C` of a character offset. */
function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before[before.length - 1]?.length ?? 0) + 1}`;
}

/**
 * Where JSON text first goes wrong. Node 20's JSON.parse does not always say (for an unexpected
 * token it quotes the text around it instead), so this re-scans the text with the JSON grammar.
 */
function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const eat = (c: string): void => {
    ws();
    if (text.charAt(i) !== c) fail();
    i++;
  };
  const str = (): void => {
    eat('"');
    for (;;) {
      const c = text.charAt(i);
      if (c === '' || c < ' ') fail();
      i += c === '\\' ? 2 : 1;
      if (c === '"') return;
    }
  };
  const value = (): void => {
    ws();
    const c = text.charAt(i);
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text.charAt(i) === close) return void i++;
      for (;;) {
        if (c === '{') {
          ws();
          str();
          eat(':');
        }
        value();
        ws();
        if (text.charAt(i) === ',') i++;
        else return eat(close);
      }
    }
    if (c === '"') return str();
    const m = /-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?|true|false|null/y;
    m.lastIndex = i;
    if (!m.exec(text)) fail();
    i = m.lastIndex;
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
  } catch (at) {
    if (typeof at === 'number') return at;
    throw at;
  }
  return text.length;
}

/**
 * Parse the text of a scenario file; the format comes from the extension. YAML is read safely:
 * no custom tags (`!foo`, `!!js/function` are refused, not read as text), unique keys, a bound on
 * aliases; JSON with duplicate keys is refused too (JSON.parse would keep the last).
 */
export function parseScenarioText(text: string, file: string): unknown {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      const msg = (e as Error).message.replace(/ (in|after) JSON at position \d+.*$/, '');
      throw new InputError('', `invalid JSON at ${lineCol(text, jsonErrorOffset(text))}: ${msg}`, file);
    }
    const dup = parseDocument(text, { schema: 'json', uniqueKeys: true }).errors.find((e) => e.code === 'DUPLICATE_KEY');
    if (dup !== undefined) throw new InputError('', `invalid JSON at ${positionOf(dup)}: a key given twice in one object`, file);
    return value;
  }
  if (ext === '.yaml' || ext === '.yml') {
    const r = readYaml(text);
    if (!r.ok) throw new InputError('', `invalid YAML${r.where === undefined ? '' : ` at ${r.where}`}: ${r.problem}`, file);
    return r.value;
  }
  throw new InputError('', `unknown scenario format "${ext}": expected .yaml, .yml or .json`, file);
}

/** Read, validate and resolve a scenario file. Throws InputError on any bad input. */
export function loadScenario(file: string, opts: LoadOptions = {}): ResolvedScenario {
  const text = utf8(readBytes(file, file, 'scenario file'), file);
  return resolveScenarioDocument(parseScenarioText(text, file), file, opts);
}

/**
 * Validate and resolve a scenario already parsed (an object as a file would hold it), `file`
 * naming it in errors; a `from_snapshot` path is read relative to `file`'s folder. Throws
 * InputError on any bad input, as `loadScenario` does.
 */
export function resolveScenarioDocument(input: unknown, file: string, opts: LoadOptions = {}): ResolvedScenario {
  // the `sweep:` section is read by ./sweep.ts for `taosim sweep`; it is not part of a run's scenario
  let doc = input;
  if (doc !== null && typeof doc === 'object' && !Array.isArray(doc) && 'sweep' in doc) {
    const rest: Record<string, unknown> = { ...(doc as Record<string, unknown>) };
    delete rest.sweep;
    doc = rest;
  }
  const raw = applyOverrides(doc, opts.overrides ?? []);
  const parsed = validateScenario(raw, file);
  let snapshot: { path: string; sha256: string } | undefined;
  if (parsed.initial.from_snapshot !== undefined) {
    const path = resolvePath(dirname(resolvePath(file)), parsed.initial.from_snapshot);
    const bytes = readBytes(path, file, `initial.from_snapshot "${parsed.initial.from_snapshot}" (${path})`);
    snapshot = { path, sha256: createHash('sha256').update(bytes).digest('hex') };
  }
  return resolveScenario(parsed, { file, seed: opts.seed, snapshot, strategies: opts.strategies });
}
