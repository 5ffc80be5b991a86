/** Entry point of an epoch worker thread (./epochPool.ts): serve Yuma jobs until terminated. */
import { type MessagePort, workerData } from 'node:worker_threads';
import { serveEpochJobs } from './epochPool.js';

const { port, flag } = workerData as { port: MessagePort; flag: Int32Array };
serveEpochJobs(port, flag);
