import { invalidParameter, forbidden, notFound } from '../domain/refusals.ts';
import type { Actor } from '../domain/actor.ts';
import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { raiseAlert } from './alerts.ts';

/**
 * A patient reports an access to their record they do not recognise (portal). It becomes
 * an alert for the security officer about the professional who made it, with the ledger
 * entry as evidence: the patient is the one detector no attacker can stay under.
 */
export interface AccessReport {
  entry: string;
  comment?: string | undefined;
}

/** A report as the route's schema lets it through (src/api/schemas/portal.ts); a blank comment is none. */
export const accessReportOf = (report: AccessReport): AccessReport => ({ entry: report.entry, comment: report.comment?.trim() || undefined });

export async function reportAccess(db: Database, actor: Actor, asked: AccessReport): Promise<{ alertId: string; entry: string }> {
  if (actor.role !== 'patient' || !actor.patientId) throw forbidden(`role ${actor.role} reports no access: the patient does, from the portal`);
  const report = accessReportOf(asked);
  return db.transaction(async (tx) => {
    const access = await tx.one<{
      actor_id: string | null;
      username: string | null;
      actor_role: string | null;
      occurred_at: Date;
      address: string | null;
      session_id: string | null;
    }>(sql`SELECT e.actor_id, a.username, e.actor_role, e.occurred_at, e.address, e.session_id FROM audit_event e LEFT JOIN account a ON a.id = e.actor_id
       WHERE e.seq = ${report.entry} AND e.patient_id = ${actor.patientId} AND e.outcome = 'allowed' AND e.actor_role IS DISTINCT FROM 'patient'`);
    // Another patient's entry answers as one that does not exist: a patient learns nothing of other records.
    if (!access?.actor_id) throw notFound(`Access ${report.entry}`);
    const already = await tx.rows(sql`SELECT 1 FROM guard_alert WHERE detector = 'patient-report' AND evidence ->> 'entry' = ${report.entry} LIMIT 1`);
    if (already.length > 0) throw invalidParameter('This access has already been reported; the security officer has it', 'entry');
    const at = new Date(access.occurred_at);
    const alertId = await raiseAlert(
      tx,
      {
        accountId: access.actor_id,
        detector: 'patient-report',
        severity: 'medium',
        explanation: `The patient does not recognise the access of ${access.username ?? 'an account'} (${access.actor_role ?? 'unknown role'}) to their record on ${at.toISOString()}.`,
        evidence: {
          sessionId: access.session_id ?? undefined,
          address: access.address ?? undefined,
          from: at.toISOString(),
          to: at.toISOString(),
          entry: report.entry,
          reportedBy: actor.accountId,
          ...(report.comment ? { comment: report.comment } : {}),
        },
      },
      false,
      new Date(),
    );
    return { alertId, entry: report.entry };
  });
}
