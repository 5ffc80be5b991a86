#!/usr/bin/env node
/**
 * Why the sweep's Parquet files are written by DuckDB: install size and time, and the time to
 * write one table of all a sweep's runs, for DuckDB's Node API (what `taosim sweep` uses, its own
 * code from dist/) and for Apache Arrow JS + parquet-wasm (the CSVs parsed by papaparse, the same
 * column types, built as Arrow columns, written by parquet-wasm). Each engine is installed afresh
 * from the npm registry into a temporary folder, to time the install and measure its size.
 *
 *   npm run build
 *   node dist/src/cli/main.js sweep scenarios/baseline.yaml --seeds 32 --neurons off --out out/baseline-sweep
 *   node scripts/parquet-engines.mjs out/baseline-sweep [--table subnets] [--repeat 3]
 *
 * Prints one row per engine (the best of --repeat writes) and the two files' sha256, twice each.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Papa from 'papaparse';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [sweep, ...rest] = process.argv.slice(2);
if (sweep === undefined) {
  console.error('usage: node scripts/parquet-engines.mjs <sweep-dir> [--table subnets] [--repeat 3]');
  process.exit(2);
}
const opt = (name, dflt) => (rest.includes(name) ? rest[rest.indexOf(name) + 1] : dflt);
const table = opt('--table', 'subnets');
const repeat = Number(opt('--repeat', '3'));

const { PARQUET_TABLES, writeRunsParquet } = await import(pathToFileURL(join(root, 'dist', 'src', 'output', 'parquet.js')).href);
const columns = PARQUET_TABLES.find((t) => t.table === table).columns;
const index = Papa.parse(readFileSync(join(sweep, 'sweep.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data.filter((r) => r.status === 'complete');
const runs = index.map((r) => ({ id: r.run, seed: Number(r.seed), values: [], csv: join(sweep, r.out, `${table}.csv`) }));
const rows = runs.reduce((n, r) => n + readFileSync(r.csv, 'utf8').split('\n').length - 2, 0);
const work = mkdtempSync(join(tmpdir(), 'taosim-parquet-engines-'));
const sha = (path) => createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16);
const seconds = (t0) => (performance.now() - t0) / 1000;

function install(name, packages) {
  const prefix = join(work, name);
  mkdirSync(prefix);
  writeFileSync(join(prefix, 'package.json'), '{"private": true}\n');
  const t0 = performance.now();
  execFileSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', ...packages], { stdio: 'ignore' });
  const time = seconds(t0);
  const size = Number(execFileSync('du', ['-sk', join(prefix, 'node_modules')]).toString().split('\t')[0]) * 1024;
  return { prefix, time, size };
}

async function best(write) {
  let t = Infinity;
  const hashes = [];
  for (let k = 0; k < repeat; k++) {
    const t0 = performance.now();
    const path = await write(k);
    t = Math.min(t, seconds(t0));
    hashes.push(sha(path));
    if (k > 0) rmSync(path);
  }
  return { t, hashes: [...new Set(hashes)] };
}

const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies['@duckdb/node-api'].replace(/^\^/, '');
const duck = install('duckdb', [`@duckdb/node-api@${version}`]);
const duckWrite = await best(async (k) => {
  const path = join(work, `duckdb-${k}.parquet`);
  await writeRunsParquet(path, columns, [], runs);
  return path;
});

const arrowInstall = install('arrow', ['apache-arrow@21', 'parquet-wasm@0.8']);
const req = (m) => import(pathToFileURL(join(arrowInstall.prefix, 'node_modules', m)).href);
const A = await req('apache-arrow/Arrow.node.mjs');
const P = await req('parquet-wasm/node/parquet_wasm.js');

/** The same types as the DuckDB file: decimals as Decimal128 of the CSV's exact digits. */
function arrowTable() {
  const names = Object.keys(columns);
  const scale = (ty) => Number(/^DECIMAL\(38,(\d+)\)$/.exec(ty)?.[1]);
  const typeOf = (ty) => (ty === 'BIGINT' ? new A.Int64() : ty === 'INTEGER' ? new A.Int32() : ty === 'DOUBLE' ? new A.Float64() : ty === 'BOOLEAN' ? new A.Bool() : ty === 'VARCHAR' ? new A.Utf8() : new A.Decimal(scale(ty), 38, 128));
  const fields = [new A.Field('run', new A.Utf8()), new A.Field('seed', new A.Int64()), ...names.map((n) => new A.Field(n, typeOf(columns[n]), true))];
  const builders = fields.map((f) => A.makeBuilder({ type: f.type, nullValues: [null] }));
  const word = new Uint32Array(4);
  const decimal = (text, s) => {
    const neg = text.startsWith('-');
    const [w, f = ''] = (neg ? text.slice(1) : text).split('.');
    let v = BigInt(w + f.padEnd(s, '0'));
    if (neg) v = -v;
    for (let i = 0; i < 4; i++) {
      word[i] = Number(BigInt.asUintN(32, v));
      v >>= 32n;
    }
    return word;
  };
  for (const r of runs)
    for (const row of Papa.parse(readFileSync(r.csv, 'utf8'), { header: true, skipEmptyLines: true }).data) {
      builders[0].append(r.id);
      builders[1].append(BigInt(r.seed));
      names.forEach((n, i) => {
        const v = row[n];
        const ty = columns[n];
        const b = builders[i + 2];
        if (ty === 'VARCHAR') b.append(v);
        else if (v === '') b.append(null);
        else if (ty === 'BIGINT') b.append(BigInt(v));
        else if (ty === 'INTEGER' || ty === 'DOUBLE') b.append(Number(v));
        else if (ty === 'BOOLEAN') b.append(v === 'true');
        else b.append(decimal(v, scale(ty)));
      });
    }
  return new A.Table(Object.fromEntries(fields.map((f, i) => [f.name, builders[i].finish().toVector()])));
}

const arrowWrite = await best(async (k) => {
  const path = join(work, `arrow-${k}.parquet`);
  const props = new P.WriterPropertiesBuilder().setCompression(P.Compression.ZSTD).build();
  writeFileSync(path, P.writeParquet(P.Table.fromIPCStream(A.tableToIPC(arrowTable(), 'stream')), props));
  return path;
});

const mb = (b) => (b / 2 ** 20).toFixed(1);
console.log(`${table}.csv of ${runs.length} runs: ${rows} rows; best of ${repeat} writes`);
console.log('engine\tinstall MB\tinstall s\twrite s\tfile MB\tsha256 of each write');
console.log(`@duckdb/node-api ${version}\t${mb(duck.size)}\t${duck.time.toFixed(1)}\t${duckWrite.t.toFixed(2)}\t${mb(statSync(join(work, 'duckdb-0.parquet')).size)}\t${duckWrite.hashes.join(' ')}`);
console.log(`apache-arrow + parquet-wasm\t${mb(arrowInstall.size)}\t${arrowInstall.time.toFixed(1)}\t${arrowWrite.t.toFixed(2)}\t${mb(statSync(join(work, 'arrow-0.parquet')).size)}\t${arrowWrite.hashes.join(' ')}`);
rmSync(work, { recursive: true, force: true });
