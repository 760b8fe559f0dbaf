import type { DataKey } from '../crypto/key-ring.ts';
import type { EncodedRecords } from '../gate/load-records.ts';
import { moduleWorker } from '../threads/module-worker.ts';

/**
 * Runs batch-worker.ts in worker threads and hands out batches in the order they were
 * asked for. A batch depends only on its range (the seed draws each patient from its
 * index), so which worker made it changes nothing in the data.
 */
export interface BatchProducer {
  encode(start: number, end: number): Promise<EncodedRecords>;
  close(): Promise<void>;
}

/**
 * Two workers: one generated and sealed 1.2 ms of CPU a patient against PostgreSQL's
 * 0.6 ms to load it (measured at 20,000 patients), so alone it bounded the seed at
 * ~800 patients/s whatever the server; the server needs the rest of a 2-core machine.
 */
export const PRODUCERS = 2;

/**
 * A batch's records live a few milliseconds, then go: a young generation larger than V8's
 * default lets most of them die there without being copied out (20,000 patients, one
 * after the other: 18.1–19.0 s against 19.1–20.9 s, Node's CPU 24.7–26.3 s against 25.8–28.7 s).
 */
const YOUNG_GENERATION_MB = 96;

export function startBatchProducer(seed: number, asOf: string | undefined, keys: DataKey[]): BatchProducer {
  const workers = Array.from({ length: PRODUCERS }, () => startWorker(seed, asOf, keys));
  let next = 0;
  return {
    encode: (start, end) => workers[next++ % workers.length]!.encode(start, end),
    close: async () => {
      await Promise.all(workers.map((worker) => worker.close()));
    },
  };
}

function startWorker(seed: number, asOf: string | undefined, keys: DataKey[]): BatchProducer {
  const worker = moduleWorker(new URL('./batch-worker.ts', import.meta.url), { seed, asOf, keys }, { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB });
  const waiting: Array<{ resolve: (batch: EncodedRecords) => void; reject: (error: Error) => void }> = [];
  worker.on('message', (batch: EncodedRecords) => waiting.shift()?.resolve(batch));
  worker.on('error', (error) => {
    for (const pending of waiting.splice(0)) pending.reject(error);
  });
  return {
    encode: (start, end) =>
      new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        worker.postMessage({ start, end });
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}
