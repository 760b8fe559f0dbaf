import type { Actor } from '../domain/actor.ts';
import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { forbidden } from '../domain/refusals.ts';
import { auditReading } from './audit-reading.ts';

/**
 * Who opened a patient's record, when and why — what the patient may ask to see (as
 * Mon espace santé shows its holders): the professional's name, role, establishment and
 * unit, and whether a care relationship or a break-glass allowed it. Read from the
 * ledger; the reading is itself recorded. The DPO answers it at a patient's request; a
 * patient reads it for their own record in the portal.
 */
export interface AccessRecord {
  /** The ledger entry, which the patient may report as an access they do not recognise. */
  entry: string;
  at: string;
  action: string;
  professional: string | null;
  role: string | null;
  establishment: string | null;
  unit: string | null;
  why: string;
  /** The kind of relationship (or break-glass, identity lookup) that allowed it, for words a patient reads. */
  basis: string | null;
  breakGlass: boolean;
}

const DISCLOSURES = ['read', 'search', 'everything', 'break-glass', 'update', 'create'];

export async function accessHistory(db: Database, actor: Actor, patientId: string, limit = 500): Promise<AccessRecord[]> {
  const ownRecord = actor.role === 'patient' && actor.patientId === patientId;
  if (actor.role !== 'dpo' && !ownRecord) {
    const why =
      actor.role === 'patient' ? 'a patient reads the access history of their own record only' : `role ${actor.role} does not answer access-history requests`;
    await auditReading(db, actor, 'refused', why, { patientId });
    throw forbidden(why);
  }
  return db.transaction(async (tx) => {
    const rows = await tx.rows<{
      seq: bigint | string;
      occurred_at: Date;
      action: string;
      actor_role: string | null;
      reason: string;
      basis: string | null;
      practitioner: { name?: Array<{ family?: string; given?: string[]; prefix?: string[] }> } | null;
      establishment: string | null;
      unit: string | null;
    }>(sql`SELECT e.seq, e.occurred_at, e.action, e.actor_role, e.reason, e.detail -> 'basis' ->> 'kind' AS basis,
              p.resource AS practitioner, est.resource ->> 'name' AS establishment, u.resource ->> 'name' AS unit
       FROM audit_event e
       LEFT JOIN account a ON a.id = e.actor_id
       LEFT JOIN practitioner p ON p.id = a.practitioner_id
       LEFT JOIN organization est ON est.id = a.establishment_id
       LEFT JOIN organization u ON u.id = a.unit_id
       WHERE e.patient_id = ${patientId} AND e.outcome = 'allowed' AND e.action = ANY(${DISCLOSURES}::text[]) AND e.actor_role IS DISTINCT FROM 'patient'
       ORDER BY e.seq DESC LIMIT ${limit}`);
    const reason = ownRecord ? 'the patient reads who opened their record, in the portal' : "role dpo: the patient's access history, at the patient's request";
    await auditReading(tx, actor, 'allowed', reason, { patientId, detail: { count: rows.length } });
    return rows.map((row) => ({
      entry: String(row.seq),
      at: new Date(row.occurred_at).toISOString(),
      action: row.action,
      professional: nameOf(row.practitioner),
      role: row.actor_role,
      establishment: row.establishment,
      unit: row.unit,
      why:
        row.basis === 'break-glass' || row.action === 'break-glass'
          ? 'break-glass (access without a care relationship, reviewed by the security officer)'
          : row.reason,
      basis: row.action === 'break-glass' ? 'break-glass' : row.basis,
      breakGlass: row.basis === 'break-glass' || row.action === 'break-glass',
    }));
  });
}

function nameOf(practitioner: { name?: Array<{ family?: string; given?: string[]; prefix?: string[] }> } | null): string | null {
  const name = practitioner?.name?.[0];
  if (!name) return null;
  return [...(name.prefix ?? []), ...(name.given ?? []), name.family].filter(Boolean).join(' ');
}
