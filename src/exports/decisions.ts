import type { Actor } from '../domain/actor.ts';
import { FRESH_PASSKEY_SECONDS, hasRecentStepUp } from '../domain/actor.ts';
import { appendAudit } from '../ledger/append.ts';
import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { forbidden, freshPasskeyNeeded, notFound, versionConflict } from '../domain/refusals.ts';
import { noteOf } from '../guard/officer-note.ts';
import type { ExportJobs } from './jobs.ts';
import { APPROVER_ROLES, isApproverOf, MIGRATION_APPROVER_ROLES } from './purposes.ts';
import { passphraseOf } from './asked-export.ts';
import { entryOf } from './requests.ts';
import { EXPORT_SELECT, exportViewOf, type ExportRow, type ExportView } from './view.ts';

/**
 * The two-person rule: a request awaiting approval is approved or refused by an approver
 * (the data protection officer, or the medical information doctor of the export's
 * establishment) who is not its requester, with a passkey proved in the
 * last five minutes and a note — and, to approve, the passphrase the files are sealed
 * under, unless they are sealed to a recipient's key. A migration needs two approvals, of
 * the data protection officer and of the security officer, in either order; then it waits
 * for its window. Either way the ledger records it; a refusal, by any of them, is final.
 */
export async function decideExport(
  deps: { db: Database; jobs: ExportJobs },
  actor: Actor,
  id: string,
  decision: 'approve' | 'refuse',
  body: { note: string; passphrase?: string | undefined },
): Promise<ExportView> {
  const { db } = deps;
  const refuse = async (reason: string, refusal = forbidden(reason)) => {
    await appendAudit(db, [entryOf(actor, 'export-decision', 'refused', reason, { export: id, decision })]);
    return refusal;
  };
  if (![...APPROVER_ROLES, ...MIGRATION_APPROVER_ROLES].includes(actor.role))
    throw await refuse(`role ${actor.role} may not ${decision} exports: the data protection officer does, or the medical information doctor`);
  const note = noteOf(body.note);
  if (!hasRecentStepUp(actor, FRESH_PASSKEY_SECONDS)) {
    const refusal = freshPasskeyNeeded(`To ${decision} an export`);
    throw await refuse(refusal.message, refusal);
  }
  const outcome = await db.transaction(async (tx): Promise<{ view: ExportView; passphrase: string | undefined } | string> => {
    const row = await tx.one<ExportRow>(sql`${EXPORT_SELECT} WHERE e.id = ${id} FOR UPDATE OF e`);
    if (!row) throw notFound(`export ${id}`);
    if (row.requester_id === actor.accountId) return 'An export is approved or refused by someone other than its requester';
    if (!isApproverOf(actor, row)) {
      return row.approvals_needed === 2
        ? `role ${actor.role} may not ${decision} a migration: the data protection officer and the security officer do`
        : `${actor.username} (${actor.role}) may not ${decision} this export: the data protection officer does, or the medical information doctor of its establishment`;
    }
    if (row.status !== 'awaiting-approval') throw versionConflict(`The export is ${row.status}, not awaiting approval`);
    const approvals = await tx.rows<{ approver_id: string; role: string }>(sql`SELECT approver_id, role FROM export_approval WHERE export_id = ${id}`);
    if (approvals.some((approval) => approval.role === actor.role))
      return `export ${id} already has the approval of a ${actor.role}: the other approval is another role's`;
    // The files are sealed under the approver's passphrase, handed to the recipient apart from them — or to the recipient's key.
    const passphrase = decision === 'approve' && !row.recipient_key ? passphraseOf(body.passphrase ?? '') : undefined;
    const complete = decision === 'refuse' || approvals.length + 1 >= row.approvals_needed;
    const status =
      decision === 'refuse'
        ? 'refused'
        : !complete
          ? 'awaiting-approval'
          : row.window_start && new Date(row.window_start) > new Date()
            ? 'scheduled'
            : 'approved';
    if (decision === 'approve')
      await tx.run(sql`INSERT INTO export_approval (export_id, approver_id, role, note) VALUES (${id}, ${actor.accountId}, ${actor.role}, ${note})`);
    if (complete)
      await tx.run(
        sql`UPDATE export_request SET status = ${status}, decided_by = ${actor.accountId}, decided_at = now(), decision_note = ${note} WHERE id = ${id}`,
      );
    const what =
      decision === 'refuse'
        ? 'refused'
        : complete
          ? status === 'scheduled'
            ? 'approved, waiting for its window'
            : 'approved'
          : `approved, ${approvals.length + 1} of ${row.approvals_needed}`;
    await appendAudit(tx, [
      entryOf(actor, 'export-decision', 'allowed', `export ${what}: ${note}`, { export: id, decision, requester: row.requester_id, patients: row.patients }),
    ]);
    const after = await tx.one<ExportRow>(sql`${EXPORT_SELECT} WHERE e.id = ${id}`);
    return { view: exportViewOf(after!), passphrase };
  });
  if (typeof outcome === 'string') throw await refuse(outcome);
  if (outcome.view.status === 'approved') deps.jobs.start(id, outcome.passphrase);
  return outcome.view;
}
