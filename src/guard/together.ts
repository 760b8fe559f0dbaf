import { randomUUID } from 'node:crypto';
import { actorOf, type AccountPlacement, type Actor } from '../domain/actor.ts';
import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { alertOf, who } from './alerts.ts';
import { ago } from './budget.ts';
import { ACCOUNTS_TOGETHER, HOUR_MS } from './limits.ts';
import { contain, type Verdict } from './verdict.ts';

/**
 * Accounts moving together: ACCOUNTS_TOGETHER or more accounts charged for patients
 * outside their relationships within an hour, from one address that is new to each of
 * them (accounts that have worked more than a day, never from there) — one hand holding
 * several stolen accounts. A proxy or a shared workstation that the accounts have long
 * used is not new to them; on a new installation no account is new anywhere.
 */
const FAMILIAR = (account: unknown, address: unknown) =>
  sql`EXISTS (SELECT 1 FROM session h WHERE h.account_id = ${account} AND h.address = ${address} AND h.created_at < now() - interval '1 day')`;
const NEWCOMER = (account: unknown, address: unknown) =>
  sql`EXISTS (SELECT 1 FROM session h WHERE h.account_id = ${account} AND h.created_at < now() - interval '1 day') AND NOT ${FAMILIAR(account, address)}`;

/** The other accounts moving with the actor, when they are enough to contain; undefined otherwise. */
export async function movingWith(tx: Sql, actor: Actor, now: Date): Promise<string[] | undefined> {
  if (!actor.address) return undefined;
  const newHere = await tx.one<{ yes: boolean }>(sql`SELECT ${NEWCOMER(actor.accountId, actor.address)} AS yes`);
  if (!newHere?.yes) return undefined;
  const others = await tx.rows<{ account_id: string }>(
    sql`SELECT DISTINCT e.account_id FROM guard_event e
     WHERE e.kind = 'disclosed' AND e.address = ${actor.address} AND e.at > ${ago(now, HOUR_MS)} AND e.at <= ${now} AND e.account_id <> ${actor.accountId}
       AND ${NEWCOMER(sql`e.account_id`, actor.address)}`,
  );
  return others.length + 1 >= ACCOUNTS_TOGETHER ? others.map((row) => row.account_id) : undefined;
}

/**
 * Every account of the group contained, each with its alert; the address contained for
 * accounts not familiar with it (containAddress, once the verdict is applied).
 */
export async function containTogether(tx: Sql, actor: Actor, others: readonly string[], now: Date): Promise<Verdict> {
  const address = actor.address!;
  const rows = await tx.rows<
    AccountPlacement & { id: string; session_id: string | null }
  >(sql`SELECT a.id, a.username, a.role, a.establishment_id, a.practitioner_id, a.unit_id,
            (SELECT s.id FROM session s WHERE s.account_id = a.id AND s.address = ${address} ORDER BY s.created_at DESC LIMIT 1) AS session_id
     FROM account a WHERE a.id = ANY(${others}::uuid[]) ORDER BY a.username`);
  const group = [actor, ...rows.map((row) => actorOf(row.id, row, { sessionId: row.session_id ?? actor.sessionId, address }))];
  const names = group.map(who).join(', ');
  const explanation = (one: Actor) =>
    `${who(one)} is one of ${group.length} accounts given patients outside their care relationships within an hour from ${address}, an address new to each of them: one hand holding several accounts (${names})`;
  const accounts = group.map((one) => ({
    actor: one,
    alert: alertOf(one, 'accounts-together', 'high', explanation(one), ago(now, HOUR_MS), now, { accounts: group.map((a) => a.username) }),
  }));
  return contain(accounts, address);
}

/** The address contained, under the group's alert, and the sessions opened from it by accounts not familiar with it closed. */
export async function containAddress(tx: Sql, address: string, alertId: string, at: Date): Promise<void> {
  await tx.run(
    sql`INSERT INTO guard_address (id, address, alert_id, contained_at) VALUES (${randomUUID()}, ${address}, ${alertId}, ${at}) ON CONFLICT (address) WHERE lifted_at IS NULL DO NOTHING`,
  );
  await tx.run(
    sql`UPDATE session s SET revoked_at = now() WHERE s.address = ${address} AND s.revoked_at IS NULL AND NOT ${FAMILIAR(sql`s.account_id`, address)}`,
  );
}

/** Whether sign-ins of this account from this address are refused: the address is contained, and the account not familiar with it. */
export async function addressContainedFor(tx: Sql, accountId: string, address: string | undefined): Promise<boolean> {
  if (!address) return false;
  const rows = await tx.rows(sql`SELECT 1 FROM guard_address WHERE address = ${address} AND lifted_at IS NULL AND NOT ${FAMILIAR(accountId, address)}`);
  return rows.length > 0;
}
