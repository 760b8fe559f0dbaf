import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { entryLeaf } from './entry-hash.ts';
import type { Hash } from './merkle.ts';

/** Ledger entries as stored, read in order by whoever recomputes their hashes. */
export interface EntryRow {
  seq: bigint | number | string;
  /** ISO 8601 in UTC to the microsecond, as the database holds it (see isoToTheMillisecond). */
  occurred_at: string;
  action: string;
  outcome: string;
  reason: string;
  actor_id: string | null;
  actor_role: string | null;
  session_id: string | null;
  patient_id: string | null;
  resource_type: string | null;
  resource_id: string | null;
  establishment_id: string | null;
  address: string | null;
  detail: unknown;
  chain_hash: Uint8Array | null;
  lane: number | null;
  lane_seq: bigint | number | string | null;
}

/** Up to `limit` entries numbered from `fromSeq` (and up to `throughSeq`), in number order. */
export async function entriesFrom(tx: Sql, fromSeq: bigint, limit: number, throughSeq?: bigint): Promise<EntryRow[]> {
  const through = throughSeq === undefined ? sql`` : sql`AND seq <= ${throughSeq.toString()}`;
  const rows = await tx.rows<EntryRow>(
    sql`SELECT seq, (occurred_at AT TIME ZONE 'UTC')::text AS occurred_at, action, outcome, reason, actor_id, actor_role, session_id, patient_id, resource_type,
            resource_id, establishment_id, address, detail, chain_hash, lane, lane_seq
     FROM audit_event WHERE seq >= ${fromSeq.toString()} ${through} ORDER BY seq LIMIT ${limit}`,
  );
  for (const row of rows) row.occurred_at = isoOfTimestampText(row.occurred_at);
  return rows;
}

/**
 * PostgreSQL's text for a timestamp ("2026-12-01 20:58:17.12", fractional zeros dropped)
 * in ISO 8601 to the microsecond: cheaper on the server than to_char. Any other text (a
 * year before 1 or after 9999, infinity) stays as the server wrote it: no entry is timed
 * so, and its hash cannot match.
 */
function isoOfTimestampText(text: string): string {
  if (!TIMESTAMP_TEXT.test(text)) return text;
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${text.slice(20).padEnd(6, '0')}Z`;
}
const TIMESTAMP_TEXT = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,6})?$/;
/** The leaf hash of a stored entry, recomputed from its content. */
export function leafOfRow(row: EntryRow): Hash {
  return entryLeaf({
    seq: row.seq,
    occurredAt: isoToTheMillisecond(row.occurred_at),
    action: row.action,
    outcome: row.outcome,
    reason: row.reason,
    actorId: row.actor_id,
    actorRole: row.actor_role,
    sessionId: row.session_id,
    patientId: row.patient_id,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    establishmentId: row.establishment_id,
    address: row.address,
    detail: row.detail,
  });
}

/**
 * Entries are timed to the millisecond (a JavaScript Date) and hashed so. A time read
 * with other microseconds was changed afterwards: it is kept whole, so that its hash
 * cannot match. (Reading the column as a Date would drop them and hide the change.)
 */
function isoToTheMillisecond(microseconds: string): string {
  return microseconds.length === 27 && microseconds.endsWith('000Z') ? `${microseconds.slice(0, 23)}Z` : microseconds;
}
