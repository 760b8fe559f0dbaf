import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';
import type { Database, Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { ARCHIVIST_ROLE } from '../store/database-roles.ts';
import { archivedSegments, archiveLine, ARCHIVE_FORMAT } from './archive-segments.ts';
import { packBatch } from './entry-batch.ts';
import { entriesFrom } from './entry-rows.ts';
import { laneHeads } from './lanes.ts';
import { genesisStart, Replay } from './replay.ts';

/**
 * Retention of the audit ledger. Access traces are kept at least six rolling months (the
 * least French health law allows); a longer period may be chosen, never a shorter one.
 * Past it, the oldest sealed segment — the entries up to the last checkpoint signed before
 * the period began — moves to an archive file: written, replayed and checked against the
 * signed root while it is written, synced, recorded with its digest, and only then
 * removed from the database, as the archivist role (the only one the triggers let).
 */
export const MIN_KEEP_DAYS = 183;
const DAY_MS = 86_400_000;
const BATCH = 5000;

export interface ArchiveOptions {
  keepDays?: number;
  /** The present (tests move it). */
  now?: Date;
  onProgress?: (written: number, total: number) => void;
}

export interface ArchiveResult {
  throughSeq: bigint;
  entries: number;
  sha256: string;
}

export async function archiveLedger(db: Database, file: string, options: ArchiveOptions = {}): Promise<ArchiveResult | undefined> {
  const keepDays = options.keepDays ?? MIN_KEEP_DAYS;
  if (!Number.isInteger(keepDays) || keepDays < MIN_KEEP_DAYS) {
    throw new Error(`Audit entries are kept at least ${MIN_KEEP_DAYS} days (six months); ${keepDays} is too short`);
  }
  const cutoff = new Date((options.now ?? new Date()).getTime() - keepDays * DAY_MS);
  const genesis = await db.one<{ genesis_seq: bigint | string }>(sql`SELECT genesis_seq FROM ledger_genesis`);
  const start = (await archivedSegments(db)).at(-1)?.end ?? genesisStart(BigInt(genesis!.genesis_seq));
  const seal = await db.one<{ tree_size: bigint | string; last_seq: bigint | string; root: Uint8Array }>(
    sql`SELECT tree_size, last_seq, root FROM ledger_checkpoint WHERE signed_at < ${cutoff} AND last_seq > ${start.through.toString()} ORDER BY tree_size DESC LIMIT 1`,
  );
  if (!seal) return undefined;
  const through = BigInt(seal.last_seq);
  const total = Number(seal.tree_size) - start.treeSize;
  const heads = await laneHeads(db);

  const replay = new Replay(heads, start);
  const digest = createHash('sha256');
  const fd = openSync(file, 'wx', 0o600);
  const write = (line: string) => {
    const bytes = Buffer.from(`${line}\n`, 'utf8');
    digest.update(bytes);
    writeSync(fd, bytes);
  };
  try {
    write(JSON.stringify({ format: ARCHIVE_FORMAT, fromSeq: String(start.through + 1n), throughSeq: String(through), treeSize: String(seal.tree_size) }));
    for (let from = start.through + 1n; from <= through;) {
      const rows = await entriesFrom(db, from, BATCH, through);
      if (rows.length === 0) break;
      const batch = packBatch(rows);
      rows.forEach((row, i) => {
        const problem = replay.push(batch, i);
        if (problem) throw new Error(`The ledger does not verify at entry ${problem.seq} (${problem.message}): nothing archived`);
        write(archiveLine(row));
      });
      from = BigInt(rows.at(-1)!.seq) + 1n;
      options.onProgress?.(replay.checked - start.treeSize, total);
    }
    if (replay.checked !== Number(seal.tree_size) || !replay.frontier.root().equals(Buffer.from(seal.root))) {
      throw new Error(`The entries up to ${through} do not match their signed checkpoint: nothing archived`);
    }
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(file, { force: true });
    throw error;
  }
  closeSync(fd);

  const sha256 = digest.digest();
  const end = replay.end();
  await asArchivist(db, (tx) =>
    tx.rows(
      sql`INSERT INTO ledger_archive (through_seq, tree_size, frontier, lanes, file_sha256) VALUES (${String(end.through)}, ${end.treeSize}, ${JSON.stringify(end.frontier)}, ${JSON.stringify(end.lanes)}, ${sha256})`,
    ),
  );
  // Removed in bounded transactions; a stop half-way leaves entries the verification skips.
  for (;;) {
    const [{ removed } = { removed: 0 }] = await asArchivist(db, (tx) =>
      tx.rows<{
        removed: number;
      }>(sql`WITH gone AS (DELETE FROM audit_event WHERE seq IN (SELECT seq FROM audit_event WHERE seq <= ${String(through)} ORDER BY seq LIMIT ${BATCH}) RETURNING 1)
         SELECT count(*)::int AS removed FROM gone`),
    );
    if (removed === 0) break;
  }
  return { throughSeq: through, entries: total, sha256: sha256.toString('hex') };
}

/** Runs `work` as the archivist role: the login must be a member of it. */
async function asArchivist<T>(db: Database, work: (tx: Sql) => Promise<T>): Promise<T> {
  return db.transaction(work, ARCHIVIST_ROLE);
}
