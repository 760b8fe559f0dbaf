import type { KeyRing } from '../crypto/key-ring.ts';
import { appendAudit } from '../ledger/append.ts';
import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { accountById, accountByUsername, totpSecretOf } from './accounts.ts';
import { Unauthenticated, type Origin } from '../domain/actor.ts';
import { decoyHash, verifyPassword } from './password.ts';
import { issueLoginTicket } from './login-ticket.ts';
import { passkeyStepAfterTotp } from './passkeys/sign-in.ts';
import { addressContainedFor } from '../guard/together.ts';
import { openSession } from './sessions.ts';
import { clearLoginFailures, loginWait, recordLoginFailure, Throttled } from './throttle.ts';
import { tokenHash } from './tokens.ts';
import { totpStep } from './totp.ts';

/** A password alone opens nothing: it buys a short-lived ticket for the second factor. */
const MAX_CODES_PER_TICKET = 5;

export async function startLogin(db: Database, username: string, password: string, origin: Origin): Promise<{ ticket: string; mfa: string[] }> {
  const account = await accountByUsername(db, username);
  // Before any password is checked, and the same whether or not the account exists.
  const wait = await loginWait(db, username, origin.address);
  if (wait !== undefined) {
    await appendAudit(db, [
      {
        action: 'login',
        outcome: 'refused',
        reason: 'throttled: too many failed sign-ins',
        actorId: account?.id,
        actorRole: account?.role,
        address: origin.address,
        detail: { username, userAgent: origin.userAgent },
      },
    ]);
    throw new Throttled(wait);
  }
  const passwordOk = await verifyPassword(account?.password_hash ?? (await decoyHash()), password);
  // An address the guard contained lets in only the accounts that have long worked from it.
  const addressContained = Boolean(account && passwordOk && (await addressContainedFor(db, account.id, origin.address)));
  const allowed = Boolean(account && passwordOk && account.status === 'active' && !addressContained);
  const issued = await db.transaction(async (tx) => {
    const ticket = allowed ? await issueLoginTicket(tx, account!, origin) : undefined;
    if (!allowed) await recordLoginFailure(tx, username, origin.address);
    await appendAudit(tx, [
      {
        action: 'login',
        outcome: allowed ? 'allowed' : 'refused',
        reason: allowed
          ? 'password verified, second factor required'
          : addressContained
            ? ADDRESS_CONTAINED
            : refusalReason(Boolean(account), passwordOk, account?.status),
        actorId: account?.id,
        actorRole: account?.role,
        address: origin.address,
        detail: { username, userAgent: origin.userAgent },
      },
    ]);
    return ticket;
  });
  if (!issued) throw new Unauthenticated();
  return issued;
}

export const ADDRESS_CONTAINED = 'sign-ins from this address are suspended by the guard (accounts moving together), but for accounts long used from it';

function refusalReason(known: boolean, passwordOk: boolean, status: string | undefined): string {
  if (!known) return 'unknown username';
  if (!passwordOk) return 'wrong password';
  return `account ${status}`;
}

export async function completeTotp(
  db: Database,
  keys: KeyRing,
  ticket: string,
  code: string,
  origin: Origin,
): Promise<{ token: string; expiresAt: string } | { next: 'webauthn' | 'webauthn-enrol' }> {
  const outcome = await db.transaction(async (tx) => {
    const row = await tx.one<{ account_id: string }>(sql`SELECT account_id FROM login_ticket
       WHERE ticket_hash = ${tokenHash(ticket)} AND used_at IS NULL AND totp_verified_at IS NULL AND expires_at > now() AND failed_codes < ${MAX_CODES_PER_TICKET} FOR UPDATE`);
    const account = row && (await accountById(tx, row.account_id));
    if (!account || account.status !== 'active') return undefined;
    const step = totpStep(totpSecretOf(keys, account), code);
    const accepted = step !== undefined && step > Number(account.totp_last_step);
    if (!accepted) {
      await tx.run(sql`UPDATE login_ticket SET failed_codes = failed_codes + 1 WHERE ticket_hash = ${tokenHash(ticket)}`);
      await recordLoginFailure(tx, account.username, origin.address);
      await appendAudit(tx, [
        {
          action: 'mfa',
          outcome: 'refused',
          reason: step === undefined ? 'wrong TOTP code' : 'TOTP code replayed',
          actorId: account.id,
          actorRole: account.role,
          address: origin.address,
        },
      ]);
      return undefined;
    }
    await tx.run(sql`UPDATE account SET totp_last_step = ${step} WHERE id = ${account.id}`);
    await clearLoginFailures(tx, account.username);
    // Privileged roles: the ticket stays open for the passkey (src/identity/passkeys).
    const next = await passkeyStepAfterTotp(tx, account, ticket, origin);
    if (next) return next;
    await tx.run(sql`UPDATE login_ticket SET used_at = now() WHERE ticket_hash = ${tokenHash(ticket)}`);
    const session = await openSession(tx, account, origin);
    await appendAudit(tx, [
      {
        action: 'mfa',
        outcome: 'allowed',
        reason: 'TOTP verified, session opened',
        actorId: account.id,
        actorRole: account.role,
        sessionId: session.sessionId,
        address: origin.address,
      },
    ]);
    return session;
  });
  if (!outcome) throw new Unauthenticated();
  if ('next' in outcome) return outcome;
  return { token: outcome.token, expiresAt: outcome.expiresAt };
}
