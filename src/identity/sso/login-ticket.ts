import type { Sql } from '../../store/database.ts';
import type { Origin } from '../actor.ts';
import { secondFactorsOf } from '../passkeys/sign-in.ts';
import type { Role } from '../roles.ts';
import { newSecretToken, tokenHash } from '../tokens.ts';

/** As long as a password sign-in's ticket (login.ts): time to type a code, no more. */
const TICKET_SECONDS = 300;

/**
 * A login ticket like the one a verified password buys: the bearer completes Vigie's own
 * factors with it (`POST /api/auth/totp`, then a passkey for privileged roles) before any
 * session opens. `mfa` lists them as the password sign-in does.
 */
export async function issueLoginTicket(tx: Sql, account: { id: string; role: Role }, origin: Origin): Promise<{ ticket: string; mfa: string[] }> {
  const ticket = newSecretToken();
  await tx.query(
    `INSERT INTO login_ticket (ticket_hash, account_id, expires_at, address) VALUES ($1, $2, now() + make_interval(secs => $3), $4)`,
    [tokenHash(ticket), account.id, TICKET_SECONDS, origin.address ?? null],
  );
  return { ticket, mfa: await secondFactorsOf(tx, account) };
}
