import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';

/** The statuses of an export that has not yet left. */
export const NOT_OUT = sql`('awaiting-approval', 'scheduled', 'approved', 'writing', 'ready')`;

/** Containment: every export of the account not yet out is cancelled, in the containing transaction. */
export async function cancelExportsOf(tx: Sql, accountId: string, because: string): Promise<number> {
  const cancelled = await tx.rows(
    sql`UPDATE export_request SET status = 'cancelled', cancelled_because = ${because} WHERE requester_id = ${accountId} AND status IN ${NOT_OUT} RETURNING id`,
  );
  return cancelled.length;
}
