import type { Actor, Origin } from '../domain/actor.ts';
import { notifyAccount } from '../notices/notices.ts';
import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { alertOf, who } from './alerts.ts';
import type { Enforcement } from './enforcement.ts';
import { samePlace } from './places.ts';

/**
 * A session token used from another place than the one its session was opened from
 * (another network or browser) has been copied. Before anything is answered, every
 * session of the account is closed, the security officer is alerted, and the account
 * holder finds a notice at their next sign-in. Their password and second factor still
 * hold, so the account stays theirs; the thief holds nothing any more. True: refused.
 */
export async function usedElsewhere(db: Database, enforcement: Enforcement, actor: Actor, openedFrom: Origin, usedFrom: Origin, at: Date): Promise<boolean> {
  if (samePlace(openedFrom, usedFrom)) return false;
  await db.transaction(async (tx) => {
    // Requests racing with the same token: the first one closes and alerts.
    const open = await tx.one(sql`SELECT 1 FROM session WHERE id = ${actor.sessionId} AND revoked_at IS NULL FOR UPDATE`);
    if (!open) return;
    const explanation = `${who(actor)}'s session, opened from ${placeOf(openedFrom)}, was used from ${placeOf(usedFrom)}: a copied session token`;
    await enforcement.closeSessions(tx, actor, alertOf(actor, 'token-elsewhere', 'high', explanation, at, at, { openedFrom, usedFrom }), false, at);
    await notifyAccount(tx, { id: actor.accountId, role: actor.role }, 'session-used-elsewhere', usedFrom, { openedFrom }, actor.sessionId);
  });
  return true;
}

const placeOf = (origin: Origin) => `${origin.address ?? 'an unknown address'} (${origin.userAgent ?? 'no user agent'})`;
