import type { Actor } from '../domain/actor.ts';
import { sql } from '../store/sql.ts';
import { contained, stepUpNeeded, type RefusedError } from '../domain/refusals.ts';
import { appendAudit } from '../ledger/append.ts';
import type { Sql } from '../store/database.ts';
import { raiseAlert, type NewAlert } from './alerts.ts';
import { recordDisclosed } from './budget.ts';
import { containAddress } from './together.ts';
import type { Verdict } from './verdict.ts';

/**
 * What else closes with an account's sessions, in the same transaction: registered where
 * the application is assembled (src/api/guard-assembly.ts), so that the guard knows no
 * module above it — the exports cancel those not yet out. Answers figures for the ledger.
 */
export type ContainmentHook = (tx: Sql, accountId: string, because: string) => Promise<Record<string, number>>;

/**
 * The one place a guard verdict takes effect, inside the transaction of the request that
 * was judged, so that a containment is in force before that request's answer leaves: the
 * account set aside, every session of it revoked, the hooks run, the security officer
 * alerted (the alert waits in the database for the webhook) and the ledger told.
 */
export class Enforcement {
  constructor(private readonly hooks: readonly ContainmentHook[] = []) {}

  async apply(tx: Sql, actor: Actor, verdict: Verdict, at: Date): Promise<RefusedError | undefined> {
    switch (verdict.kind) {
      case 'pass':
        if (verdict.charges.length > 0) await recordDisclosed(tx, actor.accountId, actor.address, verdict.charges, at);
        return undefined;
      case 'step-up':
        return stepUpNeeded(verdict.why);
      case 'contain': {
        const alerts: string[] = [];
        for (const { actor: one, alert } of verdict.accounts) {
          await tx.run(sql`UPDATE account SET status = 'contained' WHERE id = ${one.accountId}`);
          alerts.push(await this.closeSessions(tx, one, alert, true, at));
        }
        // The address is held under the alert of the account whose request crossed the line.
        if (verdict.address && alerts[0]) await containAddress(tx, verdict.address, alerts[0], at);
        return contained();
      }
    }
  }

  /**
   * Every session of the account revoked, the hooks run, the security officer alerted and
   * the ledger told: with the account set aside (`accountContained`), or when only its
   * tokens were taken. Answers the alert's id.
   */
  async closeSessions(tx: Sql, actor: Actor, alert: NewAlert, accountContained: boolean, at: Date): Promise<string> {
    const revoked = await tx.rows(sql`UPDATE session SET revoked_at = now() WHERE account_id = ${actor.accountId} AND revoked_at IS NULL RETURNING id`);
    const figures: Record<string, number> = {};
    for (const hook of this.hooks) Object.assign(figures, await hook(tx, actor.accountId, `cancelled by the guard: ${alert.explanation}`));
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
        detail: { alert: alertId, detector: alert.detector, sessionsRevoked: revoked.length, ...figures, accountContained },
      },
    ]);
    return alertId;
  }
}
