// A worker thread on a TypeScript module (workerData.entry), through tsx: how
// src/threads/module-worker.ts starts one from the sources.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
