import { randomUUID } from 'node:crypto';
import type { Actor } from '../domain/actor.ts';
import { PRIVILEGED_ROLES } from '../domain/roles.ts';
import { appendAudit, type AuditEntry } from '../ledger/append.ts';
import type { Database, Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import type { AccessPolicy } from '../access/policy.ts';
import { exportScopeCount, exportTouches, readsPatients } from '../gate/export-scope.ts';
import { forbidden, invalidParameter, notFound, type RefusedError } from '../domain/refusals.ts';
import { alertOf, raiseAlert, who } from '../guard/alerts.ts';
import type { Guard } from '../guard/guard.ts';
import { PROBES_PER_HOUR } from '../guard/limits.ts';
import { NOT_OUT } from './cancellation.ts';
import type { ExportJobs } from './jobs.ts';
import { APPROVER_ROLES, isApproverOf, MIGRATION_APPROVER_ROLES, REQUESTER_ROLES } from './purposes.ts';
import { exportRequestOf, type AskedExport, type ExportRequestInput } from './asked-export.ts';
import { exportViewOf, EXPORT_SELECT, type ExportRow, type ExportView } from './view.ts';
import { NIL_UUID } from '../domain/uuid.ts';

export interface ExportDeps {
  db: Database;
  guard: Guard;
  policy: AccessPolicy;
  jobs: ExportJobs;
  /** Patients past which a second person must approve (APPROVAL_ABOVE, or lower). */
  approvalAbove: number;
}

/**
 * An export request: checked in full, its patients counted, and recorded with its ledger
 * entry. Past the approval threshold, or with direct identifiers, it waits for a second
 * person and the security officer hears of it at once — the 2024 export of every patient
 * by one usurped account stops here. A listed honey record contains the requester, as
 * any touch of one does.
 */
export async function requestExport(deps: ExportDeps, actor: Actor, asked: AskedExport): Promise<ExportView> {
  if (!REQUESTER_ROLES.includes(actor.role)) {
    await appendAudit(deps.db, [entryOf(actor, 'export-request', 'refused', `role ${actor.role} may not request exports`)]);
    throw forbidden(`role ${actor.role} may not request exports`);
  }
  const input = exportRequestOf(asked);
  const outcome = await deps.db.transaction(async (tx): Promise<ExportView | RefusedError> => {
    const counted = await exportScopeCount(tx, actor, input.scope);
    if (counted.honey.length > 0) {
      const touches = counted.honey.map((patientId) => ({ patientId, honey: true, decision: { allowed: true, reason: 'named in an export request' } }));
      return (await deps.guard.admit(tx, actor, touches))!;
    }
    if (counted.missing > 0) {
      // Ids that are not the establishment's patients — unknown, or another's — are probes, as a read of each would be.
      for (let i = 0; i < Math.min(counted.missing, PROBES_PER_HOUR); i++) {
        const refusal = await deps.guard.probed(tx, actor, 'missing', undefined);
        if (refusal) return refusal;
      }
      return invalidParameter(`${counted.missing} of the listed patients are not patients of the requester's establishment`, 'scope.ids');
    }
    // Without the requester's passphrase or a recipient's key for the files, the approver gives a passphrase; a migration has two approvers.
    const migration = input.purpose === 'migration';
    const needsApproval =
      migration ||
      counted.patients > deps.approvalAbove ||
      input.fields === 'identified' ||
      !readsPatients(actor) ||
      (!input.passphrase && !input.recipientKey);
    if (!needsApproval) {
      // Nothing waits for a second person: the guard counts these patients now, as it counts any that leave.
      const refusal = await deps.guard.admit(tx, actor, await exportTouches(tx, actor, deps.policy, input.scope, deps.approvalAbove));
      if (refusal) {
        await appendAudit(tx, [entryOf(actor, 'export-request', 'refused', `guard: ${refusal.message}`, { patients: counted.patients })]);
        return refusal;
      }
    }
    const id = randomUUID();
    await tx.run(sql`INSERT INTO export_request (id, requester_id, establishment_id, purpose, justification, ethics_reference, scope, fields, identified_because, format, patients, needs_approval, status,
                                   recipient_key, recipient_key_fingerprint, window_start, window_end, approvals_needed)
       VALUES (${id}, ${actor.accountId}, ${actor.establishmentId ?? null}, ${input.purpose}, ${input.justification}, ${input.ethicsReference ?? null}, ${JSON.stringify(input.scope)}, ${input.fields}, ${input.identifiedBecause ?? null}, ${input.format}, ${counted.patients}, ${needsApproval}, ${needsApproval ? 'awaiting-approval' : 'approved'}, ${input.recipientKey?.pem ?? null}, ${input.recipientKey?.fingerprint ?? null}, ${input.window?.start ?? null}, ${input.window?.end ?? null}, ${migration ? 2 : 1})`);
    const reason = `export requested: ${describe(input, counted.patients)}${needsApproval ? ', awaiting a second person' : ''}`;
    await appendAudit(tx, [entryOf(actor, 'export-request', 'allowed', reason, { export: id, patients: counted.patients, needsApproval })]);
    if (needsApproval) await alertOnRequest(tx, actor, id, input, counted.patients);
    const row = await tx.one<ExportRow>(sql`${EXPORT_SELECT} WHERE e.id = ${id}`);
    return exportViewOf(row!);
  });
  if (outcome instanceof Error) throw outcome;
  if (outcome.status === 'approved') deps.jobs.start(outcome.id, input.passphrase);
  return outcome;
}

/** The security officer hears of every export that needs approval; of a migration, or one by a privileged account, with a high severity. */
async function alertOnRequest(tx: Sql, actor: Actor, id: string, input: ExportRequestInput, patients: number): Promise<void> {
  const privileged = PRIVILEGED_ROLES.includes(actor.role) || input.purpose === 'migration';
  const explanation = `${who(actor)} asked for an export of ${describe(input, patients)}; it waits for a second person`;
  const now = new Date();
  await raiseAlert(
    tx,
    alertOf(actor, 'export', privileged ? 'high' : 'medium', explanation, now, now, { export: id, patients, purpose: input.purpose }),
    false,
    now,
  );
}

const describe = (input: ExportRequestInput, patients: number) =>
  `${patients} patients (${input.scope.kind === 'establishment' ? 'every patient in reach' : 'a list'}), ${input.fields}, ${input.format}, for ${input.purpose}`;

/**
 * The requester's own requests, newest first; an approver sees every export they may
 * decide, waiting or decided (the history they answer for): the data protection officer
 * all single-approval ones, the medical information doctor their establishment's, and
 * the migration approvers every migration.
 */
export async function listExports(db: Database, actor: Actor): Promise<ExportView[]> {
  // The medical information doctor sees only their establishment's (isApproverOf, in SQL, so the limit counts only what is shown).
  const onlyOf = actor.role === 'dim' ? (actor.establishmentId ?? NO_ESTABLISHMENT) : null;
  const rows = await db.rows<ExportRow>(sql`${EXPORT_SELECT} WHERE e.requester_id = ${actor.accountId}
       OR (${APPROVER_ROLES.includes(actor.role)} AND e.approvals_needed = 1 AND (${onlyOf}::uuid IS NULL OR e.establishment_id = ${onlyOf}::uuid)) OR (${MIGRATION_APPROVER_ROLES.includes(actor.role)} AND e.approvals_needed = 2)
     ORDER BY e.requested_at DESC LIMIT 200`);
  return rows.map(exportViewOf);
}

/** One request, for its requester or an approver of it. */
export async function exportRequest(db: Database, actor: Actor, id: string): Promise<ExportView> {
  const row = await db.one<ExportRow>(sql`${EXPORT_SELECT} WHERE e.id = ${id}`);
  if (!row || (row.requester_id !== actor.accountId && !isApproverOf(actor, row))) throw notFound(`export ${id}`);
  return exportViewOf(row);
}

/** A DIM attached to no establishment approves nothing: no export has this one. */
const NO_ESTABLISHMENT = NIL_UUID;

/** The states of an export whose files have not all gone: withdrawing or containing cancels it, and its files are deleted. */

/** The requester withdraws a request that has not been refused or cancelled. */
export async function withdrawExport(db: Database, actor: Actor, id: string): Promise<ExportView> {
  return db.transaction(async (tx) => {
    const cancelled = await tx.rows(sql`UPDATE export_request SET status = 'cancelled', cancelled_because = 'withdrawn by the requester'
       WHERE id = ${id} AND requester_id = ${actor.accountId} AND status IN ${NOT_OUT} RETURNING id`);
    if (cancelled.length === 0) throw notFound(`export ${id} that can be withdrawn`);
    await appendAudit(tx, [entryOf(actor, 'export-cancel', 'allowed', 'export withdrawn by its requester', { export: id })]);
    const row = await tx.one<ExportRow>(sql`${EXPORT_SELECT} WHERE e.id = ${id}`);
    return exportViewOf(row!);
  });
}

export function entryOf(
  actor: Actor,
  action: AuditEntry['action'],
  outcome: 'allowed' | 'refused',
  reason: string,
  detail?: Record<string, unknown>,
): AuditEntry {
  return {
    action,
    outcome,
    reason,
    actorId: actor.accountId,
    actorRole: actor.role,
    sessionId: actor.sessionId,
    address: actor.address,
    establishmentId: actor.establishmentId,
    detail,
  };
}
