import type { Actor } from '../domain/actor.ts';
import { appendAudit } from '../ledger/append.ts';
import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { contained, type RefusedError } from '../domain/refusals.ts';
import { cancelExportsOf } from './export-cancellation.ts';
import { raiseAlert, type NewAlert } from './alerts.ts';

/**
 * Containment, in the transaction of the request that crossed the line, so that it is in
 * force before that request's answer leaves: the account is set aside, every session of
 * it revoked, the security officer alerted with the evidence, and the ledger records it.
 * Nothing the request asked for is disclosed.
 */
export async function contain(tx: Sql, actor: Actor, alert: NewAlert, at: Date): Promise<RefusedError> {
  await tx.run(sql`UPDATE account SET status = 'contained' WHERE id = ${actor.accountId}`);
  await closeSessions(tx, actor, alert, true, at);
  return contained();
}

/**
 * Every session of the account revoked, its pending exports cancelled, the security
 * officer alerted and the ledger told: with the account set aside (`accountContained`),
 * or when only its tokens were taken.
 */
export async function closeSessions(tx: Sql, actor: Actor, alert: NewAlert, accountContained: boolean, at: Date): Promise<void> {
  const revoked = await tx.rows(sql`UPDATE session SET revoked_at = now() WHERE account_id = ${actor.accountId} AND revoked_at IS NULL RETURNING id`);
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
