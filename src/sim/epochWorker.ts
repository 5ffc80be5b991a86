/** Entry point of an epoch worker thread (./epochPool.ts): serve subnet epochs until told to stop. */
import { type MessagePort, workerData } from 'node:worker_threads';
import { serveEpochJobs } from './epochPool.js';

const { port, ctl, claims } = workerData as { port: MessagePort; ctl: Int32Array; claims: Int32Array };
serveEpochJobs(port, ctl, claims);
