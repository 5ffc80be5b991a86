/**
 * YAML read safely, for scenario files and `--set` values alike: YAML 1.2's core schema without
 * hexadecimal and octal integers (`0x1` is text here, not 1), unique keys, no custom tags (`!foo`,
 * `!!js/function` are refused, not read as text), and a bound on aliases (an alias bomb is refused).
 */
import { parseDocument, type Tags, type YAMLError } from 'yaml';

const noHexOrOctal = (tags: Tags): Tags => tags.filter((t) => !(typeof t === 'object' && 'format' in t && (t.format === 'HEX' || t.format === 'OCT')));

/** More aliases than this in one document is refused (a scenario needs a few; a bomb needs many). */
const MAX_ALIASES = 100;

export const positionOf = (e: YAMLError): string => {
  const lp = e.linePos?.[0];
  return lp ? `line ${lp.line}, column ${lp.col}` : 'unknown position';
};
const firstLine = (e: YAMLError): string => (e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');

export type YamlRead = { ok: true; value: unknown } | { ok: false; problem: string; where: string | undefined };

export function readYaml(text: string): YamlRead {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, intAsBigInt: false, customTags: noHexOrOctal, logLevel: 'silent' });
  const err = doc.errors[0];
  if (err !== undefined) return { ok: false, problem: firstLine(err), where: positionOf(err) };
  const tag = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (tag !== undefined) return { ok: false, problem: `${firstLine(tag)} (tags are not read)`, where: positionOf(tag) };
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIASES }) };
  } catch (e) {
    // an alias to an anchor not set before it, or too many aliases
    return { ok: false, problem: (e as Error).message, where: undefined };
  }
}
