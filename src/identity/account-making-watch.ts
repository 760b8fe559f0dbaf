import { alertedSince, alertOf, raiseAlert, who } from '../guard/alerts.ts';
import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import type { Actor } from '../domain/actor.ts';

/**
 * One person making many accounts in a day is how a stolen administrator manufactures
 * access (threat T9): past this many requests, or confirmations, in 24 hours, the security
 * officer hears of it once that day. A hospital's intake of interns comes with notice.
 */
export const ACCOUNTS_MADE_PER_DAY = 10;

const DAY_MS = 86_400_000;

export async function watchAccountMaking(tx: Sql, actor: Actor, act: 'requested' | 'confirmed'): Promise<void> {
  const since = new Date(Date.now() - DAY_MS);
  const made =
    act === 'requested' ? sql`requested_by = ${actor.accountId} AND requested_at > ${since}` : sql`decided_by = ${actor.accountId} AND decided_at > ${since}`;
  // A confirmation is counted before its own row is marked decided.
  const count = (await tx.count(sql`SELECT count(*) FROM role_grant WHERE ${made}`)) + (act === 'confirmed' ? 1 : 0);
  if (count < ACCOUNTS_MADE_PER_DAY || (await alertedSince(tx, actor.accountId, 'accounts-made', since))) return;
  const explanation = `${who(actor)} ${act} ${count} account requests in 24 hours (creations, role or placement changes, re-enablings, activation codes): one person making access for others`;
  await raiseAlert(tx, alertOf(actor, 'accounts-made', 'medium', explanation, since, new Date(), { [act]: count }), false, new Date());
}
