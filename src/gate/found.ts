import type { Actor } from '../domain/actor.ts';
import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';

/** How long an identity lookup lets its actor act on the patient it found: the working day it was made in. */
export const FOUND_HOURS = 24;

/**
 * Whether the actor came to this patient the governed way (DESIGN invariant 9): found by
 * an identity lookup of its own in the last FOUND_HOURS (exact NIR, or exact names and
 * birth date: limited to five, charged to its budget, in the ledger with basis
 * `identity-lookup`), or registered by itself. An id learnt any other way — a leaked list
 * — opens nothing: a relationship written or a glass broken on it is answered as an
 * unknown id (invariant 10). Read from the ledger, where the gate put both.
 */
export async function foundBy(tx: Sql, actor: Actor, patientId: string): Promise<boolean> {
  const rows = await tx.rows(sql`SELECT 1 FROM audit_event
     WHERE patient_id = ${patientId} AND actor_id = ${actor.accountId} AND outcome = 'allowed'
       AND ((action = 'search' AND detail -> 'basis' ->> 'kind' = 'identity-lookup' AND occurred_at > now() - make_interval(hours => ${FOUND_HOURS}))
         OR (action = 'create' AND resource_type = 'Patient'))
     LIMIT 1`);
  return rows.length > 0;
}
