/**
 * The only writer of run results. Everything goes into a temporary sibling folder
 * (`<out>.tmp-<pid>`); tables stream into it row by row through a small buffer. `finish` writes
 * meta.json last and renames the folder into place, replacing an older result only then, so a
 * folder at `<out>` with a meta.json is always a complete run. `fail` moves what was written to
 * `<out>.failed` with a failed.json saying why; a killed run leaves only `<out>.tmp-<pid>`.
 * The table schemas belong to the reporters: a table's header is given when it is opened.
 *
 * One process at a time writes a result: `<out>.lock`, made by an exclusive create and holding the
 * writer's pid, is taken before anything else and dropped at the end; a second run on the same
 * folder is refused while the first lives, and a lock or temporary folder left by a dead process
 * is cleaned up. A run only ever writes `<out>`, `<out>.tmp-<pid>`, `<out>.old-<pid>`,
 * `<out>.failed` and `<out>.lock`, and removes nothing else.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
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
    private readonly lock: string,
  ) {}

  /**
   * Start a result at `outDir`. Refuses (InputError, before anything is written) when `outDir` is
   * something other than an older taosim result or an empty folder, so a typo in --out cannot
   * replace unrelated files.
   */
  static open(outDir: string): OutputWriter {
    const out = resolve(outDir);
    const parent = dirname(out);
    fsStep(outDir, 'make its parent folder', () => mkdirSync(parent, { recursive: true }));
    const lock = takeLock(out, outDir);
    try {
      removeLeftovers(out);
      if (existsSync(out)) {
        const st = statSync(out);
        const ours = st.isDirectory() && (readdirSync(out).length === 0 || existsSync(join(out, META_FILE)));
        if (!ours) {
          throw new InputError('', `the output path exists and is not a taosim result (no ${META_FILE}); refusing to replace it`, outDir);
        }
      }
      const tmp = `${out}.tmp-${process.pid}`;
      fsStep(outDir, 'make its temporary folder', () => mkdirSync(tmp));
      return new OutputWriter(out, tmp, lock);
    } catch (e) {
      unlinkSync(lock);
      throw e;
    }
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
    unlinkSync(this.lock);
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
    unlinkSync(this.lock);
    return failed;
  }

  private rowCounts(): Record<string, number> {
    return Object.fromEntries([...this.tables.values()].map((t) => [t.file, t.rows]));
  }

  private checkOpen(): void {
    if (this.state !== 'open') throw new Error(`output ${this.outDir} was already ${this.state}`);
  }
}

/** A file-system step of opening a result; its failure (no permission, a file in the way) is the user's to fix. */
function fsStep<T>(shownAs: string, what: string, step: () => T): T {
  try {
    return step();
  } catch (e) {
    throw asInputError(e, shownAs, what);
  }
}

function asInputError(e: unknown, shownAs: string, what: string): unknown {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  const why: Record<string, string> = { EACCES: 'permission denied', EPERM: 'not permitted', ENOTDIR: 'a file is in the way', EEXIST: 'a file is in the way', EROFS: 'read-only file system', ENAMETOOLONG: 'the name is too long', ENOSPC: 'no space left' };
  return code in why ? new InputError('', `cannot ${what}: ${why[code]}`, shownAs) : e;
}

/** Is the process with this pid alive (a signal 0 reaches it, or it exists but is not ours)? */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `<out>.lock` by an exclusive create; a lock of a dead process is taken over, a live one refused. */
function takeLock(out: string, shownAs: string): string {
  const lock = `${out}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      return lock;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw asInputError(e, shownAs, 'lock the result');
      let holder = NaN;
      try {
        holder = Number(readFileSync(lock, 'utf8').trim());
      } catch {
        continue; // dropped meanwhile: try again
      }
      // our own pid: a writer of this process that never finished (as with `<out>.tmp-<pid>`)
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder))
        throw new InputError('', `another taosim process (pid ${holder}) is writing this result; wait for it to end, or give another --out`, shownAs);
      rmSync(lock, { force: true }); // its writer is gone
    }
  }
  throw new InputError('', 'could not lock the result: another process keeps taking it', shownAs);
}

/**
 * Folders of processes that are gone (killed runs): `<out>.tmp-<pid>` is never a result and goes;
 * `<out>.old-<pid>` is the older result a run had moved aside to put its own in place, so it comes
 * back to `<out>` if nothing took its place, and goes otherwise.
 */
function removeLeftovers(out: string): void {
  const dir = dirname(out);
  const base = basename(out);
  for (const f of readdirSync(dir)) {
    const m = /^(.*)\.(tmp|old)-(\d+)$/.exec(f);
    if (m === null || m[1] !== base) continue;
    const pid = Number(m[3]);
    if (pid !== process.pid && alive(pid)) continue;
    if (m[2] === 'old' && !existsSync(out)) renameSync(join(dir, f), out);
    else rmSync(join(dir, f), { recursive: true, force: true });
  }
}

function writeMetaFile(path: string, value: unknown): void {
  writeFileSync(path, canonicalJson(value, 2) + '\n', { flag: 'wx' });
}

/** Write a whole small file (a sweep index) under a temporary name, then rename it into place. */
export function writeFileAtomic(path: string, text: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** Create a folder (and its parents) for a sweep's runs. */
export const ensureDir = (path: string): void => {
  mkdirSync(path, { recursive: true });
};

/** A JSON file (canonical: sorted keys, two-space indent), written atomically. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, canonicalJson(value, 2) + '\n');
}

/**
 * Record a sweep run that failed: `<dir>/meta.json` with `status: "failed"` and the error, so a
 * resume redoes it and `merge` names it. Only into a folder that is absent or already a taosim
 * result folder that is not complete; returns false (nothing written) otherwise.
 */
export function recordFailedRun(dir: string, meta: Readonly<Record<string, unknown>>): boolean {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) return false;
    const m = join(dir, META_FILE);
    if (readdirSync(dir).length > 0 && !existsSync(m)) return false;
    if (existsSync(m) && /"status": "complete"/.test(readFileSync(m, 'utf8'))) return false;
  }
  writeJsonAtomic(join(dir, META_FILE), { ...meta, status: 'failed' });
  return true;
}

/** A CSV file written row by row under a temporary name and renamed into place on close. */
export class AtomicCsv {
  private readonly tmp: string;
  private readonly fd: number;
  private buf: string;
  constructor(
    private readonly path: string,
    private readonly header: readonly string[],
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.tmp = `${path}.tmp-${process.pid}`;
    this.fd = openSync(this.tmp, 'w');
    this.buf = formatRow(header);
  }
  append(row: readonly Cell[]): void {
    checkWidth(this.header, row);
    this.buf += formatRow(row);
    if (this.buf.length >= FLUSH_AT) {
      writeSync(this.fd, this.buf);
      this.buf = '';
    }
  }
  close(): void {
    if (this.buf !== '') writeSync(this.fd, this.buf);
    closeSync(this.fd);
    renameSync(this.tmp, this.path);
  }
}
