import { createHash } from 'node:crypto';
import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';

/**
 * Backoff and lockout after failed sign-ins (NIST SP 800-63B §3.2.2): per username, so one
 * account cannot be guessed at, and per source address, so one machine cannot try a
 * leaked list across many accounts (credential stuffing). Failures are counted per
 * username as typed, whether or not an account has it: an unknown user is slowed and
 * locked exactly like a known one. A wrong TOTP code is a failure too.
 */
export interface ThrottleRule {
  /** Failures before any wait. */
  free: number;
  /** Every this many failures, a lockout instead of a short wait. */
  lockEvery: number;
  /** Failures after which only an administrator's reset opens the account again. */
  permanentAfter?: number;
  /** Failures forgotten after this long without one (addresses: a NAT changes hands). */
  forgetAfterSeconds?: number;
}

/** Ten in a row lock the account for 15 minutes, then 30, 60…; never more than 100 (NIST). */
export const USERNAME_RULE: ThrottleRule = { free: 3, lockEvery: 10, permanentAfter: 100 };
/** A care site behind one address mistypes too: more room, and forgotten after a quiet day. */
export const ADDRESS_RULE: ThrottleRule = { free: 20, lockEvery: 50, forgetAfterSeconds: 86_400 };

const MAX_BACKOFF_SECONDS = 60;
const FIRST_LOCKOUT_SECONDS = 15 * 60;
const MAX_LOCKOUT_SECONDS = 24 * 3600;
export const PERMANENT = Number.POSITIVE_INFINITY;

/** Seconds to wait after the nth consecutive failure: pure, so the schedule is testable alone. */
export function waitAfter(failures: number, rule: ThrottleRule): number {
  if (rule.permanentAfter !== undefined && failures >= rule.permanentAfter) return PERMANENT;
  if (failures % rule.lockEvery === 0) {
    return Math.min(FIRST_LOCKOUT_SECONDS * 2 ** (failures / rule.lockEvery - 1), MAX_LOCKOUT_SECONDS);
  }
  return failures >= rule.free ? Math.min(2 ** (failures - rule.free), MAX_BACKOFF_SECONDS) : 0;
}

/** A sign-in refused before any credential is looked at; the API answers 429 with Retry-After. */
export class Throttled extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many failed sign-ins');
  }
}

const keyOf = (kind: 'username' | 'address', value: string) => createHash('sha256').update(`${kind}\0${value}`, 'utf8').digest();

interface Key {
  hash: Buffer;
  kind: 'username' | 'address';
  rule: ThrottleRule;
}

function keysOf(username: string, address: string | undefined): Key[] {
  const keys: Key[] = [{ hash: keyOf('username', username), kind: 'username', rule: USERNAME_RULE }];
  if (address) keys.push({ hash: keyOf('address', address), kind: 'address', rule: ADDRESS_RULE });
  return keys;
}

/** Seconds until this username may try again from this address, or undefined when it may now. */
export async function loginWait(tx: Sql, username: string, address: string | undefined): Promise<number | undefined> {
  const row = await tx.one<{
    seconds: number | null;
  }>(sql`SELECT max(CASE WHEN blocked_until = 'infinity' THEN ${MAX_LOCKOUT_SECONDS}::int ELSE ceil(extract(epoch FROM blocked_until - now()))::int END) AS seconds
     FROM login_failure WHERE key_hash = ANY(${keysOf(username, address).map((key) => key.hash)}::bytea[]) AND blocked_until > now()`);
  return row?.seconds ?? undefined;
}

/** Counts one failure against the username and the address, and blocks them as the rules say. */
export async function recordLoginFailure(tx: Sql, username: string, address: string | undefined): Promise<void> {
  for (const key of keysOf(username, address)) {
    const row = await tx.one<{ failures: number }>(sql`INSERT INTO login_failure AS f (key_hash, kind, failures) VALUES (${key.hash}, ${key.kind}, 1)
       ON CONFLICT (key_hash) DO UPDATE SET
         failures = CASE WHEN ${key.rule.forgetAfterSeconds ?? null}::float8 IS NOT NULL AND f.last_failure_at < now() - make_interval(secs => ${key.rule.forgetAfterSeconds ?? null}) THEN 1 ELSE f.failures + 1 END,
         last_failure_at = now()
       RETURNING failures`);
    const wait = waitAfter(row!.failures, key.rule);
    if (wait > 0) {
      const seconds = wait === PERMANENT ? 'infinity' : wait;
      await tx.run(
        // Never shortens a lockout already running (a TOTP failure on a ticket taken before it).
        sql`UPDATE login_failure SET blocked_until = greatest(blocked_until,
           CASE WHEN ${seconds}::float8 = 'infinity' THEN 'infinity'::timestamptz ELSE now() + make_interval(secs => ${seconds}) END)
         WHERE key_hash = ${key.hash}`,
      );
    }
  }
}

/** A complete sign-in (every factor) or an administrator's reset: the username starts afresh. */
export async function clearLoginFailures(tx: Sql, username: string): Promise<boolean> {
  const rows = await tx.rows(sql`DELETE FROM login_failure WHERE key_hash = ${keyOf('username', username)} RETURNING 1`);
  return rows.length > 0;
}
