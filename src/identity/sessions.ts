import { randomUUID } from 'node:crypto';
import type { Database, Sql } from '../store/database.ts';
import { sql, type Statement } from '../store/sql.ts';
import { appendAudit } from '../ledger/append.ts';
import { actorOf, type Actor, type Origin } from '../domain/actor.ts';
import { newDeviceSeen } from '../guard/new-devices.ts';
import { noticeNewDevice } from '../notices/notices.ts';
import { sessionPolicy, type Role } from '../domain/roles.ts';
import { newSecretToken, tokenHash } from './tokens.ts';

export interface SessionRow {
  session_id: string;
  account_id: string;
  username: string;
  role: Role;
  establishment_id: string | null;
  practitioner_id: string | null;
  unit_id: string | null;
  patient_id: string | null;
  /** A Date read as a row, a string read as JSON. */
  step_up_at: Date | string | null;
  passkey_shown: boolean;
  opened_address: string | null;
  opened_user_agent: string | null;
}

/** The actor of a session, and where that session was opened from. */
export interface Authenticated {
  actor: Actor;
  openedFrom: Origin;
}

/**
 * The actor behind a bearer token, or undefined when the token is unknown, revoked,
 * idle too long, past its absolute lifetime, or its account is no longer active.
 * Revocation takes effect on the next request: sessions live in the database only.
 */
export async function authenticate(db: Database, token: string, origin: Origin): Promise<Authenticated | undefined> {
  const row = await db.one<SessionRow>(sql`WITH ${liveSession(token)} SELECT * FROM live`);
  return row && authenticated(row, origin);
}

/**
 * The session check as common table expressions, for a statement to begin with: `live`,
 * the token's session if it is live (one row, or none), and its idle clock moved on when
 * due — at 15 s granularity, one write per quarter minute, not per request.
 */
export function liveSession(token: string): Statement {
  return sql`live AS (SELECT ${LIVE_COLUMNS} FROM ${LIVE_FROM} WHERE s.token_hash = ${tokenHash(token)} AND ${IS_LIVE}), ${SEEN}`;
}

/**
 * The same for many requests at once, so that a statement may check the sessions of
 * several requests and go on to read what each asks, with no round trip of its own
 * (src/gate/quiet-read.ts): `asked` is a relation of `(token_hash, asked_id, n)`; `live` has
 * a row for each of its rows whose session is live, with its `n` and `asked_id` first (not
 * the token's hash, which has no business leaving the statement).
 */
export function liveSessionsOf(asked: Statement): Statement {
  return sql`live AS (SELECT ${asked}.n, ${asked}.asked_id, ${LIVE_COLUMNS} FROM ${asked} JOIN ${LIVE_FROM} ON s.token_hash = ${asked}.token_hash WHERE ${IS_LIVE}), ${SEEN}`;
}

const LIVE_COLUMNS = sql`s.id AS session_id, a.id AS account_id, a.username, a.role, a.establishment_id, a.practitioner_id, a.unit_id, a.patient_id, s.step_up_at,
       s.passkey_shown, s.address AS opened_address, s.user_agent AS opened_user_agent, s.last_seen_at`;
const LIVE_FROM = sql`session s JOIN account a ON a.id = s.account_id`;
const IS_LIVE = sql`s.revoked_at IS NULL AND a.status = 'active'
         AND s.absolute_expires_at > now() AND s.last_seen_at + make_interval(secs => s.idle_seconds) > now()`;
const SEEN = sql`seen AS (UPDATE session SET last_seen_at = now() WHERE id IN (SELECT session_id FROM live WHERE last_seen_at < now() - interval '15 seconds'))`;

/** The actor of a `live` row (read as a row, or as JSON), and where its session was opened from. */
export function authenticated(row: SessionRow, origin: Origin): Authenticated {
  return {
    actor: actorOf(row.account_id, row, {
      sessionId: row.session_id,
      address: origin.address,
      stepUpAt: row.step_up_at ? new Date(row.step_up_at) : undefined,
      passkeyShown: row.passkey_shown,
    }),
    openedFrom: { address: row.opened_address ?? undefined, userAgent: row.opened_user_agent ?? undefined },
  };
}

export async function revokeSession(db: Database, actor: Actor, reason: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run(sql`UPDATE session SET revoked_at = now() WHERE id = ${actor.sessionId} AND revoked_at IS NULL`);
    await appendAudit(tx, [
      { action: 'logout', outcome: 'allowed', reason, actorId: actor.accountId, actorRole: actor.role, sessionId: actor.sessionId, address: actor.address },
    ]);
  });
}

export interface OpenedSession {
  sessionId: string;
  token: string;
  expiresAt: string;
}

/**
 * Opens a server-side session once every factor the account needs is verified (the
 * caller's business, in the same transaction). Only the token's hash is stored; the
 * lifetimes follow the role (sessionPolicy). A device or address new to the account
 * leaves its owner a notice; many in a day, the security officer an alert.
 */
export async function openSession(tx: Sql, account: { id: string; role: Role }, origin: Origin, passkeyShown = false): Promise<OpenedSession> {
  const sessionId = randomUUID();
  if (await noticeNewDevice(tx, account, origin)) await newDeviceSeen(tx, account.id, origin, sessionId);
  const policy = sessionPolicy(account.role);
  const token = newSecretToken();
  const row = await tx.one<{
    absolute_expires_at: Date;
  }>(sql`INSERT INTO session (id, token_hash, account_id, idle_seconds, absolute_expires_at, address, user_agent, passkey_shown)
     VALUES (${sessionId}, ${tokenHash(token)}, ${account.id}, ${policy.idleSeconds}, now() + make_interval(secs => ${policy.absoluteSeconds}), ${origin.address ?? null}, ${origin.userAgent ?? null}, ${passkeyShown}) RETURNING absolute_expires_at`);
  return { sessionId, token, expiresAt: new Date(row!.absolute_expires_at).toISOString() };
}
