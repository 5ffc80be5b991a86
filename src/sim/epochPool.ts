/**
 * Where a coinbase step's subnet epochs are computed: on the calling thread, or with their Yuma
 * spread over worker threads while the calling thread computes and applies the payouts.
 *
 * Why this is exact: within a step a subnet's epoch reads only its own storage (weights, bonds,
 * permits, pending) and the stake on it and on root, and its payout terms read only those stakes,
 * owners and takes. No other subnet's payout changes any of these (payouts stake alpha on their
 * own subnet; root stake moves only with root claims, after the step's blocks). So the first
 * epoch of every subnet that fires in a step can be computed up front on any thread, and its
 * terms computed and applied in the chain's order. The functions are pure, so the thread count
 * never changes a result (an end-to-end test compares the bytes).
 *
 * The threaded runner posts every job's Yuma input to every worker (./wire.ts packs it). Each job
 * has a claim flag in shared memory: workers claim from the lowest job up, the calling thread
 * takes the results in order, computing the payout terms of each (they read the ledger, which
 * lives here) and applying them as they come; when the job it needs is not claimed it computes it
 * itself, and while a worker is still on it, it computes the highest unclaimed job meanwhile. It
 * stays synchronous: it sleeps on shared counters (Atomics.wait) and reads the workers' answers
 * off their ports with receiveMessageOnPort.
 */
import { performance } from 'node:perf_hooks';
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { type EpochResult, type SubnetEpochJob, type SubnetEpochResult, payoutTermsOf, runEpochJob, runSubnetEpoch } from '../chain/coinbase/subnetEpoch.js';
import { type Packed, packEpochJob, packEpochOut, transferables, unpackEpochJob, unpackEpochOut } from './wire.js';

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

// ---- the shared claims ---------------------------------------------------------------------------

/** Messages posted to each worker so far. */
const POSTED = 0;
/** Results posted by all workers so far. */
const RESULTS = 1;
/** Claim flags of the jobs by global index modulo CLAIM_RING: 0 free, 1 claimed. */
const CLAIM_RING = 1 << 16;

/** Claims job q (a global index) for the calling thread; false when another thread has it. */
const claim = (claims: Int32Array, q: number): boolean => Atomics.compareExchange(claims, q % CLAIM_RING, 0, 1) === 0;

type ToWorker = { readonly kind: 'batch'; readonly base: number; readonly end: number } | { readonly kind: 'job'; readonly q: number; readonly packed: Packed } | { readonly kind: 'stop' };
type FromWorker = { readonly q: number; readonly packed: Packed } | { readonly q: number; readonly error: string };

// ---- the worker side ---------------------------------------------------------------------------

/** The worker's loop: claim and compute the Yuma of each batch's jobs, lowest first, until told to stop. */
export function serveEpochJobs(port: MessagePort, ctl: Int32Array, claims: Int32Array): void {
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
    let m: ToWorker | undefined;
    for (let q = header.base; q < header.end; q++) {
      if (!claim(claims, q)) continue;
      // jobs arrive in order; those before q were claimed by others
      for (m = next(); !(m.kind === 'job' && m.q === q); m = next());
      let reply: FromWorker;
      let transfer: ArrayBuffer[] = [];
      try {
        const out = packEpochOut(runEpochJob(unpackEpochJob(m.packed)));
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
  private readonly ctl = new Int32Array(new SharedArrayBuffer(4 * 2));
  private readonly claims = new Int32Array(new SharedArrayBuffer(4 * CLAIM_RING));
  /** Global index of the next batch's first job. */
  private base = 0;

  constructor(threads: number) {
    for (let t = 1; t < threads; t++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(new URL('./epochWorker.js', import.meta.url), {
        workerData: { port: port2, ctl: this.ctl, claims: this.claims },
        transferList: [port2],
      });
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
    const { ctl, claims } = this;
    const base = this.base;
    const end = base + jobs.length;
    this.base = end % CLAIM_RING;
    // the workers finished the previous batch's claims before its last result was taken
    for (let q = base; q < end; q++) Atomics.store(claims, q % CLAIM_RING, 0);
    this.post({ kind: 'batch', base, end });
    jobs.forEach((job, q) => this.post({ kind: 'job', q: base + q, packed: packEpochJob(job.epoch) }));

    const local = new Map<number, EpochResult>();
    const received = new Map<number, FromWorker>();
    /** Lowest job the calling thread has tried to claim from the top. */
    let top = end;
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
    const epochOf = (g: number): EpochResult => {
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
          return unpackEpochOut(theirs.packed);
        }
        const seen = Atomics.load(ctl, RESULTS);
        if (drain()) continue;
        if (claim(claims, g)) return runEpochJob(jobs[g - base]!.epoch);
        // a worker is on it: compute the highest unclaimed job meanwhile
        let helped = false;
        while (!helped && top > g + 1) {
          top--;
          if (claim(claims, top)) {
            local.set(top, runEpochJob(jobs[top - base]!.epoch));
            helped = true;
          }
        }
        if (helped) continue;
        Atomics.wait(ctl, RESULTS, seen, 1000);
        if (performance.now() - t0 > WORKER_TIMEOUT_MS) throw new Error(`no epoch worker answered in ${WORKER_TIMEOUT_MS / 60_000} minutes`);
      }
    };
    return {
      take: (q: number): SubnetEpochResult => {
        const job = jobs[q]!;
        const epoch = epochOf(base + q);
        return { epoch, terms: payoutTermsOf(job.payout, epoch) };
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
