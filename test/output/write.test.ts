/** The writer streams tables into a temporary folder and moves a complete result into place atomically. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { FAILED_FILE, META_FILE, OutputWriter } from '../../src/output/write.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'taosim-out-'));

function writeRun(out: string, rows: number, meta: Record<string, unknown>): string {
  const w = OutputWriter.open(out);
  const net = w.table('network.csv', ['epoch', 'issuance_rao', 'price']);
  const ev = w.table('events.csv', ['epoch', 'kind']);
  for (let i = 0; i < rows; i++) {
    net.append([i, 10n ** 15n + BigInt(i), i / 3]);
    if (i % 100 === 0) ev.append([i, 'stake']);
  }
  return w.finish(meta);
}

describe('OutputWriter', () => {
  it('writes nothing at <out> until finish, then a complete folder with meta.json in sorted key order', () => {
    const dir = fresh();
    const out = join(dir, 'run');
    const w = OutputWriter.open(out);
    const t = w.table('network.csv', ['epoch', 'x']);
    for (let i = 0; i < 20_000; i++) t.append([i, i * 0.1]);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['run.lock', `run.tmp-${process.pid}`]);
    // Streaming: rows reach the disk before finish, not only at the end.
    expect(readFileSync(join(w.tmpDir, 'network.csv'), 'utf8').length).toBeGreaterThan(1 << 16);
    expect(w.finish({ zeta: 1, alpha: { b: 2n, a: [3, 1] } })).toBe(out);
    expect(readdirSync(dir)).toEqual(['run']);
    expect(readdirSync(out).sort()).toEqual(['meta.json', 'network.csv']);
    expect(readFileSync(join(out, META_FILE), 'utf8')).toBe('{\n  "alpha": {\n    "a": [\n      3,\n      1\n    ],\n    "b": "2"\n  },\n  "zeta": 1\n}\n');
    const csv = readFileSync(join(out, 'network.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('epoch,x');
    expect(csv[3]).toBe('2,0.2');
    expect(csv.length).toBe(20_002);
  });

  it('gives the same bytes for the same rows', () => {
    const a = join(fresh(), 'a');
    const b = join(fresh(), 'b');
    writeRun(a, 5000, { seed: 1 });
    writeRun(b, 5000, { seed: 1 });
    for (const f of ['network.csv', 'events.csv', 'meta.json']) expect(readFileSync(join(a, f))).toEqual(readFileSync(join(b, f)));
  });

  it('replaces an older result only when the new one is complete', () => {
    const out = join(fresh(), 'run');
    writeRun(out, 10, { run: 1 });
    const w = OutputWriter.open(out);
    w.table('network.csv', ['epoch']).append([0]);
    // Mid-run, the old result is still there, whole.
    expect(JSON.parse(readFileSync(join(out, META_FILE), 'utf8'))).toEqual({ run: 1 });
    expect(readFileSync(join(out, 'network.csv'), 'utf8').split('\n').length).toBe(12);
    w.finish({ run: 2 });
    expect(JSON.parse(readFileSync(join(out, META_FILE), 'utf8'))).toEqual({ run: 2 });
    expect(readdirSync(out).sort()).toEqual(['meta.json', 'network.csv']);
  });

  it('on failure leaves no complete-looking result: <out> untouched, the partial output marked failed', () => {
    const dir = fresh();
    const out = join(dir, 'run');
    writeRun(out, 10, { run: 1 });
    const w = OutputWriter.open(out);
    w.table('network.csv', ['epoch']).append([0]);
    const failed = w.fail(new Error('invariant "conservation" violated'), { seed: 3n });
    expect(failed).toBe(`${out}.failed`);
    expect(readdirSync(dir).sort()).toEqual(['run', 'run.failed']);
    expect(JSON.parse(readFileSync(join(out, META_FILE), 'utf8'))).toEqual({ run: 1 });
    expect(existsSync(join(failed, META_FILE))).toBe(false);
    expect(JSON.parse(readFileSync(join(failed, FAILED_FILE), 'utf8'))).toEqual({
      error: { message: 'invariant "conservation" violated', name: 'Error' },
      meta: { seed: '3' },
      tables: { 'network.csv': 1 },
    });
    expect(() => w.finish({})).toThrow(/already failed/);
  });

  it('a killed run (never finished) leaves only the temporary folder, without meta.json', () => {
    const dir = fresh();
    const w = OutputWriter.open(join(dir, 'run'));
    w.table('network.csv', ['epoch']).append([0]);
    expect(readdirSync(dir).sort()).toEqual(['run.lock', `run.tmp-${process.pid}`]);
    expect(existsSync(join(w.tmpDir, META_FILE))).toBe(false);
    // A later run with the same pid starts clean.
    OutputWriter.open(join(dir, 'run')).finish({});
    expect(readdirSync(dir)).toEqual(['run']);
  });

  it('refuses to replace something that is not a taosim result, before writing anything', () => {
    const dir = fresh();
    const notOurs = join(dir, 'data');
    mkdirSync(notOurs);
    writeFileSync(join(notOurs, 'thesis.tex'), 'x');
    expect(() => OutputWriter.open(notOurs)).toThrow(InputError);
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => OutputWriter.open(join(dir, 'file'))).toThrow(/not a taosim result/);
    expect(readdirSync(dir).sort()).toEqual(['data', 'file']);
  });

  it('checks table names, headers and row widths', () => {
    const w = OutputWriter.open(join(fresh(), 'run'));
    expect(() => w.table('../x.csv', ['a'])).toThrow(/plain file name/);
    expect(() => w.table('x.csv', ['a', 'a'])).toThrow(/unique/);
    const t = w.table('x.csv', ['a', 'b']);
    expect(() => w.table('x.csv', ['a'])).toThrow(/already open/);
    expect(() => t.append([1])).toThrow(/1 cells/);
    w.finish({});
    expect(() => t.append([1, 2])).toThrow(/after the output/);
  });
});

describe('one writer at a time, and what killed runs leave', () => {
  // a pid no process has (pids are below 2^22 on Linux)
  const DEAD = 4_194_304 + 17;

  it('a second writer on the same folder is refused while the first is open, and may go after it', () => {
    const out = join(fresh(), 'run');
    const first = OutputWriter.open(out);
    writeFileSync(join(out + '.lock'), `${process.ppid}\n`); // held by a live process that is not us
    expect(() => OutputWriter.open(out)).toThrow(/another taosim process \(pid \d+\) is writing this result/);
    writeFileSync(join(out + '.lock'), `${process.pid}\n`);
    first.table('network.csv', ['epoch']).append([0]);
    first.finish({ status: 'complete' });
    expect(existsSync(out + '.lock')).toBe(false);
    writeRun(out, 3, { status: 'complete', n: 2 });
    expect(JSON.parse(readFileSync(join(out, META_FILE), 'utf8')).n).toBe(2);
  });

  it("takes over a dead process's lock, removes its temporary folder and restores a result it had moved aside", () => {
    const dir = fresh();
    const out = join(dir, 'run');
    writeRun(out, 3, { status: 'complete', n: 1 });
    // a killed run: its lock, its half-written folder, and the older result renamed aside
    writeFileSync(out + '.lock', `${DEAD}\n`);
    mkdirSync(`${out}.tmp-${DEAD}`);
    writeFileSync(join(`${out}.tmp-${DEAD}`, 'network.csv'), 'epoch\n');
    renameSync(out, `${out}.old-${DEAD}`);
    mkdirSync(join(dir, 'unrelated.tmp-1')); // not ours: never touched
    const w = OutputWriter.open(out);
    expect(readdirSync(dir).sort()).toEqual(['run', 'run.lock', `run.tmp-${process.pid}`, 'unrelated.tmp-1']);
    expect(JSON.parse(readFileSync(join(out, META_FILE), 'utf8')).n).toBe(1); // restored
    w.fail(new Error('stop'));
    expect(readdirSync(dir).sort()).toEqual(['run', 'run.failed', 'unrelated.tmp-1']);
  });

  it('a file in the way or a folder without permission is bad input, and leaves nothing behind', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => OutputWriter.open(join(dir, 'file', 'run'))).toThrow(InputError);
    expect(readdirSync(dir)).toEqual(['file']);
  });
});
