/** The parse step refuses what a careless or hostile file or flag can slip past a lenient reader (#13). */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { applyOverrides, parseOverride } from '../../src/scenario/overrides.js';

const refused = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).message;
  }
  throw new Error('not refused');
};

describe('JSON', () => {
  it('refuses a key given twice in one object, with its line (JSON.parse would keep the last)', () => {
    expect(refused(() => parseScenarioText('{\n  "name": "a",\n  "run": {"epochs": 2, "epochs": 3}\n}', 'x.json'))).toMatch(/x\.json: invalid JSON at line 3, column \d+: a key given twice/);
    expect(parseScenarioText('{"a": {"b": 1}, "c": {"b": 2}}', 'x.json')).toEqual({ a: { b: 1 }, c: { b: 2 } });
  });
});

describe('YAML', () => {
  it('reads 0x1 and 0o7 as text, and decimal and exponent numbers as numbers', () => {
    expect(parseScenarioText('a: 0x1\nb: 0o7\nc: 12\nd: 1.5e3\ne: "7"', 'x.yaml')).toEqual({ a: '0x1', b: '0o7', c: 12, d: 1500, e: '7' });
  });
  it('refuses a tag, an undefined alias and too many aliases', () => {
    expect(refused(() => parseScenarioText('a: !foo 1', 'x.yaml'))).toMatch(/tags are not read/);
    expect(refused(() => parseScenarioText('a: *x', 'x.yaml'))).toMatch(/invalid YAML: Unresolved alias/);
    const bomb = ['a0: &a0 [1, 1]', ...Array.from({ length: 60 }, (_, i) => `a${i + 1}: &a${i + 1} [*a${i}, *a${i}]`)].join('\n');
    expect(refused(() => parseScenarioText(bomb, 'x.yaml'))).toMatch(/Excessive alias count/);
  });
});

describe('--set', () => {
  it('refuses keys that would reach Object.prototype, and leaves it clean', () => {
    for (const k of ['initial.__proto__.x', 'constructor.prototype.x', '__proto__.polluted'])
      expect(refused(() => parseOverride(`${k}=1`))).toMatch(/is not a scenario key/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
  it('refuses a name where a list needs an index (it was set on the array and ignored)', () => {
    const doc = { initial: { subnets: [{ netuid: 1, tao_in: '1' }] } };
    expect(refused(() => applyOverrides(doc, parseOverride('initial.subnets.x.tao_in=2')))).toMatch(/initial\.subnets is a list, so .* needs an index/);
    expect(applyOverrides(doc, parseOverride("initial.subnets.0.tao_in='2'"))).toEqual({ initial: { subnets: [{ netuid: 1, tao_in: '2' }] } });
  });
  it('reads values as the file does: no tags, no hexadecimal', () => {
    expect(refused(() => parseOverride('seed=!!js/function x'))).toMatch(/tags are not read/);
    expect(parseOverride('seed=0x10')).toEqual([{ path: 'seed', value: '0x10' }]);
  });
});
