import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { versionConflict } from '../../domain/refusals.ts';
import { appendAudit } from '../../ledger/append.ts';
import type { Database } from '../../store/database.ts';
import { sql } from '../../store/sql.ts';
import { Unauthenticated, type Actor } from '../../domain/actor.ts';
import { assertPasskey, requestOptions } from './ceremonies.ts';
import { hasPasskey } from './credentials.ts';
import type { RelyingParty } from './relying-party.ts';
import { authenticationResponse, type BrowserAssertion } from './client-data.ts';

/**
 * Step-up: a fresh passkey assertion inside a session, for an act that must not ride on a
 * session token alone (a stolen token, threat T4) — export approvals, for one. The session
 * records when; `hasRecentStepUp` says whether that is recent enough for the act.
 */
export async function stepUpOptions(db: Database, rp: RelyingParty, actor: Actor): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return db.transaction(async (tx) => {
    if (!(await hasPasskey(tx, actor.accountId)))
      throw versionConflict('No passkey is registered to this account: add one first (POST /api/me/passkeys/options)');
    return requestOptions(tx, actor.accountId, 'step-up', { sessionId: actor.sessionId }, rp);
  });
}

/** Verifies the assertion against the session's step-up challenge and stamps the session. */
export async function verifyStepUp(db: Database, actor: Actor, response: BrowserAssertion): Promise<{ stepUpAt: string }> {
  const parsed = authenticationResponse(response);
  const stamped = await db.transaction(async (tx) => {
    const verified = await assertPasskey(tx, actor.accountId, parsed, 'step-up', { sessionId: actor.sessionId });
    const entry = { action: 'step-up', actorId: actor.accountId, actorRole: actor.role, sessionId: actor.sessionId, address: actor.address } as const;
    if (!verified.ok) {
      await appendAudit(tx, [{ ...entry, outcome: 'refused', reason: `step-up refused: ${verified.reason}` }]);
      return undefined;
    }
    const row = await tx.one<{ step_up_at: Date }>(sql`UPDATE session SET step_up_at = now() WHERE id = ${actor.sessionId} RETURNING step_up_at`);
    await appendAudit(tx, [{ ...entry, outcome: 'allowed', reason: 'passkey verified in session (step-up)', detail: { passkey: verified.value.passkeyId } }]);
    return new Date(row!.step_up_at);
  });
  if (!stamped) throw new Unauthenticated();
  actor.stepUpAt = stamped;
  return { stepUpAt: stamped.toISOString() };
}
