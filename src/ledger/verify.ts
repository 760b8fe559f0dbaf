import type { KeyObject } from 'node:crypto';
import type { Database, Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { checkpointMessage, type Checkpoint } from './checkpoint.ts';
import { archivedSegments, type ArchivedSegment, type ArchiveSegment } from './archive-segments.ts';
import { canonicalJson } from './canonical.ts';
import { batchesInThread, type EntryBatch } from './entry-batch.ts';
import { batchesFromWorkers } from './parallel-batches.ts';
import { laneHeads } from './lanes.ts';
import { genesisStart, Replay, type ReplayStart } from './replay.ts';
import { keyIdOf, verifySignature } from './signing-key.ts';

/**
 * Replays every lane's chain in number order, recomputing every entry's hash from its
 * content and the Merkle root at every signed checkpoint, and names the first place where
 * the ledger is not what was appended: an altered entry, a missing range, an entry beyond the head,
 * a checkpoint whose root or signature does not hold (history rewritten, hashes and all),
 * or old entries no checkpoint covers (checkpoints removed).
 */
export interface LedgerReport {
  intact: boolean;
  /** Entries checked (from the first chained one to the heads, or to the problem), archived ones included. */
  entries: bigint;
  /** Of these, entries moved out to archive files (verified only when the files are given). */
  archived: bigint;
  /** SHA-256 over the lanes' head hashes, in lane order: the state verified, in one hash. */
  head: string;
  checkpoints: number;
  /** Entries written before the chain existed (only on databases older than it). */
  beforeChain: bigint;
  problem?: { seq: bigint; kind: 'altered' | 'missing' | 'unexpected' | 'head' | 'checkpoint' | 'unsigned' | 'archive'; message: string };
}

export interface VerifyOptions {
  /** Checkpoints exported earlier and kept elsewhere: the database must still agree with them. */
  witnessed?: readonly WitnessedCheckpoint[];
  /** Keys trusted to sign checkpoints (kept outside the database). Without them, roots are checked but not signatures. */
  publicKeys?: readonly KeyObject[];
  /** Entries older than this and covered by no checkpoint mean checkpoints were removed. */
  unsignedGraceMs?: number;
  onProgress?: (checked: bigint, total: bigint) => void;
  /** The archive files of the segments moved out of the database, in order from the first: replayed before it. */
  archives?: readonly ArchiveSegment[];
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
export async function verifyLedger(db: Sql | Database, options: VerifyOptions = {}): Promise<LedgerReport> {
  if (!('transaction' in db)) return verifyIn(db, (from) => batchesInThread(db, from), options);
  const server = db.server;
  return db.transaction(async (tx) => {
    await tx.run(sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`);
    // On a server, worker threads read and hash in this transaction's snapshot.
    return verifyIn(tx, (from) => (server ? batchesFromWorkers(tx, server, from, options.parallelFrom) : batchesInThread(tx, from)), options);
  });
}

async function verifyIn(tx: Sql, batchesFrom: (fromSeq: bigint) => AsyncIterable<EntryBatch>, options: VerifyOptions): Promise<LedgerReport> {
  const genesisRow = await tx.one<{ genesis_seq: bigint | string }>(sql`SELECT genesis_seq FROM ledger_genesis`);
  const genesis = BigInt(genesisRow!.genesis_seq);
  const heads = await laneHeads(tx);
  const stored = await tx.rows<CheckpointRow>(sql`SELECT tree_size, root, signed_at, key_id, signature FROM ledger_checkpoint ORDER BY tree_size`);
  const witnessed = (options.witnessed ?? []).map((c): CheckpointRow => ({
    tree_size: c.treeSize,
    root: c.root,
    signed_at: c.signedAt,
    key_id: c.keyId,
    signature: c.signature,
    witnessed: true,
  }));
  const checkpoints = [...stored, ...witnessed].sort((a, b) => (BigInt(a.tree_size) < BigInt(b.tree_size) ? -1 : 1));
  const checkpointSizes = checkpoints.map((checkpoint) => Number(checkpoint.tree_size));
  const trusted = new Map((options.publicKeys ?? []).map((key) => [keyIdOf(key), key]));
  const segments = await archivedSegments(tx);
  const archives = options.archives ?? [];
  // Without the archive files, the replay begins where the last archived segment ended.
  const replay = new Replay(heads, archives.length > 0 ? genesisStart(genesis) : (segments.at(-1)?.end ?? genesisStart(genesis)));
  const archived = BigInt(segments.at(-1)?.end.treeSize ?? 0);
  const total = [...heads.values()].reduce((sum, head) => sum + head.seq, 0n);
  let nextCheckpoint = 0;
  let firstUnsigned: { seq: bigint; at: Date } | undefined;
  const report = (problem?: Problem): LedgerReport => ({
    intact: !problem,
    entries: BigInt(replay.checked),
    archived,
    head: replay.lanes.digest().toString('hex'),
    checkpoints: nextCheckpoint,
    beforeChain: genesis,
    ...(problem ? { problem } : {}),
  });
  /** Checks every checkpoint of the tree's current size: its root, then its signature. */
  const checkpointsHere = (): Problem | undefined => {
    for (; nextCheckpoint < checkpoints.length && checkpointSizes[nextCheckpoint]! <= replay.checked; nextCheckpoint++) {
      if (checkpointSizes[nextCheckpoint]! < replay.checked) continue; // within an archived segment not replayed
      const checkpoint = checkpoints[nextCheckpoint]!;
      const size = BigInt(checkpoint.tree_size);
      const root = Buffer.from(checkpoint.root);
      const signedAt = new Date(checkpoint.signed_at).toISOString();
      const at = replay.lastSeq;
      if (!replay.frontier.root().equals(root)) {
        const message = checkpoint.witnessed
          ? `forked history: the first ${size} entries (up to ${at}) differ from the copy witnessed at ${signedAt}`
          : `the first ${size} entries (up to ${at}) do not match the checkpoint signed at ${signedAt}: history was rewritten`;
        return { seq: at, kind: 'checkpoint', message };
      }
      const key = trusted.get(checkpoint.key_id);
      if (trusted.size > 0 && (!key || !verifySignature(key, checkpointMessage(size, root, new Date(checkpoint.signed_at)), checkpoint.signature))) {
        return { seq: at, kind: 'checkpoint', message: `the checkpoint at ${at} is not signed by a trusted key` };
      }
      firstUnsigned = undefined;
    }
    return undefined;
  };
  const replayAll = async (batches: AsyncIterable<EntryBatch>): Promise<Problem | undefined> => {
    for await (const batch of batches) {
      for (let i = 0; i < batch.count; i++) {
        const problem = replay.push(batch, i) ?? (checkpointSizes[nextCheckpoint] === replay.checked ? checkpointsHere() : undefined);
        if (problem) return problem;
        firstUnsigned ??= { seq: replay.lastSeq, at: new Date(batch.occurredMs[i]!) };
      }
      options.onProgress?.(BigInt(replay.checked), total);
    }
    return undefined;
  };

  // The archive files first, each held to the segment the database recorded it as.
  for (const [index, archive] of archives.entries()) {
    const segment = segments[index];
    const misplaced = archiveMisplaced(archive, segment);
    if (misplaced) return report({ seq: replay.lastSeq, kind: 'archive', message: misplaced });
    const problem = await replayAll(archive.batches());
    if (problem) return report(problem);
    const mismatch = archiveMismatch(archive, segment!, replay.end());
    if (mismatch) return report({ seq: replay.lastSeq, kind: 'archive', message: mismatch });
  }
  const problem = checkpointsHere() ?? (await replayAll(batchesFrom(replay.lastSeq + 1n)));
  if (problem) return report(problem);
  const short = replay.lanes.shortOf(replay.lastSeq);
  if (short) return report(short);
  if (nextCheckpoint < checkpoints.length) {
    const checkpoint = checkpoints[nextCheckpoint]!;
    const by = checkpoint.witnessed ? `the copy witnessed at ${new Date(checkpoint.signed_at).toISOString()}` : 'a checkpoint';
    return report({
      seq: replay.lanes.firstGapAfter(replay.lastSeq),
      kind: 'missing',
      message: `${by} covers ${checkpoint.tree_size} entries, but the ledger holds ${replay.checked}: entries were removed`,
    });
  }
  const grace = options.unsignedGraceMs ?? UNSIGNED_GRACE_MS;
  if (firstUnsigned && Date.now() - firstUnsigned.at.getTime() > grace) {
    return report({
      seq: firstUnsigned.seq,
      kind: 'unsigned',
      message: `entries from ${firstUnsigned.seq} on are older than ${grace / 60_000} min and no checkpoint covers them: checkpoints were removed`,
    });
  }
  return report();
}

/** Why an archive file does not stand at this place of the order the database recorded, before it is read; or undefined. */
function archiveMisplaced(archive: ArchiveSegment, segment: ArchivedSegment | undefined): string | undefined {
  if (!segment) return `the database records no archived segment for the file of entries up to ${archive.throughSeq}`;
  if (segment.end.through !== archive.throughSeq) {
    return `the archive files must be given in order, from the first: expected the segment ending at ${segment.end.through}, got ${archive.throughSeq}`;
  }
  return undefined;
}

/** Why a replayed archive file is not the segment the database recorded, or undefined. */
function archiveMismatch(archive: ArchiveSegment, segment: ArchivedSegment, end: ReplayStart): string | undefined {
  if (!archive.sha256().equals(segment.sha256)) return `the archive file of entries up to ${archive.throughSeq} is not the one written (its SHA-256 differs)`;
  if (canonicalJson(end) !== canonicalJson(segment.end)) {
    return `the entries of the archive up to ${archive.throughSeq} do not end where the database goes on`;
  }
  return undefined;
}
