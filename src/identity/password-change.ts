import { forbidden, invalid } from '../domain/refusals.ts';
import { appendAudit } from '../ledger/append.ts';
import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { accountById } from './accounts.ts';
import { establishmentWords } from './establishment-words.ts';
import type { Actor } from '../domain/actor.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { checkNewPassword, PASSWORD_PROBLEMS } from './password-policy.ts';
import { loginWait, recordLoginFailure, Throttled } from './throttle.ts';

/**
 * A signed-in user changes their own password: the current one first (a stolen session
 * alone must not take the account over), then the policy on the new one. The user's other
 * sessions end. Wrong current passwords count towards the sign-in lockout.
 */
export async function changeOwnPassword(db: Database, actor: Actor, input: { currentPassword: string; newPassword: string }): Promise<void> {
  const { currentPassword, newPassword } = input;

  const wait = await loginWait(db, actor.username, actor.address);
  if (wait !== undefined) throw new Throttled(wait);
  const account = await accountById(db, actor.accountId);
  if (!account || !(await verifyPassword(account.password_hash, currentPassword))) {
    await db.transaction(async (tx) => {
      await recordLoginFailure(tx, actor.username, actor.address);
      await appendAudit(tx, [{ ...auditOf(actor), outcome: 'refused', reason: 'wrong current password' }]);
    });
    throw forbidden('The current password is wrong');
  }
  const problems = checkNewPassword(newPassword, { username: actor.username, words: await establishmentWords(db, actor.establishmentId) });
  if (problems.length > 0) {
    throw invalid(
      problems.map((problem) => ({ severity: 'error', code: 'business-rule', diagnostics: PASSWORD_PROBLEMS[problem], expression: ['newPassword'] })),
    );
  }
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    await tx.run(sql`UPDATE account SET password_hash = ${passwordHash} WHERE id = ${actor.accountId}`);
    const others = await tx.rows(
      sql`UPDATE session SET revoked_at = now() WHERE account_id = ${actor.accountId} AND id <> ${actor.sessionId} AND revoked_at IS NULL RETURNING 1`,
    );
    await appendAudit(tx, [{ ...auditOf(actor), outcome: 'allowed', reason: 'password changed', detail: { otherSessionsRevoked: others.length } }]);
  });
}

const auditOf = (actor: Actor) =>
  ({
    action: 'password-change',
    actorId: actor.accountId,
    actorRole: actor.role,
    sessionId: actor.sessionId,
    address: actor.address,
    resourceType: 'Account',
    resourceId: actor.accountId,
  }) as const;
