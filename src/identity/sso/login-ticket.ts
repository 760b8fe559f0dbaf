import type { Sql } from '../../store/database.ts';
import type { Origin } from '../actor.ts';
import { newSecretToken, tokenHash } from '../tokens.ts';

/** As long as a password sign-in's ticket (login.ts): time to type a code, no more. */
const TICKET_SECONDS = 300;

/**
 * A login ticket like the one a verified password buys: the bearer completes Vigie's own
 * second factor with it (`POST /api/auth/totp`) before any session opens.
 */
export async function issueLoginTicket(tx: Sql, accountId: string, origin: Origin): Promise<{ ticket: string; mfa: string[] }> {
  const ticket = newSecretToken();
  await tx.query(
    `INSERT INTO login_ticket (ticket_hash, account_id, expires_at, address) VALUES ($1, $2, now() + make_interval(secs => $3), $4)`,
    [tokenHash(ticket), accountId, TICKET_SECONDS, origin.address ?? null],
  );
  return { ticket, mfa: ['totp'] };
}
