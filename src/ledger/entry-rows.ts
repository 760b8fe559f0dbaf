import type { Sql } from '../store/database.ts';
import { entryLeaf } from './entry-hash.ts';
import type { Hash } from './merkle.ts';

/** Ledger entries as stored, read in order by whoever recomputes their hashes. */
export interface EntryRow {
  seq: bigint | number | string;
  occurred_at: Date;
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
}

export async function entriesFrom(sql: Sql, fromSeq: bigint, limit: number): Promise<EntryRow[]> {
  return sql.query<EntryRow>(
    `SELECT seq, occurred_at, action, outcome, reason, actor_id, actor_role, session_id, patient_id, resource_type,
            resource_id, establishment_id, address, detail, chain_hash
     FROM audit_event WHERE seq >= $1 ORDER BY seq LIMIT ${limit}`,
    [fromSeq.toString()],
  );
}

/** The leaf hash of a stored entry, recomputed from its content. */
export function leafOfRow(row: EntryRow): Hash {
  return entryLeaf({
    seq: BigInt(row.seq),
    occurredAt: new Date(row.occurred_at),
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
