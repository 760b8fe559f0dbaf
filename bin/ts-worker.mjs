// Starts a worker thread on a TypeScript module (workerData.entry), through tsx like the rest.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
