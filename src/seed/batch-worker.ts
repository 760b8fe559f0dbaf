import { parentPort, workerData } from 'node:worker_threads';
import { KeyRing, type DataKey } from '../crypto/key-ring.ts';
import { memoryOf } from '../gate/load-records.ts';
import { encodeBatch } from './encode-batch.ts';
import { generateGroup } from './group.ts';

/**
 * The seed's second core: generates, encrypts and writes for COPY batches while the main
 * thread loads the previous one into the database (PGlite runs on the main thread).
 */
const { seed, asOf, keys } = workerData as { seed: number; asOf: string | undefined; keys: DataKey[] };
const group = generateGroup(seed, { referenceDate: asOf });
const ring = KeyRing.detached(keys);

parentPort!.on('message', ({ start, end }: { start: number; end: number }) => {
  const batch = encodeBatch(group, ring, seed, start, end);
  parentPort!.postMessage(batch, memoryOf(batch));
});
