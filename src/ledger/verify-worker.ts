import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { statements, type Sql } from '../store/database.ts';
import { startupOptions } from '../store/pg-driver.ts';
import { batchBuffers, packBatch } from './entry-batch.ts';
import { entriesFrom } from './entry-rows.ts';
import type { RangeTask } from './parallel-batches.ts';

/**
 * A verification worker: reads its share of the number ranges in the snapshot of the
 * verifying transaction, and hands back each range hashed. It runs at most AHEAD ranges
 * ahead of what the verifier has taken, so memory stays bounded.
 */
const task = workerData as RangeTask;
const AHEAD = 3;
const port = parentPort!;
let taken = 0;
let wake: (() => void) | undefined;
port.on('message', () => {
  taken++;
  wake?.();
});

const client = new pg.Client({ connectionString: task.url, options: startupOptions(task.role) });
await client.connect();
const sql: Sql = { ...statements, query: async <T>(text: string, params?: readonly unknown[]) => (await client.query(text, params as unknown[])).rows as T[] };
try {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  await client.query(`SET TRANSACTION SNAPSHOT '${task.snapshot.replace(/'/g, '')}'`);
  const read = (range: number) => {
    const from = BigInt(task.firstSeq) + BigInt(range) * BigInt(task.rangeSize);
    return from > BigInt(task.lastSeq) ? undefined : entriesFrom(sql, from, task.rangeSize, from + BigInt(task.rangeSize) - 1n);
  };
  let sent = 0;
  // The next range is asked for before this one is hashed: the server works meanwhile.
  let pending = read(task.worker);
  for (let range = task.worker; pending; range += task.workers) {
    const rows = await pending;
    pending = read(range + task.workers);
    while (sent - taken >= AHEAD) await new Promise<void>((resolve) => (wake = resolve));
    const batch = packBatch(rows);
    port.postMessage(batch, batchBuffers(batch));
    sent++;
  }
  await client.query('COMMIT');
} finally {
  await client.end();
}
port.postMessage('done');
