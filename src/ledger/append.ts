import type { Database, Sql } from '../store/database.ts';
import { chainNext, entryLeaf, type HashedFields } from './entry-hash.ts';
import type { Hash } from './merkle.ts';

/**
 * One entry of the audit trail. Appended by whoever acted, inside the transaction of the
 * act, so an act without its entry cannot be committed (invariant 1). There is no switch
 * to turn it off (invariant 2).
 */
export interface AuditEntry {
  action: AuditAction;
  outcome: 'allowed' | 'refused' | 'failed';
  /** Why it was allowed or refused, in words a security officer can read. */
  reason: string;
  actorId?: string | undefined;
  actorRole?: string | undefined;
  sessionId?: string | undefined;
  patientId?: string | undefined;
  resourceType?: string | undefined;
  resourceId?: string | undefined;
  establishmentId?: string | undefined;
  address?: string | undefined;
  detail?: Record<string, unknown> | undefined;
}

export type AuditAction =
  | 'read'
  | 'search'
  | 'everything'
  | 'create'
  | 'update'
  | 'login'
  | 'mfa'
  | 'logout'
  | 'session'
  | 'break-glass'
  | 'break-glass-review'
  | 'account-create'
  | 'account-change'
  | 'account-disable'
  | 'account-enable'
  | 'role-grant'
  | 'lockout-reset'
  | 'password-change'
  | 'staff-team'
  | 'access-review'
  | 'passkey'
  | 'step-up'
  | 'recovery-code'
  | 'account-notice'
  | 'audit-read';

/**
 * Appends entries to the hash chain, in the caller's transaction (or in one of its own
 * when given the database). The head row's lock orders appends by commit: numbers have
 * no gap and each chain hash covers the one before it.
 */
export async function appendAudit(sql: Sql | Database, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  if ('transaction' in sql) return sql.transaction((tx) => appendAudit(tx, entries));
  const [head] = await sql.query<{ seq: bigint | string; chain_hash: Uint8Array }>('SELECT seq, chain_hash FROM ledger_head FOR UPDATE');
  let seq = BigInt(head!.seq);
  let chain: Hash = Buffer.from(head!.chain_hash);
  const occurredAt = new Date();
  const rows = entries.map((entry) => {
    seq += 1n;
    const fields: HashedFields = {
      seq,
      occurredAt,
      action: entry.action,
      outcome: entry.outcome,
      reason: entry.reason,
      // uuid columns read back in lower case: hash them as they will be read.
      actorId: entry.actorId?.toLowerCase() ?? null,
      actorRole: entry.actorRole ?? null,
      sessionId: entry.sessionId?.toLowerCase() ?? null,
      patientId: entry.patientId?.toLowerCase() ?? null,
      resourceType: entry.resourceType ?? null,
      resourceId: entry.resourceId ?? null,
      establishmentId: entry.establishmentId?.toLowerCase() ?? null,
      address: entry.address ?? null,
      // Stored as jsonb and hashed as it reads back: plain JSON, without undefined members.
      detail: entry.detail ? JSON.parse(JSON.stringify(entry.detail)) : null,
    };
    chain = chainNext(chain, entryLeaf(fields));
    return { ...fields, chain };
  });
  const column = <K extends keyof (typeof rows)[number]>(key: K) => rows.map((row) => row[key]);
  // The entries and the new head in one statement: one round trip less under the lock.
  await sql.query(
    `WITH appended AS (INSERT INTO audit_event (seq, occurred_at, action, outcome, reason, actor_id, actor_role, session_id, patient_id,
       resource_type, resource_id, establishment_id, address, detail, chain_hash)
     SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::uuid[],
       $9::uuid[], $10::text[], $11::text[], $12::uuid[], $13::text[], $14::jsonb[], $15::bytea[]))
     UPDATE ledger_head SET seq = $16, chain_hash = $17`,
    [
      rows.map((row) => row.seq.toString()),
      column('occurredAt'),
      column('action'),
      column('outcome'),
      column('reason'),
      column('actorId'),
      column('actorRole'),
      column('sessionId'),
      column('patientId'),
      column('resourceType'),
      column('resourceId'),
      column('establishmentId'),
      column('address'),
      rows.map((row) => (row.detail === null ? null : JSON.stringify(row.detail))),
      column('chain'),
      seq.toString(),
      chain,
    ],
  );
}
