import { enqueue } from '../runtime/outbox.ts';
import { sql } from '../store/sql.ts';
import type { Sql } from '../store/database.ts';

/** The statuses of an export that has not yet left. */
export const NOT_OUT = sql`('awaiting-approval', 'scheduled', 'approved', 'writing', 'ready')`;

/**
 * A containment hook (src/guard/enforcement.ts): every export of the account not yet out
 * is cancelled, in the containing transaction; their files are deleted once it commits (the outbox).
 */
export async function cancelExportsOf(tx: Sql, accountId: string, because: string): Promise<{ exportsCancelled: number }> {
  const cancelled = await tx.rows<{ id: string }>(
    sql`UPDATE export_request SET status = 'cancelled', cancelled_because = ${because} WHERE requester_id = ${accountId} AND status IN ${NOT_OUT} RETURNING id`,
  );
  await enqueue(
    tx,
    'export-files',
    cancelled.map((row) => row.id),
  );
  return { exportsCancelled: cancelled.length };
}
