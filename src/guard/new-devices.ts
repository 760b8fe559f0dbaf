import type { Origin } from '../domain/actor.ts';
import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { alertedSince, raiseAlert } from './alerts.ts';
import { DAY_MS, NEW_DEVICES_PER_DAY } from './limits.ts';

/**
 * At a sign-in from a device or address new to the account: past NEW_DEVICES_PER_DAY of
 * them in a day, the account's credentials are being used elsewhere (shared, or stolen
 * with their second factor), and the security officer hears of it, once a day. Sessions
 * live on the database's clock, and so does this count.
 */
export async function newDeviceSeen(tx: Sql, accountId: string, origin: Origin, sessionId: string): Promise<void> {
  const seen = await tx.one<{
    n: number;
    username: string;
    role: string;
  }>(sql`SELECT (SELECT count(*)::int FROM account_notice WHERE account_id = ${accountId} AND kind = 'new-device' AND created_at > now() - interval '1 day') AS n, username, role
     FROM account WHERE id = ${accountId}`);
  const now = new Date();
  if (!seen || seen.n < NEW_DEVICES_PER_DAY || (await alertedSince(tx, accountId, 'new-devices', new Date(now.getTime() - DAY_MS)))) return;
  const explanation = `${seen.username} (${seen.role}) signed in from ${seen.n} devices or addresses new to the account within 24 hours: its credentials are used from elsewhere`;
  const evidence = {
    sessionId,
    address: origin.address,
    userAgent: origin.userAgent,
    from: new Date(now.getTime() - DAY_MS).toISOString(),
    to: now.toISOString(),
  };
  await raiseAlert(tx, { accountId, detector: 'new-devices', severity: 'medium', explanation, evidence }, false, now);
}
