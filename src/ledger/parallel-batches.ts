import { availableParallelism } from 'node:os';
import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { moduleWorker } from '../threads/module-worker.ts';
import { batchesInThread, type EntryBatch } from './entry-batch.ts';

/** What a verification worker reads: its share of the ranges, in one exported snapshot. */
export interface RangeTask {
  url: string;
  role?: string | undefined;
  snapshot: string;
  firstSeq: string;
  lastSeq: string;
  rangeSize: number;
  worker: number;
  workers: number;
}

const RANGE_SIZE = 8192;
/** Entries from which workers pay for their start (npm run bench:ledger prints how long it takes: the first batch's wait). */
export const PARALLEL_FROM = 200_000;

/**
 * Batches read and hashed by worker threads, each on its own connection to the server,
 * all in the snapshot of the caller's transaction (`sql`, which must stay open), handed
 * back in number order. Reading the entries alone takes more than half of a one-thread verification
 * (npm run bench:ledger prints both); this spreads reading and hashing over the machine's
 * cores (two workers here, the verifier on the main one).
 */
export async function* batchesFromWorkers(
  tx: Sql,
  server: { url: string; role?: string | undefined },
  firstSeq: bigint,
  parallelFrom = PARALLEL_FROM,
): AsyncGenerator<EntryBatch> {
  const [{ last } = { last: null }] = await tx.rows<{ last: bigint | null }>(sql`SELECT max(seq) AS last FROM audit_event`);
  if (last === null || BigInt(last) < firstSeq) return;
  // Starting the workers is not worth it for a small ledger.
  if (BigInt(last) - firstSeq < BigInt(parallelFrom)) return yield* batchesInThread(tx, firstSeq);
  const [{ snapshot } = { snapshot: '' }] = await tx.rows<{ snapshot: string }>(sql`SELECT pg_export_snapshot() AS snapshot`);
  const workers = Math.max(1, Math.min(4, availableParallelism()));
  const queues = Array.from({ length: workers }, () => new Inbox());
  const threads = queues.map((inbox, worker) => {
    const task: RangeTask = { ...server, snapshot, firstSeq: String(firstSeq), lastSeq: String(last), rangeSize: RANGE_SIZE, worker, workers };
    const thread = moduleWorker(new URL('./verify-worker.ts', import.meta.url), task);
    thread.on('message', (message: EntryBatch | 'done') => inbox.put(message));
    thread.on('error', (error) => inbox.fail(error));
    thread.on('exit', (code) => inbox.fail(new Error(`a verification worker stopped (exit code ${code})`)));
    return thread;
  });
  try {
    for (let range = 0; ; range++) {
      const worker = range % workers;
      const message = await queues[worker]!.take();
      if (message === 'done') return;
      threads[worker]!.postMessage('taken');
      yield message;
    }
  } finally {
    await Promise.all(threads.map((thread) => thread.terminate()));
  }
}

/** Messages of one worker, in the order sent; a failure reaches whoever waits. */
class Inbox {
  private readonly items: Array<EntryBatch | 'done'> = [];
  private waiting: { resolve: (item: EntryBatch | 'done') => void; reject: (error: Error) => void } | undefined;
  private error: Error | undefined;

  put(item: EntryBatch | 'done'): void {
    if (this.waiting) {
      this.waiting.resolve(item);
      this.waiting = undefined;
    } else this.items.push(item);
  }

  fail(error: Error): void {
    this.error ??= error;
    this.waiting?.reject(error);
    this.waiting = undefined;
  }

  take(): Promise<EntryBatch | 'done'> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    if (this.error) return Promise.reject(this.error);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }
}
