import { Worker, type ResourceLimits } from 'node:worker_threads';

/** Compiled (dist/), every module of Vigie is JavaScript; from the sources, TypeScript. */
const COMPILED = import.meta.url.endsWith('.js');

/**
 * A worker thread on one of Vigie's modules, named by its source file. Compiled, it runs
 * the JavaScript beside the caller as it is; from the sources (tests, development) it goes
 * through tsx, which a production install does not have.
 */
export function moduleWorker(source: URL, workerData: object, resourceLimits?: ResourceLimits): Worker {
  if (COMPILED) return new Worker(new URL(source.href.replace(/\.ts$/, '.js')), { workerData, resourceLimits });
  return new Worker(new URL('../../bin/ts-worker.mjs', import.meta.url), { workerData: { ...workerData, entry: source.href }, resourceLimits });
}
