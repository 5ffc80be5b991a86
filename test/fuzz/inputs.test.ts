/**
 * Fuzz of the input path (#13): fast-check breaks the shipped scenarios (keys deleted, renamed and
 * duplicated, values of the wrong type, extremes, long and non-ASCII strings, path-like names,
 * aliases), a snapshot CSV, and the flags; each case goes through the real CLI entry, in process,
 * and must end in exit 0, or exit 2 with a message naming the file or the flag — never an internal
 * error, never a write outside its own result folder. `npm run fuzz` runs many more cases.
 */
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { main } from '../../src/cli/entry.js';
import { REPO_ROOT } from '../helpers/shared.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
const SEEDS = ['scenarios/baseline.yaml', 'scenarios/examples/whale.yaml', 'scenarios/examples/minimal.yaml', 'scenarios/examples/childkeys.yaml'].map((f) => ({
  name: basename(f),
  doc: parse(readFileSync(join(REPO_ROOT, f), 'utf8')) as unknown,
}));
const SNAPSHOT = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'snapshot_b8791253_flat.csv'), 'utf8');

const EXTREMES: unknown[] = [
  0, -1, 1, 2 ** 53, 2 ** 64, '18446744073709551616', '-0.5', '1e5', 1e308, Number.NaN, Number.POSITIVE_INFINITY, '0x10', 0.1, true, null,
  [], {}, '', 'x'.repeat(300), 'ü€😀', '../x', '.', '..', 'a/b', 'a\nb', 'a\u0000b', '__proto__', 'constructor',
];

type Path = (string | number)[];
function paths(v: unknown, at: Path = []): Path[] {
  if (Array.isArray(v)) return [at, ...v.flatMap((x, i) => paths(x, [...at, i]))];
  if (v !== null && typeof v === 'object') return [at, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, k]))];
  return [at];
}
function parentOf(doc: unknown, p: Path): Record<string | number, unknown> | undefined {
  let node = doc as Record<string | number, unknown>;
  for (const k of p.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  return node !== null && typeof node === 'object' ? node : undefined;
}

type Mutation = { kind: 'delete' | 'rename' | 'set'; at: number; value: number } | { kind: 'duplicate-key' | 'alias' | 'json'; at: number; value: number };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('delete', 'rename', 'set', 'set', 'set', 'duplicate-key', 'alias', 'json'),
  at: fc.nat(),
  value: fc.nat(),
}) as fc.Arbitrary<Mutation>;

/** The broken file's name and text. */
function broken(seed: (typeof SEEDS)[number], ms: readonly Mutation[]): { file: string; text: string } {
  const doc = structuredClone(seed.doc);
  let asJson = false;
  let textEdits: ((t: string) => string)[] = [];
  for (const m of ms) {
    const all = paths(doc).filter((p) => p.length > 0);
    const p = all[m.at % all.length]!;
    const parent = parentOf(doc, p);
    const key = p[p.length - 1]!;
    if (parent === undefined) continue;
    if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else if (m.kind === 'rename' && !Array.isArray(parent)) {
      parent[`${String(key)}x`] = parent[key];
      delete parent[key];
    } else if (m.kind === 'set') parent[key] = EXTREMES[m.value % EXTREMES.length];
    else if (m.kind === 'json') asJson = true;
    else if (m.kind === 'duplicate-key') textEdits.push((t) => t.replace(/^(\w+):.*$/m, (line) => `${line}\n${line}`));
    else if (m.kind === 'alias') textEdits.push((t) => `${t}\nextra_a: &anchor [1, 2]\nextra_b: *anchor\n${m.value % 2 ? 'extra_c: *nowhere\n' : ''}`);
  }
  if (asJson) {
    let text: string;
    try {
      text = JSON.stringify(doc, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
    } catch {
      text = '{';
    }
    return { file: `${seed.name.replace(/\.yaml$/, '')}.json`, text };
  }
  let text = stringify(doc);
  for (const e of textEdits) text = e(text);
  textEdits = [];
  return { file: seed.name, text };
}

/** Run the CLI in process, capturing what it prints. */
async function cli(argv: string[]): Promise<{ code: number; out: string }> {
  const writes: string[] = [];
  const so = process.stdout.write.bind(process.stdout);
  const se = process.stderr.write.bind(process.stderr);
  const grab = (chunk: unknown) => {
    writes.push(String(chunk));
    return true;
  };
  process.stdout.write = grab as typeof process.stdout.write;
  process.stderr.write = grab as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, out: writes.join('') };
  } finally {
    process.stdout.write = so;
    process.stderr.write = se;
    process.exitCode = undefined;
  }
}

let root = '';
let cwd0 = '';
const outcomes = { ok: 0, refused: 0 };

beforeAll(() => {
  cwd0 = process.cwd();
  root = mkdtempSync(join(tmpdir(), 'taosim-fuzz-'));
});
afterAll(() => {
  process.chdir(cwd0);
  rmSync(root, { recursive: true, force: true });
});

/** One case in a fresh folder: the verdict, and what it left in the folder. */
async function fuzzCase(n: string, files: Record<string, string>, argv: (dir: string) => string[], results: readonly string[] = ['out', 'result']): Promise<void> {
  const dir = join(root, n);
  mkdirSync(dir);
  for (const [f, t] of Object.entries(files)) writeFileSync(join(dir, f), t);
  process.chdir(dir);
  const r = await cli(argv(dir));
  process.chdir(root);
  expect(r.out, r.out).not.toMatch(/internal error/);
  expect([0, 2], r.out).toContain(r.code);
  const left = readdirSync(dir).filter((f) => !(f in files)).sort();
  if (r.code === 0) {
    outcomes.ok++;
    // a result folder, under out/ or at --out, and nothing else
    expect(left.length, left.join(',')).toBe(1);
    expect(results).toContain(left[0]);
  } else {
    outcomes.refused++;
    expect(r.out).toMatch(/^taosim: /);
    expect(left.filter((f) => f !== 'out'), left.join(',')).toEqual([]);
    if (left.includes('out')) expect(readdirSync(join(dir, 'out'))).toEqual([]);
  }
  rmSync(dir, { recursive: true, force: true });
}

describe('fuzz: broken inputs through the CLI', () => {
  let k = 0;
  it(`${RUNS} broken scenario files: exit 0 or 2 naming the file, nothing written elsewhere`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: SEEDS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean(), async (s, ms, withOut) => {
        const { file, text } = broken(SEEDS[s]!, ms);
        await fuzzCase(`s${k++}`, { [file]: text }, (dir) => ['run', file, '--epochs', '1', '--neurons', 'off', ...(withOut ? ['--out', join(dir, 'result')] : [])]);
      }),
      { numRuns: RUNS, seed: 13 },
    );
    expect(outcomes.refused).toBeGreaterThan(RUNS / 4);
  });

  it(`${Math.ceil(RUNS / 4)} broken snapshot CSVs`, async () => {
    const lines = SNAPSHOT.split('\n');
    const header = lines[0]!.split(',');
    const scenario = 'name: snap\nrun: { epochs: 1, block_step: 360 }\ninitial:\n  from_snapshot: snap.csv\n  uids_per_subnet: 4\n';
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), fc.constantFrom('drop-column', 'duplicate-column', 'cell', 'truncate', 'empty'), fc.nat(), async (col, row, how, v) => {
        const rows = lines.map((l) => l.split(','));
        const c = col % header.length;
        const r = 1 + (row % (rows.length - 2));
        if (how === 'drop-column') rows.forEach((x) => x.splice(c, 1));
        else if (how === 'duplicate-column') rows.forEach((x) => x.push(x[c]!));
        else if (how === 'cell') rows[r]![c] = String(EXTREMES[v % EXTREMES.length]).replace(/[,\n]/g, ' ');
        else if (how === 'truncate') rows.splice(r + 1);
        const csv = how === 'empty' ? '' : rows.map((x) => x.join(',')).join('\n');
        await fuzzCase(`c${k++}`, { 'snap.yaml': scenario, 'snap.csv': csv }, () => ['run', 'snap.yaml', '--neurons', 'off']);
      }),
      { numRuns: Math.ceil(RUNS / 4), seed: 14 },
    );
  });

  it(`${Math.ceil(RUNS / 2)} broken flags`, async () => {
    const flag = fc.constantFrom('--seed', '--epochs', '--block-step', '--threads', '--set', '--out', '--neurons', '--check', '--bogus', '--seeds');
    const value = fc.constantFrom('', '-1', '0', '1', '1e9', 'x', '1,,2', '2.5', 'on', 'network.tao_weight=0.18', 'initial.__proto__.x=1', 'a=', '=1');
    await fc.assert(
      // sweep starts real processes of the built binary (its flags: test/e2e/flags.test.ts)
      fc.asyncProperty(fc.constantFrom('run', 'validate'), fc.array(fc.tuple(flag, fc.option(value, { nil: undefined })), { maxLength: 3 }), async (command, pairs) => {
        const argv = [command, 'minimal.yaml', '--epochs', '1', ...pairs.flatMap(([f, v]) => (v === undefined ? [f] : [f, v]))];
        // an --out given is where the result may go (its first segment)
        const outs = pairs.filter(([f, v]) => f === '--out' && v !== undefined).map(([, v]) => v!.split('/')[0]!);
        await fuzzCase(`f${k++}`, { 'minimal.yaml': readFileSync(join(REPO_ROOT, 'scenarios/examples/minimal.yaml'), 'utf8') }, () => argv, ['out', ...outs]);
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: 15 },
    );
  });
});
