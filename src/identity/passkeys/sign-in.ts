import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { appendAudit, type AuditEntry } from '../../ledger/append.ts';
import type { Database, Sql } from '../../store/database.ts';
import { sql } from '../../store/sql.ts';
import { accountById, type AccountRow } from '../accounts.ts';
import { Unauthenticated, type Origin } from '../../domain/actor.ts';
import { PRIVILEGED_ROLES, type Role } from '../../domain/roles.ts';
import { openSession } from '../sessions.ts';
import { recordLoginFailure } from '../throttle.ts';
import { tokenHash } from '../tokens.ts';
import { assertPasskey, creationOptions, registerPasskey, requestOptions } from './ceremonies.ts';
import { alertedSince, raiseAlert } from '../../guard/alerts.ts';
import { hasPasskey } from './credentials.ts';
import { enrolmentCode, spendActivationCode } from '../activation.ts';
import { notifyAccount } from '../../notices/notices.ts';
import { replaceRecoveryCodes, spendRecoveryCode } from './recovery-codes.ts';
import type { RelyingParty } from './relying-party.ts';
import { authenticationResponse, registrationResponse, type BrowserAssertion, type BrowserRegistration } from './client-data.ts';

/**
 * The login ticket's last step for privileged roles (AAL3: TOTP and a phishing-resistant
 * passkey), their first passkey's enrolment, and recovery codes in place of the last
 * factor. Every refusal is the uniform 401, audited with its precise reason.
 */
/** `webauthn-instead`: a passkey may stand in for the TOTP code (roles that are not privileged). */
export type SecondFactor = 'totp' | 'webauthn' | 'webauthn-enrol' | 'webauthn-instead';
export type SessionGrant = { token: string; expiresAt: string };

/** As for TOTP codes: a ticket is burnt after five failed attempts. */
const MAX_FAILURES_PER_TICKET = 5;

const needsPasskey = (role: Role) => PRIVILEGED_ROLES.includes(role);

/** A last step refused, with what the audit trail says about it. */
class StepRefused {
  constructor(
    readonly action: 'passkey' | 'recovery-code',
    readonly reason: string,
  ) {}
}

/** The factors a ticket leads through, for the login answer's `mfa`. */
export async function secondFactorsOf(tx: Sql, account: { id: string; role: Role }): Promise<SecondFactor[]> {
  if (!needsPasskey(account.role)) return (await hasPasskey(tx, account.id)) ? ['totp', 'webauthn-instead'] : ['totp'];
  return ['totp', (await hasPasskey(tx, account.id)) ? 'webauthn' : 'webauthn-enrol'];
}

/**
 * Called once TOTP is verified: for a privileged account, the ticket stays open for the
 * passkey and the answer says which ceremony comes next; undefined for everyone else.
 */
export async function passkeyStepAfterTotp(
  tx: Sql,
  account: AccountRow,
  ticket: string,
  origin: Origin,
): Promise<{ next: 'webauthn' | 'webauthn-enrol' } | undefined> {
  if (!needsPasskey(account.role)) return undefined;
  await tx.run(sql`UPDATE login_ticket SET totp_verified_at = now() WHERE ticket_hash = ${tokenHash(ticket)}`);
  const next = (await hasPasskey(tx, account.id)) ? 'webauthn' : 'webauthn-enrol';
  await audit(tx, account, origin, {
    action: 'mfa',
    outcome: 'allowed',
    reason: `TOTP verified, passkey ${next === 'webauthn' ? 'assertion' : 'enrolment'} required`,
  });
  return { next };
}

export async function signInOptions(db: Database, rp: RelyingParty, ticket: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return db.transaction(async (tx) => {
    const account = await ticketAccount(tx, ticket);
    if (!account || !(await hasPasskey(tx, account.id))) throw new Unauthenticated();
    return requestOptions(tx, account.id, 'sign-in', { ticketHash: tokenHash(ticket) }, rp);
  });
}

export async function completeSignIn(db: Database, ticket: string, response: BrowserAssertion, origin: Origin): Promise<SessionGrant> {
  const parsed = authenticationResponse(response);
  return finish<SessionGrant>(db, ticket, 'passkey', origin, async (tx, account) => {
    const verified = await assertPasskey(tx, account.id, parsed, 'sign-in', { ticketHash: tokenHash(ticket) });
    if (!verified.ok) return new StepRefused('passkey', `passkey assertion refused: ${verified.reason}`);
    const session = await openSession(tx, account, origin, true);
    await audit(tx, account, origin, {
      action: 'passkey',
      outcome: 'allowed',
      reason: 'passkey verified, session opened',
      sessionId: session.sessionId,
      detail: { ceremony: 'sign-in', passkey: verified.value.passkeyId },
    });
    return { token: session.token, expiresAt: session.expiresAt };
  });
}

/**
 * The first passkey of a privileged account (DESIGN invariant 9): the ticket has passed
 * password and TOTP, and the owner gives the activation code the person who confirmed the
 * account handed over. A thief holding the password and the TOTP secret has no code.
 */
export async function enrolmentOptions(
  db: Database,
  rp: RelyingParty,
  ticket: string,
  activationCode: string,
  origin: Origin,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return finish<PublicKeyCredentialCreationOptionsJSON>(
    db,
    ticket,
    'passkey',
    origin,
    async (tx, account) => {
      const refused = await enrolmentRefused(tx, account, activationCode, origin);
      if (refused) return refused;
      return creationOptions(tx, account, 'enrol', { ticketHash: tokenHash(ticket) }, rp);
    },
    false,
  );
}

/** Enrolment on first sign-in: the first passkey, the activation code spent, ten recovery codes shown once, a session. */
export async function completeEnrolment(
  db: Database,
  ticket: string,
  activationCode: string,
  response: BrowserRegistration,
  origin: Origin,
): Promise<SessionGrant & { recoveryCodes: string[] }> {
  const parsed = registrationResponse(response);
  return finish<SessionGrant & { recoveryCodes: string[] }>(db, ticket, 'passkey', origin, async (tx, account) => {
    const refused = await enrolmentRefused(tx, account, activationCode, origin);
    if (refused) return refused;
    const registered = await registerPasskey(tx, account.id, parsed, 'enrol', { ticketHash: tokenHash(ticket) });
    if (!registered.ok) return new StepRefused('passkey', `passkey enrolment refused: ${registered.reason}`);
    await spendActivationCode(tx, (await enrolmentCode(tx, account.id, activationCode))!);
    const recoveryCodes = await replaceRecoveryCodes(tx, account.id);
    const session = await openSession(tx, account, origin, true);
    await audit(tx, account, origin, {
      action: 'passkey',
      outcome: 'allowed',
      reason: 'first passkey registered at sign-in, recovery codes issued, session opened',
      sessionId: session.sessionId,
      detail: { ceremony: 'enrol', passkey: registered.value.id },
    });
    await notifyAccount(tx, account, 'passkey-added', origin, { passkey: registered.value.id }, session.sessionId);
    return { token: session.token, expiresAt: session.expiresAt, recoveryCodes };
  });
}

/** Enrolment at sign-in is the privileged roles' first passkey only, with a live activation code: others add theirs once signed in (own-factors). */
async function enrolmentRefused(tx: Sql, account: AccountRow, activationCode: string, origin: Origin): Promise<StepRefused | undefined> {
  if (!needsPasskey(account.role)) return new StepRefused('passkey', 'passkey enrolment refused: only privileged roles enrol at sign-in');
  if (await hasPasskey(tx, account.id)) return new StepRefused('passkey', 'passkey enrolment refused: the account already has a passkey');
  if (await enrolmentCode(tx, account.id, activationCode)) return undefined;
  await alertEnrolmentWithoutCode(tx, account, origin);
  return new StepRefused('passkey', 'passkey enrolment refused: no live activation code of the account was given');
}

/**
 * Password and TOTP right, activation code wrong, for a privileged account's first passkey:
 * the owner mistyping the letter, or someone holding the password and the TOTP secret
 * without it (threat T9). The security officer hears of it, once a day per account.
 */
async function alertEnrolmentWithoutCode(tx: Sql, account: AccountRow, origin: Origin): Promise<void> {
  const now = new Date();
  const since = new Date(now.getTime() - 86_400_000);
  if (await alertedSince(tx, account.id, 'passkey-enrolment', since)) return;
  const explanation = `${account.username} (${account.role}) passed its password and TOTP code, then tried to enrol its first passkey without a valid activation code: its owner mistyping the letter, or someone holding its password and TOTP secret`;
  await raiseAlert(
    tx,
    {
      accountId: account.id,
      detector: 'passkey-enrolment',
      severity: 'high',
      explanation,
      evidence: { address: origin.address, from: now.toISOString(), to: now.toISOString() },
    },
    false,
    now,
  );
}

/**
 * A recovery code in place of the last factor: TOTP for most roles, the passkey for
 * privileged ones (who still pass TOTP first). Spent once, audited, and told to the owner.
 */
export async function signInWithRecoveryCode(db: Database, ticket: string, code: string, origin: Origin): Promise<SessionGrant> {
  return finish<SessionGrant>(db, ticket, 'recovery', origin, async (tx, account) => {
    if (!(await spendRecoveryCode(tx, account.id, code))) {
      await recordLoginFailure(tx, account.username, origin.address);
      return new StepRefused('recovery-code', 'wrong or spent recovery code');
    }
    const session = await openSession(tx, account, origin);
    await audit(tx, account, origin, {
      action: 'recovery-code',
      outcome: 'allowed',
      reason: `recovery code used in place of the ${needsPasskey(account.role) ? 'passkey' : 'TOTP code'}, session opened`,
      sessionId: session.sessionId,
    });
    await notifyAccount(tx, account, 'recovery-code-used', origin, {}, session.sessionId);
    return { token: session.token, expiresAt: session.expiresAt };
  });
}

/**
 * The account of a live ticket waiting for this step: the passkey or a recovery code
 * after TOTP for privileged roles, in place of it for the others. Locks the ticket row.
 */
async function ticketAccount(tx: Sql, ticket: string): Promise<AccountRow | undefined> {
  const row = await tx.one<{ account_id: string; totp_verified_at: Date | null }>(sql`SELECT account_id, totp_verified_at FROM login_ticket
     WHERE ticket_hash = ${tokenHash(ticket)} AND used_at IS NULL AND expires_at > now() AND failed_codes < ${MAX_FAILURES_PER_TICKET} FOR UPDATE`);
  const account = row && (await accountById(tx, row.account_id));
  if (!account || account.status !== 'active') return undefined;
  const totpDone = row.totp_verified_at !== null;
  // Other roles: a passkey (or a recovery code) in place of the TOTP code — a tap instead of typing.
  const due = needsPasskey(account.role) ? totpDone : !totpDone;
  return due ? account : undefined;
}

/**
 * Runs a ticket's last step in one transaction: on success the ticket is spent with the
 * session opened; on refusal its failure count rises and the refusal is audited, and the
 * uniform 401 is thrown once that is committed.
 */
async function finish<T extends object>(
  db: Database,
  ticket: string,
  step: 'passkey' | 'recovery',
  origin: Origin,
  work: (tx: Sql, account: AccountRow) => Promise<T | StepRefused>,
  /** Whether success spends the ticket (a ceremony's options do not). */
  spends = true,
): Promise<T> {
  const outcome = await db.transaction(async (tx): Promise<T | StepRefused | undefined> => {
    const account = await ticketAccount(tx, ticket);
    if (!account) return undefined;
    const result = await work(tx, account);
    if (result instanceof StepRefused) {
      await tx.run(sql`UPDATE login_ticket SET failed_codes = failed_codes + 1 WHERE ticket_hash = ${tokenHash(ticket)}`);
      await audit(tx, account, origin, { action: result.action, outcome: 'refused', reason: result.reason });
    } else if (spends) {
      await tx.run(sql`UPDATE login_ticket SET used_at = now() WHERE ticket_hash = ${tokenHash(ticket)}`);
    }
    return result;
  });
  if (!outcome || outcome instanceof StepRefused) throw new Unauthenticated();
  return outcome;
}

function audit(tx: Sql, account: AccountRow, origin: Origin, entry: Omit<AuditEntry, 'actorId' | 'actorRole' | 'address'>): Promise<void> {
  return appendAudit(tx, [
    { ...entry, actorId: account.id, actorRole: account.role, address: origin.address, detail: { userAgent: origin.userAgent, ...entry.detail } },
  ]);
}
