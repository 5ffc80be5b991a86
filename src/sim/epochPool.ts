/**
 * Where a coinbase step's subnet epochs are computed: on the calling thread, or spread over
 * worker threads while the calling thread applies the payouts.
 *
 * Why this is exact: within a step a subnet's epoch reads only its own storage (weights, bonds,
 * permits, pending) and the stake on it and on root, and its payout terms read only those stakes,
 * owners and takes. No other subnet's payout changes any of these (payouts stake alpha on their
 * own subnet; root stake moves only with root claims, after the step's blocks). So the first
 * epoch of every subnet that fires in a step, Yuma and payout terms both
 * (./subnetEpoch.ts), can be computed up front on any thread, and the terms then applied in the
 * chain's order. The functions are pure, so the thread count never changes a result (an
 * end-to-end test compares the bytes).
 *
 * The threaded runner overlaps the two: every job is posted to every worker (./wire.ts packs
 * it), and workers and the calling thread claim jobs from one shared counter, lowest first. The
 * calling thread takes the results in order, applying each payout as it comes, and computes a job
 * itself when nobody has claimed it yet, so no thread waits while there is work. It stays
 * synchronous: it sleeps on shared counters (Atomics.wait) and reads the workers' answers off
 * their ports with receiveMessageOnPort.
 */
import { performance } from 'node:perf_hooks';
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { type SubnetEpochJob, type SubnetEpochResult, runSubnetEpoch } from './subnetEpoch.js';
import { type Packed, packJob, packResult, transferables, unpackJob, unpackResult } from './wire.js';

/** A step's jobs being computed; `take(q)` in increasing q gives each result. */
export interface EpochBatch {
  take(q: number): SubnetEpochResult;
}

export interface EpochRunner {
  start(jobs: readonly SubnetEpochJob[]): EpochBatch;
  close(): void;
}

export const sequentialRunner: EpochRunner = {
  start: (jobs) => ({ take: (q) => runSubnetEpoch(jobs[q]!) }),
  close: () => undefined,
};

// ---- the shared counters -------------------------------------------------------------------------

/** Next unclaimed job (a global index: batches follow each other without resetting it). */
const NEXT = 0;
/** Messages posted to each worker so far. */
const POSTED = 1;
/** Results posted by all workers so far. */
const RESULTS = 2;

/** Claims the lowest unclaimed job below `end`, or −1 when all are claimed. */
function claim(ctl: Int32Array, end: number): number {
  for (;;) {
    const q = Atomics.load(ctl, NEXT);
    if (q >= end) return -1;
    if (Atomics.compareExchange(ctl, NEXT, q, q + 1) === q) return q;
  }
}

type ToWorker = { readonly kind: 'batch'; readonly end: number } | { readonly kind: 'job'; readonly q: number; readonly packed: Packed } | { readonly kind: 'stop' };
type FromWorker = { readonly q: number; readonly packed: Packed } | { readonly q: number; readonly error: string };

// ---- the worker side ---------------------------------------------------------------------------

/** The worker's loop: claim and compute jobs of each batch until told to stop. */
export function serveEpochJobs(port: MessagePort, ctl: Int32Array): void {
  let read = 0;
  const next = (): ToWorker => {
    for (;;) {
      const m = receiveMessageOnPort(port);
      if (m !== undefined) {
        read++;
        return m.message as ToWorker;
      }
      Atomics.wait(ctl, POSTED, read);
    }
  };
  for (;;) {
    const header = next();
    if (header.kind === 'stop') return;
    if (header.kind !== 'batch') continue; // a job of an earlier batch that others computed
    let packed: Packed | undefined;
    for (let q = claim(ctl, header.end); q >= 0; q = claim(ctl, header.end)) {
      // jobs arrive in order; those before q were claimed by others
      for (let m = next(); ; m = next()) {
        if (m.kind === 'job' && m.q === q) {
          packed = m.packed;
          break;
        }
      }
      let reply: FromWorker;
      let transfer: ArrayBuffer[] = [];
      try {
        const out = packResult(runSubnetEpoch(unpackJob(packed)));
        reply = { q, packed: out };
        transfer = transferables(out);
      } catch (e) {
        reply = { q, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
      }
      port.postMessage(reply, transfer);
      Atomics.add(ctl, RESULTS, 1);
      Atomics.notify(ctl, RESULTS);
    }
  }
}

// ---- the calling side ----------------------------------------------------------------------------

/** How long the calling thread waits for a worker's answer before calling it lost. */
const WORKER_TIMEOUT_MS = 30 * 60 * 1000;

interface Helper {
  readonly worker: Worker;
  readonly port: MessagePort;
}

/** `threads` − 1 worker threads beside the calling thread. */
export class ThreadedRunner implements EpochRunner {
  private readonly helpers: Helper[] = [];
  private readonly ctl = new Int32Array(new SharedArrayBuffer(4 * 3));
  /** Global index of the next batch's first job. */
  private base = 0;

  constructor(threads: number) {
    for (let t = 1; t < threads; t++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(new URL('./epochWorker.js', import.meta.url), { workerData: { port: port2, ctl: this.ctl }, transferList: [port2] });
      worker.unref();
      this.helpers.push({ worker, port: port1 });
    }
  }

  private post(m: ToWorker): void {
    for (const h of this.helpers) h.port.postMessage(m);
    Atomics.add(this.ctl, POSTED, 1);
    Atomics.notify(this.ctl, POSTED);
  }

  start(jobs: readonly SubnetEpochJob[]): EpochBatch {
    if (this.helpers.length === 0 || jobs.length < 2) return sequentialRunner.start(jobs);
    const { ctl } = this;
    const base = this.base;
    const end = base + jobs.length;
    this.base = end;
    this.post({ kind: 'batch', end });
    jobs.forEach((job, q) => this.post({ kind: 'job', q: base + q, packed: packJob(job) }));

    const local = new Map<number, SubnetEpochResult>();
    const received = new Map<number, FromWorker>();
    const drain = (): boolean => {
      let any = false;
      for (const h of this.helpers)
        for (let m = receiveMessageOnPort(h.port); m !== undefined; m = receiveMessageOnPort(h.port)) {
          const r = m.message as FromWorker;
          received.set(r.q, r);
          any = true;
        }
      return any;
    };
    return {
      take: (q: number): SubnetEpochResult => {
        const g = base + q;
        const t0 = performance.now();
        for (;;) {
          const mine = local.get(g);
          if (mine !== undefined) {
            local.delete(g);
            return mine;
          }
          const theirs = received.get(g);
          if (theirs !== undefined) {
            received.delete(g);
            if ('error' in theirs) throw new Error(`epoch worker failed: ${theirs.error}`);
            return unpackResult(theirs.packed);
          }
          const seen = Atomics.load(ctl, RESULTS);
          if (drain()) continue;
          // nobody has started it (or a later one): compute it here
          const c = Atomics.load(ctl, NEXT) <= g ? claim(ctl, end) : -1;
          if (c >= 0) {
            local.set(c, runSubnetEpoch(jobs[c - base]!));
            continue;
          }
          Atomics.wait(ctl, RESULTS, seen, 1000);
          if (performance.now() - t0 > WORKER_TIMEOUT_MS) throw new Error(`no epoch worker answered in ${WORKER_TIMEOUT_MS / 60_000} minutes`);
        }
      },
    };
  }

  close(): void {
    if (this.helpers.length === 0) return;
    this.post({ kind: 'stop' });
    for (const h of this.helpers) {
      h.port.close();
      void h.worker.terminate();
    }
    this.helpers.length = 0;
  }
}

/** A runner for `threads` threads (1: everything on the calling thread). */
export const epochRunner = (threads: number): EpochRunner => (threads > 1 ? new ThreadedRunner(threads) : sequentialRunner);
