import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import type { Origin } from '../domain/actor.ts';
import { secondFactorsOf } from './passkeys/sign-in.ts';
import type { Role } from '../domain/roles.ts';
import { newSecretToken, tokenHash } from './tokens.ts';

/** Time to type a code, no more. */
const TICKET_SECONDS = 300;

/**
 * What a verified password (or a single sign-on without two factors) buys: a short-lived
 * ticket with which the bearer completes Vigie's own factors (`POST /api/auth/totp`, then
 * a passkey for privileged roles) before any session opens. `mfa` lists them.
 */
export async function issueLoginTicket(tx: Sql, account: { id: string; role: Role }, origin: Origin): Promise<{ ticket: string; mfa: string[] }> {
  const ticket = newSecretToken();
  await tx.run(
    sql`INSERT INTO login_ticket (ticket_hash, account_id, expires_at, address) VALUES (${tokenHash(ticket)}, ${account.id}, now() + make_interval(secs => ${TICKET_SECONDS}), ${origin.address ?? null})`,
  );
  return { ticket, mfa: await secondFactorsOf(tx, account) };
}
