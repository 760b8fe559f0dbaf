import type { Actor } from '../domain/actor.ts';
import { auditReading } from '../ledger/audit-reading.ts';
import { appendAudit } from '../ledger/append.ts';
import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { forbidden, notFound, versionConflict } from '../domain/refusals.ts';
import { noteOf } from './officer-note.ts';

/**
 * The security officer's view of the guard: alerts with their one-sentence explanation,
 * the ledger entries of the session behind each, acknowledgement; and the honey records.
 * Only a security officer reads them, and the reading is recorded.
 */
export interface AlertView {
  id: string;
  accountId: string | null;
  username: string | null;
  role: string | null;
  accountStatus: string | null;
  detector: string;
  severity: string;
  explanation: string;
  evidence: Record<string, unknown>;
  contained: boolean;
  raisedAt: string;
  acknowledgedAt: string | null;
  note: string | null;
}

export interface AlertRow {
  id: string;
  account_id: string | null;
  username: string | null;
  role: string | null;
  status: string | null;
  detector: string;
  severity: string;
  explanation: string;
  evidence: Record<string, unknown>;
  contained: boolean;
  raised_at: Date;
  acknowledged_at: Date | null;
  note: string | null;
}

export const ALERT_SELECT = sql`SELECT g.*, a.username, a.role, a.status FROM guard_alert g LEFT JOIN account a ON a.id = g.account_id`;

/** Only the security officer; any other role's attempt is refused and recorded. */
export async function mustBeOfficer(db: Database, actor: Actor, what: string): Promise<void> {
  if (actor.role === 'security_officer') return;
  await auditReading(db, actor, 'refused', `role ${actor.role} may not ${what}`);
  throw forbidden(`role ${actor.role} may not ${what}: the security officer does`);
}

export async function listAlerts(db: Database, actor: Actor, options: { openOnly: boolean; limit: number }): Promise<AlertView[]> {
  await mustBeOfficer(db, actor, 'read the guard alerts');
  return db.transaction(async (tx) => {
    const open = options.openOnly ? sql`WHERE g.acknowledged_at IS NULL` : sql``;
    const rows = await tx.rows<AlertRow>(sql`${ALERT_SELECT} ${open} ORDER BY g.raised_at DESC LIMIT ${options.limit}`);
    await auditReading(tx, actor, 'allowed', 'security officer: reads the guard alerts', { detail: { count: rows.length, openOnly: options.openOnly } });
    return rows.map(viewOf);
  });
}

/** An alert with the ledger entries of the session it is about, newest first. */
export async function alertDetail(db: Database, actor: Actor, id: string): Promise<AlertView & { entries: unknown[] }> {
  await mustBeOfficer(db, actor, 'read the guard alerts');
  return db.transaction(async (tx) => {
    const row = await tx.one<AlertRow>(sql`${ALERT_SELECT} WHERE g.id = ${id}`);
    if (!row) throw notFound(`alert ${id}`);
    // The evidence is the session's entries, or (a day's volume) the account's entries over a range of numbers.
    const { sessionId, firstSeq, lastSeq } = row.evidence as { sessionId?: string; firstSeq?: string; lastSeq?: string };
    const evidence = sessionId ? sql`session_id = ${sessionId}` : sql`seq BETWEEN ${firstSeq ?? '0'} AND ${lastSeq ?? '0'}`;
    const entries = await tx.rows<Record<string, unknown>>(
      sql`SELECT seq, occurred_at, action, outcome, reason, patient_id, resource_type, resource_id, address FROM audit_event
       WHERE actor_id = ${row.account_id} AND ${evidence} ORDER BY seq DESC LIMIT 200`,
    );
    await auditReading(tx, actor, 'allowed', 'security officer: reads a guard alert and its evidence', { detail: { alert: id, entries: entries.length } });
    return { ...viewOf(row), entries: entries.map((entry) => ({ ...entry, seq: String(entry.seq) })) };
  });
}

export async function acknowledgeAlert(db: Database, actor: Actor, id: string, givenNote: string): Promise<AlertView> {
  await mustBeOfficer(db, actor, 'acknowledge alerts');
  const note = noteOf(givenNote);
  return db.transaction(async (tx) => {
    const row = await tx.one<AlertRow>(sql`${ALERT_SELECT} WHERE g.id = ${id} FOR UPDATE OF g`);
    if (!row) throw notFound(`alert ${id}`);
    if (row.acknowledged_at) throw versionConflict('The alert is already acknowledged');
    const updated = await tx.one<AlertRow>(
      sql`UPDATE guard_alert SET acknowledged_by = ${actor.accountId}, acknowledged_at = now(), note = ${note} WHERE id = ${id} RETURNING *`,
    );
    await appendAudit(tx, [
      {
        action: 'alert-acknowledge',
        outcome: 'allowed',
        reason: note,
        actorId: actor.accountId,
        actorRole: actor.role,
        sessionId: actor.sessionId,
        address: actor.address,
        detail: { alert: id },
      },
    ]);
    return viewOf({ ...row, ...updated! });
  });
}

export async function listHoneyRecords(db: Database, actor: Actor): Promise<Array<{ patientId: string; establishmentId: string; plantedAt: string }>> {
  await mustBeOfficer(db, actor, 'read the honey records');
  return db.transaction(async (tx) => {
    const rows = await tx.rows<{ patient_id: string; establishment_id: string; planted_at: Date }>(
      sql`SELECT * FROM honey_record ORDER BY establishment_id, patient_id`,
    );
    await auditReading(tx, actor, 'allowed', 'security officer: lists the honey records', { detail: { count: rows.length } });
    return rows.map((row) => ({ patientId: row.patient_id, establishmentId: row.establishment_id, plantedAt: new Date(row.planted_at).toISOString() }));
  });
}

export function viewOf(row: AlertRow): AlertView {
  return {
    id: row.id,
    accountId: row.account_id,
    username: row.username,
    role: row.role,
    accountStatus: row.status,
    detector: row.detector,
    severity: row.severity,
    explanation: row.explanation,
    evidence: row.evidence,
    contained: row.contained,
    raisedAt: new Date(row.raised_at).toISOString(),
    acknowledgedAt: row.acknowledged_at ? new Date(row.acknowledged_at).toISOString() : null,
    note: row.note,
  };
}
