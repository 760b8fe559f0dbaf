import type { Sql } from '../store/database.ts';
import { entriesFrom, leafOfRow, type EntryRow } from './entry-rows.ts';

/**
 * Ledger entries in number order, reduced to what verification needs — number, lane,
 * position, recomputed leaf hash, stored chain hash, time — in typed arrays, so that a
 * worker thread can hand a batch over without copying it.
 */
export interface EntryBatch {
  count: number;
  seqs: BigInt64Array;
  /** -1: the entry has no lane. */
  lanes: Int16Array;
  /** -1: the entry has no position in a lane. */
  positions: BigInt64Array;
  /** 32 bytes per entry. */
  leaves: Uint8Array;
  /** 32 bytes per entry, as stored (zeros where hasChain is 0). */
  chains: Uint8Array;
  hasChain: Uint8Array;
  occurredMs: Float64Array;
}

export const HASH_BYTES = 32;

export function packBatch(rows: readonly EntryRow[]): EntryBatch {
  const count = rows.length;
  const batch: EntryBatch = {
    count,
    seqs: new BigInt64Array(count),
    lanes: new Int16Array(count),
    positions: new BigInt64Array(count),
    leaves: new Uint8Array(count * HASH_BYTES),
    chains: new Uint8Array(count * HASH_BYTES),
    hasChain: new Uint8Array(count),
    occurredMs: new Float64Array(count),
  };
  rows.forEach((row, i) => {
    batch.seqs[i] = BigInt(row.seq);
    batch.lanes[i] = row.lane ?? -1;
    batch.positions[i] = row.lane_seq === null ? -1n : BigInt(row.lane_seq);
    batch.leaves.set(leafOfRow(row), i * HASH_BYTES);
    if (row.chain_hash && row.chain_hash.length === HASH_BYTES) {
      batch.chains.set(row.chain_hash, i * HASH_BYTES);
      batch.hasChain[i] = 1;
    }
    batch.occurredMs[i] = Date.parse(row.occurred_at);
  });
  return batch;
}

/** The buffers of a batch, to transfer to another thread. */
export const batchBuffers = (batch: EntryBatch): ArrayBuffer[] =>
  [batch.seqs, batch.lanes, batch.positions, batch.leaves, batch.chains, batch.hasChain, batch.occurredMs].map((array) => array.buffer as ArrayBuffer);

const BATCH = 5000;

/** Batches read and hashed in this thread, one query ahead: the embedded database, or a transaction's own view. */
export async function* batchesInThread(sql: Sql, fromSeq: bigint): AsyncGenerator<EntryBatch> {
  let pending = entriesFrom(sql, fromSeq, BATCH);
  for (;;) {
    const rows = await pending;
    if (rows.length === BATCH) pending = entriesFrom(sql, BigInt(rows.at(-1)!.seq) + 1n, BATCH);
    yield packBatch(rows);
    if (rows.length < BATCH) return;
  }
}
