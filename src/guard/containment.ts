import type { Actor } from '../identity/actor.ts';
import { mustHaveFreshPasskey } from '../identity/passkeys/step-up.ts';
import { appendAudit } from '../ledger/append.ts';
import type { Database, Sql } from '../store/database.ts';
import { contained, invalidParameter, notFound, versionConflict, type RefusedError } from '../gate/refusals.ts';
import { cancelExportsOf } from '../exports/requests.ts';
import { mustBeOfficer } from './alert-review.ts';
import { raiseAlert, type NewAlert } from './alerts.ts';

/**
 * Containment, in the transaction of the request that crossed the line, so that it is in
 * force before that request's answer leaves: the account is set aside, every session of
 * it revoked, the security officer alerted with the evidence, and the ledger records it.
 * Nothing the request asked for is disclosed.
 */
export async function contain(tx: Sql, actor: Actor, alert: NewAlert, at: Date): Promise<RefusedError> {
  await tx.query(`UPDATE account SET status = 'contained' WHERE id = $1`, [actor.accountId]);
  await closeSessions(tx, actor, alert, true, at);
  return contained();
}

/**
 * Every session of the account revoked, its pending exports cancelled, the security
 * officer alerted and the ledger told: with the account set aside (`accountContained`),
 * or when only its tokens were taken.
 */
export async function closeSessions(tx: Sql, actor: Actor, alert: NewAlert, accountContained: boolean, at: Date): Promise<void> {
  const revoked = await tx.query('UPDATE session SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL RETURNING id', [actor.accountId]);
  // What the account asked to export and has not yet received goes with its sessions.
  const exportsCancelled = await cancelExportsOf(tx, actor.accountId, `cancelled by the guard: ${alert.explanation}`);
  const alertId = await raiseAlert(tx, alert, accountContained, at);
  await appendAudit(tx, [
    {
      action: 'containment',
      outcome: 'allowed',
      reason: alert.explanation,
      actorId: actor.accountId,
      actorRole: actor.role,
      sessionId: actor.sessionId,
      address: actor.address,
      detail: { alert: alertId, detector: alert.detector, sessionsRevoked: revoked.length, exportsCancelled, accountContained },
    },
  ]);
}

/**
 * Only a security officer, with a passkey proved in the last five minutes, reinstates a
 * contained account. Its budget starts anew (the ledger keeps what happened) and its open
 * alerts are closed with the officer's note.
 */
export async function reinstate(db: Database, officer: Actor, accountId: string, body: unknown): Promise<{ accountId: string; status: 'active' }> {
  await mustBeOfficer(db, officer, 'reinstate accounts');
  const note = noteOf(body);
  mustHaveFreshPasskey(officer, 'Reinstating an account');
  return db.transaction(async (tx) => {
    const [account] = await tx.query<{ status: string; role: string }>('SELECT status, role FROM account WHERE id = $1 FOR UPDATE', [accountId]);
    if (!account) throw notFound(`Account/${accountId}`);
    if (account.status !== 'contained') throw versionConflict(`The account is ${account.status}, not contained`);
    await tx.query(`UPDATE account SET status = 'active' WHERE id = $1`, [accountId]);
    await tx.query('DELETE FROM guard_event WHERE account_id = $1', [accountId]);
    const closed = await tx.query(
      'UPDATE guard_alert SET acknowledged_by = $2, acknowledged_at = now(), note = $3 WHERE account_id = $1 AND acknowledged_at IS NULL RETURNING id',
      [accountId, officer.accountId, note],
    );
    await appendAudit(tx, [
      {
        action: 'reinstatement',
        outcome: 'allowed',
        reason: note,
        actorId: officer.accountId,
        actorRole: officer.role,
        sessionId: officer.sessionId,
        address: officer.address,
        detail: { account: accountId, alertsClosed: closed.length },
      },
    ]);
    return { accountId, status: 'active' as const };
  });
}

/** The officer says why, in a few words: it goes into the ledger. */
export function noteOf(body: unknown): string {
  const note = body && typeof body === 'object' ? (body as { note?: unknown }).note : undefined;
  if (typeof note !== 'string' || note.trim().length < 3 || note.length > 500) {
    throw invalidParameter('Give a note of 3 to 500 characters: what the review found', 'note');
  }
  return note.trim();
}
