import { createHash, type KeyObject } from 'node:crypto';
import type { Database, Sql } from '../store/database.ts';
import { checkpointMessage, type Checkpoint } from './checkpoint.ts';
import { chainNext, GENESIS_HASH } from './entry-hash.ts';
import { batchesInThread, HASH_BYTES, type EntryBatch } from './entry-batch.ts';
import { batchesFromWorkers } from './parallel-batches.ts';
import { MerkleFrontier, type Hash } from './merkle.ts';
import { keyIdOf, verifySignature } from './signing-key.ts';

/**
 * Walks the whole chain in order, recomputing every entry's hash from its content and
 * the Merkle root at every signed checkpoint, and names the first place where the ledger
 * is not what was appended: an altered entry, a missing range, an entry beyond the head,
 * a checkpoint whose root or signature does not hold (history rewritten, hashes and all),
 * or old entries no checkpoint covers (checkpoints removed).
 */
export interface LedgerReport {
  intact: boolean;
  /** Entries checked (from the first chained one to the heads, or to the problem). */
  entries: bigint;
  /** SHA-256 over the lanes' head hashes, in lane order: the state verified, in one hash. */
  head: string;
  checkpoints: number;
  /** Entries written before the chain existed (only on databases older than it). */
  beforeChain: bigint;
  problem?: { seq: bigint; kind: 'altered' | 'missing' | 'unexpected' | 'head' | 'checkpoint' | 'unsigned'; message: string };
}

export interface VerifyOptions {
  /** Checkpoints exported earlier and kept elsewhere: the database must still agree with them. */
  witnessed?: readonly WitnessedCheckpoint[];
  /** Keys trusted to sign checkpoints (kept outside the database). Without them, roots are checked but not signatures. */
  publicKeys?: readonly KeyObject[];
  /** Entries older than this and covered by no checkpoint mean checkpoints were removed. */
  unsignedGraceMs?: number;
  onProgress?: (checked: bigint, total: bigint) => void;
  /** On a server, the ledger size from which worker threads read and hash (tests lower it). */
  parallelFrom?: number;
}

interface CheckpointRow {
  tree_size: bigint | string;
  root: Uint8Array;
  signed_at: Date;
  key_id: string;
  signature: Uint8Array;
  witnessed?: boolean;
}

/** A checkpoint as exported to a witness file: the same fields as the one signed. */
export type WitnessedCheckpoint = Checkpoint;

const UNSIGNED_GRACE_MS = 10 * 60_000;

type Problem = NonNullable<LedgerReport['problem']>;

/**
 * Verifies in one consistent snapshot of the database (entries, lane heads and
 * checkpoints as of one instant), so appends made meanwhile are neither missed nor
 * mistaken for forgeries.
 */
export async function verifyLedger(sql: Sql | Database, options: VerifyOptions = {}): Promise<LedgerReport> {
  if (!('transaction' in sql)) return verifyIn(sql, (from) => batchesInThread(sql, from), options);
  const server = sql.server;
  return sql.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    // On a server, worker threads read and hash in this transaction's snapshot.
    return verifyIn(tx, (from) => (server ? batchesFromWorkers(tx, server, from, options.parallelFrom) : batchesInThread(tx, from)), options);
  });
}

async function verifyIn(sql: Sql, batchesFrom: (fromSeq: bigint) => AsyncIterable<EntryBatch>, options: VerifyOptions): Promise<LedgerReport> {
  const [genesisRow] = await sql.query<{ genesis_seq: bigint | string }>('SELECT genesis_seq FROM ledger_genesis');
  const genesis = BigInt(genesisRow!.genesis_seq);
  const heads = new Map(
    (await sql.query<{ lane: number; lane_seq: bigint | string; chain_hash: Uint8Array }>('SELECT lane, lane_seq, chain_hash FROM ledger_lane')).map(
      (row) => [row.lane, { seq: BigInt(row.lane_seq), chain: Buffer.from(row.chain_hash) }],
    ),
  );
  const stored = await sql.query<CheckpointRow>('SELECT tree_size, root, signed_at, key_id, signature FROM ledger_checkpoint ORDER BY tree_size');
  const witnessed = (options.witnessed ?? []).map(
    (c): CheckpointRow => ({ tree_size: c.treeSize, root: c.root, signed_at: c.signedAt, key_id: c.keyId, signature: c.signature, witnessed: true }),
  );
  const checkpoints = [...stored, ...witnessed].sort((a, b) => (BigInt(a.tree_size) < BigInt(b.tree_size) ? -1 : 1));
  const trusted = new Map((options.publicKeys ?? []).map((key) => [keyIdOf(key), key]));
  const total = [...heads.values()].reduce((sum, head) => sum + head.seq, 0n);
  const lanes = new Lanes(genesis, heads);
  const frontier = new MerkleFrontier();
  let nextCheckpoint = 0;
  // Counts as numbers in the loop (exact to 2^53 entries), bigint in the report.
  let checked = 0;
  const checkpointSizes = checkpoints.map((checkpoint) => Number(checkpoint.tree_size));
  let lastSeq = genesis;
  let firstUnsigned: { seq: bigint; at: Date } | undefined;
  const report = (problem?: Problem): LedgerReport => ({
    intact: !problem,
    entries: BigInt(checked),
    head: lanes.digest().toString('hex'),
    checkpoints: nextCheckpoint,
    beforeChain: genesis,
    ...(problem ? { problem } : {}),
  });
  const checkpointProblem = (): Problem | undefined => {
    const checkpoint = checkpoints[nextCheckpoint]!;
    const size = BigInt(checkpoint.tree_size);
    const root = Buffer.from(checkpoint.root);
    const signedAt = new Date(checkpoint.signed_at).toISOString();
    if (!frontier.root().equals(root)) {
      const message = checkpoint.witnessed
        ? `forked history: the first ${size} entries (up to ${lastSeq}) differ from the copy witnessed at ${signedAt}`
        : `the first ${size} entries (up to ${lastSeq}) do not match the checkpoint signed at ${signedAt}: history was rewritten`;
      return { seq: lastSeq, kind: 'checkpoint', message };
    }
    const key = trusted.get(checkpoint.key_id);
    if (trusted.size > 0 && (!key || !verifySignature(key, checkpointMessage(size, root, new Date(checkpoint.signed_at)), checkpoint.signature))) {
      return { seq: lastSeq, kind: 'checkpoint', message: `the checkpoint at ${lastSeq} is not signed by a trusted key` };
    }
    return undefined;
  };

  for await (const batch of batchesFrom(genesis + 1n)) {
    for (let i = 0; i < batch.count; i++) {
      const seq = batch.seqs[i]!;
      const leaf = hashAt(batch.leaves, i);
      const problem = lanes.push(seq, batch.lanes[i]!, batch.positions[i]!, leaf, batch.hasChain[i] ? hashAt(batch.chains, i) : undefined);
      if (problem) return report(problem);
      lastSeq = seq;
      checked++;
      frontier.push(leaf);
      firstUnsigned ??= { seq, at: new Date(batch.occurredMs[i]!) };
      while (nextCheckpoint < checkpoints.length && checkpointSizes[nextCheckpoint] === checked) {
        const problem = checkpointProblem();
        if (problem) return report(problem);
        nextCheckpoint++;
        firstUnsigned = undefined;
      }
    }
    options.onProgress?.(BigInt(checked), total);
  }
  const short = lanes.shortOf(lastSeq);
  if (short) return report(short);
  if (nextCheckpoint < checkpoints.length) {
    const checkpoint = checkpoints[nextCheckpoint]!;
    const by = checkpoint.witnessed ? `the copy witnessed at ${new Date(checkpoint.signed_at).toISOString()}` : 'a checkpoint';
    return report({ seq: lanes.firstGapAfter(lastSeq), kind: 'missing', message: `${by} covers ${checkpoint.tree_size} entries, but the ledger holds ${checked}: entries were removed` });
  }
  const grace = options.unsignedGraceMs ?? UNSIGNED_GRACE_MS;
  if (firstUnsigned && Date.now() - firstUnsigned.at.getTime() > grace) {
    return report({ seq: firstUnsigned.seq, kind: 'unsigned', message: `entries from ${firstUnsigned.seq} on are older than ${grace / 60_000} min and no checkpoint covers them: checkpoints were removed` });
  }
  return report();
}

/** The 32 bytes of entry i of a batch, without a copy. */
const hashAt = (bytes: Uint8Array, i: number): Hash => Buffer.from(bytes.buffer, bytes.byteOffset + i * HASH_BYTES, HASH_BYTES);

interface LaneState {
  seq: bigint;
  chain: Hash;
  /** The number of the lane's last entry, to place what is missing after it. */
  lastSeq: bigint;
}

/**
 * Each lane's chain, replayed entry by entry in number order. Numbers may have gaps (an
 * append rolled back with its act) but a lane's positions may not: where a lane skips,
 * entries were removed, and the first gap in the numbers after the lane's previous entry
 * is where they stood.
 */
class Lanes {
  private readonly state = new Map<number, LaneState>();
  /** Gaps in the numbers, as [first missing, next present], kept while a lane may still need them. */
  private gaps: Array<[bigint, bigint]> = [];

  constructor(
    private previous: bigint,
    private readonly heads: ReadonlyMap<number, { seq: bigint; chain: Hash }>,
  ) {}

  push(seq: bigint, laneId: number, position: bigint, leaf: Hash, stored: Hash | undefined): Problem | undefined {
    if (seq > this.previous + 1n) this.noteGap(this.previous + 1n, seq);
    this.previous = seq;
    const head = this.heads.get(laneId);
    if (laneId < 0 || position < 0n || !head) {
      return { seq, kind: 'unexpected', message: `entry ${seq} belongs to no lane of the ledger: written outside it` };
    }
    const lane = this.of(laneId);
    if (position > head.seq) {
      return { seq, kind: 'unexpected', message: `entry ${seq} lies beyond the head of lane ${laneId} (${head.seq}): written outside the ledger` };
    }
    if (position > lane.seq + 1n) {
      const at = this.firstGapAfter(lane.lastSeq, seq);
      return { seq: at, kind: 'missing', message: `entries ${lane.seq + 1n} to ${position - 1n} of lane ${laneId} are missing (before entry ${seq})` };
    }
    if (position <= lane.seq) {
      return { seq, kind: 'altered', message: `entry ${seq} takes place ${position} of lane ${laneId}, already taken: entries were moved` };
    }
    const next = chainNext(lane.chain, leaf);
    if (!stored || !next.equals(stored)) {
      return { seq, kind: 'altered', message: `entry ${seq} does not match its hash: its content, or its place in the chain, was changed` };
    }
    this.state.set(laneId, { seq: position, chain: next, lastSeq: seq });
    return undefined;
  }

  /** A lane that ends before its head lost its last entries; one whose hash differs was rewritten. */
  shortOf(lastSeq: bigint): Problem | undefined {
    for (const [laneId, head] of this.heads) {
      const lane = this.of(laneId);
      if (lane.seq < head.seq) {
        const at = this.firstGapAfter(lane.lastSeq, lastSeq + 1n);
        return { seq: at, kind: 'missing', message: `entries ${lane.seq + 1n} to ${head.seq} of lane ${laneId} are missing (the lane's head is at ${head.seq})` };
      }
      if (!lane.chain.equals(head.chain)) return { seq: lane.lastSeq, kind: 'head', message: `lane ${laneId} does not end at its recorded head hash` };
    }
    return undefined;
  }

  /** The first missing number after `after`, or `otherwise` when the numbers have no gap there. */
  firstGapAfter(after: bigint, otherwise = after + 1n): bigint {
    return this.gaps.find(([from]) => from > after)?.[0] ?? otherwise;
  }

  /** A digest of every lane's chain so far, in lane order: the ledger's state in one hash. */
  digest(): Hash {
    const lanes = [...this.heads.keys()].sort((a, b) => a - b);
    return createHash('sha256').update(Buffer.concat(lanes.map((lane) => this.of(lane).chain))).digest();
  }

  private of(lane: number): LaneState {
    return this.state.get(lane) ?? { seq: 0n, chain: GENESIS_HASH, lastSeq: 0n };
  }

  private noteGap(from: bigint, to: bigint): void {
    this.gaps.push([from, to]);
    if (this.gaps.length > 4096) {
      // Only gaps after some lane's last entry can still name a place.
      const oldest = [...this.state.values()].reduce((min, lane) => (lane.lastSeq < min ? lane.lastSeq : min), from);
      this.gaps = this.gaps.filter(([gapFrom]) => gapFrom > oldest).slice(-4096);
    }
  }
}
