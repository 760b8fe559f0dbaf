import type { Actor } from '../identity/actor.ts';
import { FRESH_PASSKEY_SECONDS, hasRecentStepUp } from '../identity/passkeys/step-up.ts';
import { appendAudit } from '../ledger/append.ts';
import type { Database } from '../store/database.ts';
import { forbidden, notFound, versionConflict } from '../gate/refusals.ts';
import { noteOf } from '../guard/containment.ts';
import type { ExportJobs } from './jobs.ts';
import { APPROVER_ROLES } from './purposes.ts';
import { passphraseOf } from './request-input.ts';
import { entryOf } from './requests.ts';
import { EXPORT_SELECT, exportViewOf, type ExportRow, type ExportView } from './view.ts';

/**
 * The two-person rule: a request awaiting approval is approved or refused by an approver
 * (the data protection officer) who is not its requester, with a passkey proved in the
 * last five minutes and a note — and, to approve, the passphrase the files are sealed
 * under. Either way the ledger records it; a refusal is final.
 */
export async function decideExport(deps: { db: Database; jobs: ExportJobs }, actor: Actor, id: string, decision: 'approve' | 'refuse', body: unknown): Promise<ExportView> {
  const { db } = deps;
  const refuse = async (reason: string) => {
    await appendAudit(db, [entryOf(actor, 'export-decision', 'refused', reason, { export: id, decision })]);
    return forbidden(reason);
  };
  if (!APPROVER_ROLES.includes(actor.role)) throw await refuse(`role ${actor.role} may not ${decision} exports: the data protection officer does`);
  const note = noteOf(body);
  if (!hasRecentStepUp(actor, FRESH_PASSKEY_SECONDS)) throw await refuse(`To ${decision} an export needs a passkey step-up in the last 5 minutes (POST /api/me/step-up/options, then /verify)`);
  // The files are sealed under the approver's passphrase, handed to the recipient apart from them.
  const passphrase = decision === 'approve' ? passphraseOf((body as { passphrase?: unknown }).passphrase) : undefined;
  const decided = await db.transaction(async (tx) => {
    const [row] = await tx.query<ExportRow>(`${EXPORT_SELECT} WHERE e.id = $1 FOR UPDATE OF e`, [id]);
    if (!row) throw notFound(`export ${id}`);
    if (row.requester_id === actor.accountId) return undefined;
    if (row.status !== 'awaiting-approval') throw versionConflict(`The export is ${row.status}, not awaiting approval`);
    await tx.query(`UPDATE export_request SET status = $2, decided_by = $3, decided_at = now(), decision_note = $4 WHERE id = $1`, [
      id,
      decision === 'approve' ? 'approved' : 'refused',
      actor.accountId,
      note,
    ]);
    await appendAudit(tx, [entryOf(actor, 'export-decision', 'allowed', `export ${decision === 'approve' ? 'approved' : 'refused'}: ${note}`, { export: id, decision, requester: row.requester_id, patients: row.patients })]);
    const [after] = await tx.query<ExportRow>(`${EXPORT_SELECT} WHERE e.id = $1`, [id]);
    return exportViewOf(after!);
  });
  if (!decided) throw await refuse('An export is approved or refused by someone other than its requester');
  if (passphrase) deps.jobs.start(id, passphrase);
  return decided;
}
