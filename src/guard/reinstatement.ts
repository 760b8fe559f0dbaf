import type { Actor } from '../domain/actor.ts';
import { mustHaveFreshPasskey } from '../domain/actor.ts';
import { appendAudit } from '../ledger/append.ts';
import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { notFound, versionConflict } from '../domain/refusals.ts';
import { mustBeOfficer } from './alert-review.ts';
import { noteOf, reinstatementEntry } from './officer-note.ts';

/**
 * Only a security officer, with a passkey proved in the last five minutes, reinstates a
 * contained account. Its budget starts anew (the ledger keeps what happened) and its open
 * alerts are closed with the officer's note.
 */
export async function reinstate(db: Database, officer: Actor, accountId: string, givenNote: string): Promise<{ accountId: string; status: 'active' }> {
  await mustBeOfficer(db, officer, 'reinstate accounts');
  const note = noteOf(givenNote);
  mustHaveFreshPasskey(officer, 'Reinstating an account');
  return db.transaction(async (tx) => {
    const account = await tx.one<{ status: string; role: string }>(sql`SELECT status, role FROM account WHERE id = ${accountId} FOR UPDATE`);
    if (!account) throw notFound(`Account/${accountId}`);
    if (account.status !== 'contained') throw versionConflict(`The account is ${account.status}, not contained`);
    await tx.run(sql`UPDATE account SET status = 'active' WHERE id = ${accountId}`);
    await tx.run(sql`DELETE FROM guard_event WHERE account_id = ${accountId}`);
    const closed = await tx.rows(
      sql`UPDATE guard_alert SET acknowledged_by = ${officer.accountId}, acknowledged_at = now(), note = ${note} WHERE account_id = ${accountId} AND acknowledged_at IS NULL RETURNING id`,
    );
    await appendAudit(tx, [reinstatementEntry(officer, note, { account: accountId, alertsClosed: closed.length })]);
    return { accountId, status: 'active' as const };
  });
}
