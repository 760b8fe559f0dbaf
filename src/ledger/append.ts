import type { Sql } from '../store/database.ts';

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
  | 'access-review';

export async function appendAudit(sql: Sql, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const column = <K extends keyof AuditEntry>(key: K) => entries.map((entry) => entry[key] ?? null);
  await sql.query(
    `INSERT INTO audit_event (action, outcome, reason, actor_id, actor_role, session_id, patient_id,
       resource_type, resource_id, establishment_id, address, detail)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::uuid[], $7::uuid[],
       $8::text[], $9::text[], $10::uuid[], $11::text[], $12::jsonb[])`,
    [
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
      entries.map((entry) => (entry.detail ? JSON.stringify(entry.detail) : null)),
    ],
  );
}
