import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { packBatch, type EntryBatch } from './entry-batch.ts';
import type { EntryRow } from './entry-rows.ts';
import type { LaneJson } from './lanes.ts';
import type { ReplayStart } from './replay.ts';

/**
 * Archived segments of the audit ledger. The database keeps, for each, where its entries
 * go on (ledger_archive, migration 011) and the digest of the file; the file holds the
 * entries, one JSON array per line after a header, as they were stored.
 */
export const ARCHIVE_FORMAT = 'vigie-ledger-archive/1';

export interface ArchivedSegment {
  end: ReplayStart;
  sha256: Buffer;
}

/** An archive file being read: its batches in order, and its digest once they are read. */
export interface ArchiveSegment {
  throughSeq: bigint;
  batches(): AsyncIterable<EntryBatch>;
  sha256(): Buffer;
}

export async function archivedSegments(tx: Sql): Promise<ArchivedSegment[]> {
  const rows = await tx.rows<{
    through_seq: bigint | string;
    tree_size: bigint | string;
    frontier: Array<[number, string]>;
    lanes: LaneJson;
    file_sha256: Uint8Array;
  }>(sql`SELECT through_seq, tree_size, frontier, lanes, file_sha256 FROM ledger_archive ORDER BY through_seq`);
  return rows.map((row) => ({
    end: { through: BigInt(row.through_seq), treeSize: Number(row.tree_size), frontier: row.frontier, lanes: row.lanes },
    sha256: Buffer.from(row.file_sha256),
  }));
}

/** One entry as a line of an archive file. */
export function archiveLine(row: EntryRow): string {
  return JSON.stringify([
    String(row.seq),
    row.occurred_at,
    row.action,
    row.outcome,
    row.reason,
    row.actor_id,
    row.actor_role,
    row.session_id,
    row.patient_id,
    row.resource_type,
    row.resource_id,
    row.establishment_id,
    row.address,
    row.detail,
    row.chain_hash ? Buffer.from(row.chain_hash).toString('hex') : null,
    row.lane,
    row.lane_seq === null ? null : String(row.lane_seq),
  ]);
}

function rowOfLine(line: string, where: string): EntryRow {
  type Text = string | null;
  let values: [string, string, string, string, string, Text, Text, Text, Text, Text, Text, Text, Text, unknown, Text, number | null, Text];
  try {
    values = JSON.parse(line) as typeof values;
  } catch {
    throw new Error(`${where} is not a ledger entry`);
  }
  if (!Array.isArray(values) || values.length !== 17) throw new Error(`${where} is not a ledger entry`);
  const [
    seq,
    occurred_at,
    action,
    outcome,
    reason,
    actor_id,
    actor_role,
    session_id,
    patient_id,
    resource_type,
    resource_id,
    establishment_id,
    address,
    detail,
    chain,
    lane,
    lane_seq,
  ] = values;
  const chain_hash = chain === null ? null : Buffer.from(chain, 'hex');
  return {
    seq,
    occurred_at,
    action,
    outcome,
    reason,
    actor_id,
    actor_role,
    session_id,
    patient_id,
    resource_type,
    resource_id,
    establishment_id,
    address,
    detail,
    chain_hash,
    lane,
    lane_seq,
  };
}

/** Opens an archive file: its header now, its entries streamed in batches when replayed. */
export async function openArchiveFile(path: string): Promise<ArchiveSegment> {
  const header = await firstLine(path);
  let parsed: { format?: string; throughSeq?: string };
  try {
    parsed = JSON.parse(header) as typeof parsed;
  } catch {
    parsed = {};
  }
  if (parsed.format !== ARCHIVE_FORMAT || !/^\d+$/.test(parsed.throughSeq ?? '')) throw new Error(`${path} is not a ${ARCHIVE_FORMAT} file`);
  const digest = createHash('sha256');
  let sha256: Buffer | undefined;
  return {
    throughSeq: BigInt(parsed.throughSeq!),
    sha256: () => sha256 ?? Buffer.alloc(0),
    async *batches() {
      const stream = createReadStream(path);
      stream.on('data', (chunk) => digest.update(chunk));
      let rows: EntryRow[] = [];
      let number = 0;
      for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
        if (++number === 1 || line === '') continue;
        rows.push(rowOfLine(line, `line ${number} of ${path}`));
        if (rows.length === 5000) {
          yield packBatch(rows);
          rows = [];
        }
      }
      if (rows.length > 0) yield packBatch(rows);
      sha256 = digest.digest();
    },
  };
}

async function firstLine(path: string): Promise<string> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}
