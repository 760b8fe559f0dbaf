import type { DataKey } from '../crypto/key-ring.ts';
import type { EncodedBatch } from './encode-batch.ts';
import { moduleWorker } from '../threads/module-worker.ts';

/** Runs batch-worker.ts in a worker thread and hands out batches in the order they were asked for. */
export interface BatchProducer {
  encode(start: number, end: number): Promise<EncodedBatch>;
  close(): Promise<void>;
}

export function startBatchProducer(seed: number, asOf: string | undefined, keys: DataKey[]): BatchProducer {
  const worker = moduleWorker(new URL('./batch-worker.ts', import.meta.url), { seed, asOf, keys });
  const waiting: Array<{ resolve: (batch: EncodedBatch) => void; reject: (error: Error) => void }> = [];
  worker.on('message', (batch: EncodedBatch) => waiting.shift()?.resolve(toBuffers(batch)));
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

/** Structured cloning turns Buffers into Uint8Arrays; `pg` sends only Buffers as bytea. */
function toBuffers(batch: EncodedBatch): EncodedBatch {
  const buffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const row of batch.patients) row.body = buffer(row.body);
  for (const row of batch.clinical) row.body = buffer(row.body);
  return batch;
}
