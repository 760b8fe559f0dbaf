import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { KeyRing } from '../crypto/key-ring.ts';
import { invalid } from '../domain/refusals.ts';
import { appendAudit } from '../ledger/append.ts';
import type { Database, Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { accountByUsername, sealTotpSecret, type AccountRow } from './accounts.ts';
import { establishmentWords } from './establishment-words.ts';
import { Unauthenticated, type Origin } from '../domain/actor.ts';
import { notifyAccount } from '../notices/notices.ts';
import { hashPassword } from './password.ts';
import { checkNewPassword, PASSWORD_PROBLEMS } from './password-policy.ts';
import { PRIVILEGED_ROLES } from '../domain/roles.ts';
import { clearLoginFailures, loginWait, recordLoginFailure, Throttled } from './throttle.ts';
import { newTotpSecret, totpStep, totpUri } from './totp.ts';

/**
 * Activation (DESIGN invariant 9): credentials never pass through the person who asked for
 * an account. The person who confirmed it receives a one-time code to hand over; with it
 * the owner chooses their password and enrols their own authenticator, and, for a
 * privileged role, their first passkey — which a password and a TOTP secret alone never
 * enrol. 120 random bits, only the SHA-256 kept, 72 hours, a new code voids the old one.
 */
export const ACTIVATION_HOURS = 72;

/** Crockford's base32 (no I, L, O, U): read out or typed from a letter without confusion. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 24 characters in six groups of four. */
export function newActivationCode(): string {
  let bits = 0n;
  for (const byte of randomBytes(15)) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let i = 23; i >= 0; i--) code += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return code.match(/.{4}/g)!.join('-');
}

/** What a person types, in either case, with or without dashes, O for 0 and I or L for 1. */
export function normaliseActivationCode(typed: string): string | undefined {
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{24}$/.test(code) ? code : undefined;
}

const hashOf = (normalised: string) => createHash('sha256').update(`activation\0${normalised}`, 'utf8').digest();

export interface IssuedCode {
  code: string;
  expiresAt: string;
}

/**
 * A new code for the account, voiding any earlier one. `credentialsSet`: the owner's
 * password and TOTP already exist (the seed's demo accounts) and the code only enrols the
 * first passkey.
 */
export async function issueActivationCode(tx: Sql, accountId: string, issuedBy: string | undefined, credentialsSet = false): Promise<IssuedCode> {
  await tx.run(sql`UPDATE activation_code SET used_at = now() WHERE account_id = ${accountId} AND used_at IS NULL`);
  const code = newActivationCode();
  const row = await tx.one<{ expires_at: Date }>(sql`INSERT INTO activation_code (id, account_id, code_hash, issued_by, expires_at, credentials_set_at)
     VALUES (${randomUUID()}, ${accountId}, ${hashOf(normaliseActivationCode(code)!)}, ${issuedBy ?? null}, now() + make_interval(hours => ${ACTIVATION_HOURS}), CASE WHEN ${credentialsSet} THEN now() END) RETURNING expires_at`);
  return { code, expiresAt: new Date(row!.expires_at).toISOString() };
}

interface LiveCode {
  id: string;
  pending_totp: Uint8Array | null;
  credentials_set_at: Date | null;
}

/** The account's live code matching what was typed, locked for the transaction. */
async function liveCode(tx: Sql, accountId: string, typed: string): Promise<LiveCode | undefined> {
  const code = normaliseActivationCode(typed);
  if (!code) return undefined;
  const row = await tx.one<LiveCode>(
    sql`SELECT id, pending_totp, credentials_set_at FROM activation_code WHERE account_id = ${accountId} AND code_hash = ${hashOf(code)} AND used_at IS NULL AND expires_at > now() FOR UPDATE`,
  );
  return row;
}

/** For the first passkey's enrolment: the code's id when it is live and the owner's password and TOTP are set. */
export async function enrolmentCode(tx: Sql, accountId: string, typed: string): Promise<string | undefined> {
  const code = await liveCode(tx, accountId, typed);
  return code?.credentials_set_at ? code.id : undefined;
}

export async function spendActivationCode(tx: Sql, codeId: string): Promise<void> {
  await tx.run(sql`UPDATE activation_code SET used_at = now() WHERE id = ${codeId}`);
}

const pendingAad = (codeId: string) => `activation/${codeId}/totp`;

/**
 * First step: the code is checked and a TOTP secret is offered for the owner's
 * authenticator app (an otpauth:// URI for a QR code); it is kept sealed until proved.
 */
export async function startActivation(db: Database, keys: KeyRing, username: string, typed: string, origin: Origin): Promise<{ totpUri: string }> {
  return activationStep(db, username, typed, origin, 'activation started: authenticator offered', async (tx, account, code) => {
    const secret = newTotpSecret();
    await tx.run(
      sql`UPDATE activation_code SET pending_totp = ${keys.accounts.encrypt(pendingAad(code.id), Buffer.from(secret, 'utf8'))} WHERE id = ${code.id}`,
    );
    return { totpUri: totpUri(secret, account.username) };
  });
}

/**
 * Second step: the owner's new password (the policy of password-policy.ts) and a code from
 * the authenticator prove the offered secret. The account's credentials are the owner's
 * from then on; a privileged role's code stays live for the first passkey only.
 */
export async function finishActivation(
  db: Database,
  keys: KeyRing,
  username: string,
  typed: string,
  input: { password: string; totpCode: string },
  origin: Origin,
): Promise<{ next: 'sign-in' }> {
  const passwordHash = await hashPassword(input.password);
  return activationStep(db, username, typed, origin, 'activated: password and authenticator set by the owner', async (tx, account, code) => {
    if (!code.pending_totp)
      throw invalid([
        {
          severity: 'error',
          code: 'business-rule',
          diagnostics: 'Start the activation first: the authenticator has not been offered',
          expression: ['activationCode'],
        },
      ]);
    const problems = checkNewPassword(input.password, { username: account.username, words: await establishmentWords(tx, account.establishment_id) });
    if (problems.length > 0) {
      throw invalid(
        problems.map((problem) => ({ severity: 'error', code: 'business-rule', diagnostics: PASSWORD_PROBLEMS[problem], expression: ['password'] })),
      );
    }
    const secret = keys.accounts.decrypt(pendingAad(code.id), code.pending_totp).toString('utf8');
    const step = totpStep(secret, input.totpCode);
    if (step === undefined)
      throw invalid([
        {
          severity: 'error',
          code: 'business-rule',
          diagnostics: 'The authenticator code does not match: check the app and the time of the device',
          expression: ['code'],
        },
      ]);
    await tx.run(
      sql`UPDATE account SET password_hash = ${passwordHash}, totp_secret = ${sealTotpSecret(keys, account.id, secret)}, totp_last_step = ${step}, activated_at = now() WHERE id = ${account.id}`,
    );
    const privileged = PRIVILEGED_ROLES.includes(account.role);
    await tx.run(
      sql`UPDATE activation_code SET pending_totp = NULL, credentials_set_at = now(), used_at = CASE WHEN ${privileged} THEN NULL ELSE now() END WHERE id = ${code.id}`,
    );
    await clearLoginFailures(tx, account.username);
    await notifyAccount(tx, account, 'account-activated', origin);
    return { next: 'sign-in' as const };
  });
}

/**
 * One activation step in a transaction: throttled like a sign-in, the account confirmed
 * and its code live and not yet spent on credentials; anything else is the uniform 401,
 * counted as a failed sign-in and audited.
 */
async function activationStep<T>(
  db: Database,
  username: string,
  typed: string,
  origin: Origin,
  reason: string,
  work: (tx: Sql, account: AccountRow, code: LiveCode) => Promise<T>,
): Promise<T> {
  const wait = await loginWait(db, username, origin.address);
  if (wait !== undefined) throw new Throttled(wait);
  const outcome = await db.transaction(async (tx) => {
    const account = await accountByUsername(tx, username);
    const code = account?.status === 'active' ? await liveCode(tx, account.id, typed) : undefined;
    if (!account || !code || code.credentials_set_at) {
      await recordLoginFailure(tx, username, origin.address);
      await appendAudit(tx, [
        {
          action: 'account-activation',
          outcome: 'refused',
          reason: 'unknown, spent or lapsed activation code',
          actorId: account?.id,
          actorRole: account?.role,
          address: origin.address,
          detail: { username },
        },
      ]);
      return undefined;
    }
    const result = await work(tx, account, code);
    await appendAudit(tx, [
      {
        action: 'account-activation',
        outcome: 'allowed',
        reason,
        actorId: account.id,
        actorRole: account.role,
        address: origin.address,
        resourceType: 'Account',
        resourceId: account.id,
      },
    ]);
    return { result };
  });
  if (!outcome) throw new Unauthenticated();
  return outcome.result;
}

/**
 * A lost passkey or forgotten credentials: everything that opened the account goes — its
 * password (replaced by a random one no one knows), TOTP secret, passkeys, recovery codes,
 * sessions and pending sign-ins — and the owner starts again with a new code.
 */
export async function withdrawCredentials(tx: Sql, keys: KeyRing, accountId: string): Promise<void> {
  await tx.run(
    sql`UPDATE account SET password_hash = ${await hashPassword(randomBytes(32).toString('base64url'))}, totp_secret = ${sealTotpSecret(keys, accountId, newTotpSecret())}, totp_last_step = 0, activated_at = NULL WHERE id = ${accountId}`,
  );
  await tx.run(sql`DELETE FROM passkey WHERE account_id = ${accountId}`);
  await tx.run(sql`DELETE FROM recovery_code WHERE account_id = ${accountId}`);
  await tx.run(sql`UPDATE session SET revoked_at = now() WHERE account_id = ${accountId} AND revoked_at IS NULL`);
  await tx.run(sql`UPDATE login_ticket SET used_at = now() WHERE account_id = ${accountId} AND used_at IS NULL`);
}
