/**
 * The only writer of run results. Everything goes into a temporary sibling folder
 * (`<out>.tmp-<pid>`); tables stream into it row by row through a small buffer. `finish` writes
 * meta.json last and renames the folder into place, replacing an older result only then, so a
 * folder at `<out>` with a meta.json is always a complete run. `fail` moves what was written to
 * `<out>.failed` with a failed.json saying why; a killed run leaves only `<out>.tmp-<pid>`.
 * The table schemas belong to the reporters: a table's header is given when it is opened.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { canonicalJson } from '../core/canonical.js';
import { type Cell, checkWidth, formatRow } from './csv.js';

export const META_FILE = 'meta.json';
export const FAILED_FILE = 'failed.json';
const FLUSH_AT = 1 << 16;

export interface TableWriter {
  readonly file: string;
  readonly header: readonly string[];
  /** Rows appended so far. */
  readonly rows: number;
  append(row: readonly Cell[]): void;
}

class Table implements TableWriter {
  rows = 0;
  private buf = '';
  private fd: number | null;

  constructor(
    readonly file: string,
    readonly header: readonly string[],
    path: string,
  ) {
    this.fd = openSync(path, 'wx');
    this.buf = formatRow(header);
  }

  append(row: readonly Cell[]): void {
    if (this.fd === null) throw new Error(`${this.file}: append after the output was finished or failed`);
    checkWidth(this.header, row);
    this.buf += formatRow(row);
    this.rows++;
    if (this.buf.length >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.fd !== null && this.buf !== '') writeSync(this.fd, this.buf);
    this.buf = '';
  }

  close(sync: boolean): void {
    if (this.fd === null) return;
    this.flush();
    if (sync) fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = null;
  }
}

export class OutputWriter {
  private readonly tables = new Map<string, Table>();
  private state: 'open' | 'finished' | 'failed' = 'open';

  private constructor(
    /** Where the complete result will be. */
    readonly outDir: string,
    /** Where it is written meanwhile. */
    readonly tmpDir: string,
  ) {}

  /**
   * Start a result at `outDir`. Refuses (InputError, before anything is written) when `outDir` is
   * something other than an older taosim result or an empty folder, so a typo in --out cannot
   * replace unrelated files.
   */
  static open(outDir: string): OutputWriter {
    const out = resolve(outDir);
    if (existsSync(out)) {
      const st = statSync(out);
      const ours = st.isDirectory() && (readdirSync(out).length === 0 || existsSync(join(out, META_FILE)));
      if (!ours) {
        throw new InputError('', `the output path exists and is not a taosim result (no ${META_FILE}); refusing to replace it`, outDir);
      }
    }
    const tmp = `${out}.tmp-${process.pid}`;
    // A folder left by an earlier process with our pid is from a killed run: never a result.
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(dirname(out), { recursive: true });
    mkdirSync(tmp);
    return new OutputWriter(out, tmp);
  }

  /** Open a table file (e.g. "network.csv") and write its header. */
  table(file: string, header: readonly string[]): TableWriter {
    this.checkOpen();
    if (!/^[A-Za-z0-9_.-]+\.csv$/.test(file) || basename(file) !== file) throw new Error(`table name "${file}": expected a plain file name ending in .csv`);
    if (this.tables.has(file)) throw new Error(`table ${file} is already open`);
    if (header.length === 0 || new Set(header).size !== header.length) throw new Error(`table ${file}: the header must be non-empty with unique names`);
    const t = new Table(file, [...header], join(this.tmpDir, file));
    this.tables.set(file, t);
    return t;
  }

  /** Flush every table, write meta.json (sorted keys), and move the result into place. Returns its path. */
  finish(meta: Readonly<Record<string, unknown>>): string {
    this.checkOpen();
    this.state = 'finished';
    for (const t of this.tables.values()) t.close(true);
    writeMetaFile(join(this.tmpDir, META_FILE), meta);
    const old = `${this.outDir}.old-${process.pid}`;
    const hadOld = existsSync(this.outDir);
    if (hadOld) renameSync(this.outDir, old);
    renameSync(this.tmpDir, this.outDir);
    if (hadOld) rmSync(old, { recursive: true, force: true });
    return this.outDir;
  }

  /**
   * The run failed: keep what was written, for diagnosis, at `<out>.failed` with failed.json
   * (the error, and `meta` if given) and no meta.json; `<out>` is left as it was. Returns the path.
   */
  fail(error: unknown, meta?: Readonly<Record<string, unknown>>): string {
    this.checkOpen();
    this.state = 'failed';
    for (const t of this.tables.values()) t.close(false);
    const e = error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
    writeMetaFile(join(this.tmpDir, FAILED_FILE), { error: e, meta: meta ?? null, tables: this.rowCounts() });
    const failed = `${this.outDir}.failed`;
    rmSync(failed, { recursive: true, force: true });
    renameSync(this.tmpDir, failed);
    return failed;
  }

  private rowCounts(): Record<string, number> {
    return Object.fromEntries([...this.tables.values()].map((t) => [t.file, t.rows]));
  }

  private checkOpen(): void {
    if (this.state !== 'open') throw new Error(`output ${this.outDir} was already ${this.state}`);
  }
}

function writeMetaFile(path: string, value: unknown): void {
  writeFileSync(path, canonicalJson(value, 2) + '\n', { flag: 'wx' });
}

/** Write a whole small file (a sweep index) under a temporary name, then rename it into place. */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** Create a folder (and its parents) for a sweep's runs. */
export const ensureDir = (path: string): void => {
  mkdirSync(path, { recursive: true });
};
