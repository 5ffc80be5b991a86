/**
 * The Yuma epochs of one coinbase step, on worker threads.
 *
 * Why this is safe: within a step a subnet's epoch reads only its own storage (weights, bonds,
 * permits, pending) and the stake on it and on root, and no other subnet's payout changes any of
 * those (payouts stake alpha on their own subnet; root stake moves only with root claims, after
 * the step's blocks). So the first epoch of every subnet that fires in a step can be computed up
 * front, on any thread, and the payouts then applied in the chain's order. Yuma is a pure
 * function, so the thread count never changes a result (an end-to-end test compares the bytes).
 *
 * The engine stays synchronous: the main thread posts jobs, computes its own share, then sleeps
 * on a shared flag (Atomics.wait) until the worker has answered, and takes the answer off the
 * port with receiveMessageOnPort.
 */
import { performance } from 'node:perf_hooks';
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { yumaResult, type U16Rows, type YumaInput, type YumaParams } from '../chain/epoch/yuma.js';

export interface EpochJob {
  readonly input: YumaInput;
  readonly params: YumaParams;
}

/** What the engine keeps of an epoch's output. */
export interface EpochResult {
  readonly bondsStored: U16Rows;
  readonly newValidatorPermits: boolean[];
  readonly serverEmission: bigint[];
  readonly validatorEmission: bigint[];
  readonly incentiveU16: number[];
  readonly dividendsU16: number[];
}

export function runEpochJob(job: EpochJob): EpochResult {
  const o = yumaResult(job.input, job.params);
  return {
    bondsStored: o.bondsStored,
    newValidatorPermits: o.newValidatorPermits,
    serverEmission: o.serverEmission,
    validatorEmission: o.validatorEmission,
    incentiveU16: o.incentiveU16,
    dividendsU16: o.dividendsU16,
  };
}

/** Runs a step's epoch jobs; results in job order. */
export interface EpochRunner {
  runAll(jobs: readonly EpochJob[]): EpochResult[];
  close(): void;
}

export const sequentialRunner: EpochRunner = { runAll: (jobs) => jobs.map(runEpochJob), close: () => undefined };

// ---- wire format: typed arrays, transferred rather than copied ---------------------------------

interface WireRows {
  readonly ptr: Int32Array;
  readonly j: Int32Array;
  readonly v: Float64Array;
}
interface WireJob {
  readonly n: number;
  readonly currentBlock: number;
  readonly lastMechanismStepBlock: number;
  readonly alphaStake: BigUint64Array;
  readonly taoStake: BigUint64Array;
  readonly lastUpdate: Float64Array;
  readonly blockAtRegistration: Float64Array;
  readonly weights: WireRows;
  readonly bonds: WireRows;
  readonly validatorPermits: Uint8Array;
  readonly raoEmission: bigint;
  readonly commitBlocks?: Float64Array;
  readonly params: YumaParams;
}
interface WireResult {
  readonly bonds: WireRows;
  readonly newValidatorPermits: Uint8Array;
  readonly serverEmission: BigUint64Array;
  readonly validatorEmission: BigUint64Array;
  readonly incentiveU16: Uint16Array;
  readonly dividendsU16: Uint16Array;
}

function rowsToWire(rows: U16Rows, n: number): WireRows {
  const ptr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) ptr[i + 1] = ptr[i]! + (rows[i]?.j.length ?? 0);
  const j = new Int32Array(ptr[n]!);
  const v = new Float64Array(ptr[n]!);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (r === undefined) continue;
    j.set(r.j, ptr[i]!);
    v.set(r.v, ptr[i]!);
  }
  return { ptr, j, v };
}

/** Rows as views on the wire arrays; values as u16 when `u16` (stored bonds), else as sent. */
function rowsFromWire(w: WireRows, u16: boolean): U16Rows {
  const v = u16 ? Uint16Array.from(w.v) : w.v;
  return Array.from({ length: w.ptr.length - 1 }, (_, i) => ({ j: w.j.subarray(w.ptr[i]!, w.ptr[i + 1]!), v: v.subarray(w.ptr[i]!, w.ptr[i + 1]!) }));
}

const buffersOf = (r: WireRows): ArrayBuffer[] => [r.ptr.buffer as ArrayBuffer, r.j.buffer as ArrayBuffer, r.v.buffer as ArrayBuffer];

function jobToWire({ input, params }: EpochJob): { job: WireJob; transfer: ArrayBuffer[] } {
  const job: WireJob = {
    n: input.n,
    currentBlock: input.currentBlock,
    lastMechanismStepBlock: input.lastMechanismStepBlock,
    alphaStake: BigUint64Array.from(input.alphaStake),
    taoStake: BigUint64Array.from(input.taoStake),
    lastUpdate: Float64Array.from(input.lastUpdate),
    blockAtRegistration: Float64Array.from(input.blockAtRegistration),
    weights: rowsToWire(input.weights, input.n),
    bonds: rowsToWire(input.bonds, input.n),
    validatorPermits: Uint8Array.from(input.validatorPermits, (p) => (p ? 1 : 0)),
    raoEmission: input.raoEmission,
    ...(input.commitBlocks ? { commitBlocks: Float64Array.from(input.commitBlocks) } : {}),
    params,
  };
  const transfer = [
    job.alphaStake.buffer,
    job.taoStake.buffer,
    job.lastUpdate.buffer,
    job.blockAtRegistration.buffer,
    job.validatorPermits.buffer,
    ...buffersOf(job.weights),
    ...buffersOf(job.bonds),
  ] as ArrayBuffer[];
  return { job, transfer };
}

function jobFromWire(w: WireJob): EpochJob {
  return {
    input: {
      n: w.n,
      currentBlock: w.currentBlock,
      lastMechanismStepBlock: w.lastMechanismStepBlock,
      alphaStake: Array.from(w.alphaStake),
      taoStake: Array.from(w.taoStake),
      lastUpdate: Array.from(w.lastUpdate),
      blockAtRegistration: Array.from(w.blockAtRegistration),
      weights: rowsFromWire(w.weights, false),
      bonds: rowsFromWire(w.bonds, true),
      validatorPermits: Array.from(w.validatorPermits, (p) => p === 1),
      raoEmission: w.raoEmission,
      ...(w.commitBlocks ? { commitBlocks: Array.from(w.commitBlocks) } : {}),
    },
    params: w.params,
  };
}

function resultToWire(r: EpochResult): { result: WireResult; transfer: ArrayBuffer[] } {
  const result: WireResult = {
    bonds: rowsToWire(r.bondsStored, r.bondsStored.length),
    newValidatorPermits: Uint8Array.from(r.newValidatorPermits, (p) => (p ? 1 : 0)),
    serverEmission: BigUint64Array.from(r.serverEmission),
    validatorEmission: BigUint64Array.from(r.validatorEmission),
    incentiveU16: Uint16Array.from(r.incentiveU16),
    dividendsU16: Uint16Array.from(r.dividendsU16),
  };
  const transfer = [
    ...buffersOf(result.bonds),
    result.newValidatorPermits.buffer,
    result.serverEmission.buffer,
    result.validatorEmission.buffer,
    result.incentiveU16.buffer,
    result.dividendsU16.buffer,
  ] as ArrayBuffer[];
  return { result, transfer };
}

function resultFromWire(w: WireResult): EpochResult {
  return {
    bondsStored: rowsFromWire(w.bonds, true),
    newValidatorPermits: Array.from(w.newValidatorPermits, (p) => p === 1),
    serverEmission: Array.from(w.serverEmission),
    validatorEmission: Array.from(w.validatorEmission),
    incentiveU16: Array.from(w.incentiveU16),
    dividendsU16: Array.from(w.dividendsU16),
  };
}

// ---- the worker side ---------------------------------------------------------------------------

export type WorkerReply = { readonly results: WireResult[] } | { readonly error: string };

/** The worker's loop: answer each batch of jobs on `port`, then raise `flag`. */
export function serveEpochJobs(port: MessagePort, flag: Int32Array): void {
  port.on('message', (jobs: WireJob[]) => {
    let reply: WorkerReply;
    const transfer: ArrayBuffer[] = [];
    try {
      reply = {
        results: jobs.map((j) => {
          const w = resultToWire(runEpochJob(jobFromWire(j)));
          transfer.push(...w.transfer);
          return w.result;
        }),
      };
    } catch (e) {
      reply = { error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
      transfer.length = 0;
    }
    port.postMessage(reply, transfer);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
}

// ---- the main side -----------------------------------------------------------------------------

/** How long the main thread waits for a worker before calling it lost. */
const WORKER_TIMEOUT_MS = 30 * 60 * 1000;

interface Helper {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly flag: Int32Array;
}

/**
 * `threads` − 1 worker threads plus the main thread. Jobs are dealt out by size (weight entries),
 * largest first, each to the least loaded thread; the main thread keeps its share.
 */
export class ThreadedRunner implements EpochRunner {
  private readonly helpers: Helper[] = [];

  constructor(threads: number) {
    for (let t = 1; t < threads; t++) {
      const { port1, port2 } = new MessageChannel();
      const flag = new Int32Array(new SharedArrayBuffer(4));
      const worker = new Worker(new URL('./epochWorker.js', import.meta.url), { workerData: { port: port2, flag }, transferList: [port2] });
      worker.unref();
      this.helpers.push({ worker, port: port1, flag });
    }
  }

  runAll(jobs: readonly EpochJob[]): EpochResult[] {
    if (this.helpers.length === 0 || jobs.length < 2) return jobs.map(runEpochJob);
    const size = jobs.map((j) => j.input.weights.reduce((a, r) => a + r.j.length, 0) + j.input.n);
    const threads = this.helpers.length + 1;
    const load = new Array<number>(threads).fill(0);
    const owner = new Array<number>(jobs.length);
    for (const q of jobs.map((_, q) => q).sort((a, b) => size[b]! - size[a]! || a - b)) {
      let t = 0;
      for (let u = 1; u < threads; u++) if (load[u]! < load[t]!) t = u;
      owner[q] = t;
      load[t] = load[t]! + size[q]!;
    }
    const batches = this.helpers.map((h, t) => {
      const mine = jobs.flatMap((_, q) => (owner[q] === t + 1 ? [q] : []));
      const transfer: ArrayBuffer[] = [];
      const wire = mine.map((q) => {
        const w = jobToWire(jobs[q]!);
        transfer.push(...w.transfer);
        return w.job;
      });
      Atomics.store(h.flag, 0, 0);
      h.port.postMessage(wire, transfer);
      return mine;
    });
    const results = new Array<EpochResult>(jobs.length);
    jobs.forEach((j, q) => {
      if (owner[q] === 0) results[q] = runEpochJob(j);
    });
    this.helpers.forEach((h, t) => {
      const t0 = performance.now();
      while (Atomics.load(h.flag, 0) === 0) {
        Atomics.wait(h.flag, 0, 0, 1000);
        if (performance.now() - t0 > WORKER_TIMEOUT_MS) throw new Error(`epoch worker ${t + 1} gave no answer in ${WORKER_TIMEOUT_MS / 60_000} minutes`);
      }
      const msg = receiveMessageOnPort(h.port)?.message as WorkerReply | undefined;
      if (msg === undefined) throw new Error(`epoch worker ${t + 1} raised its flag without an answer`);
      if ('error' in msg) throw new Error(`epoch worker ${t + 1} failed: ${msg.error}`);
      batches[t]!.forEach((q, k) => (results[q] = resultFromWire(msg.results[k]!)));
    });
    return results;
  }

  close(): void {
    for (const h of this.helpers) {
      h.port.close();
      void h.worker.terminate();
    }
    this.helpers.length = 0;
  }
}

/** A runner for `threads` threads (1: everything on the calling thread). */
export const epochRunner = (threads: number): EpochRunner => (threads > 1 ? new ThreadedRunner(threads) : sequentialRunner);
