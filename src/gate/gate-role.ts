import type { Database, Sql } from '../store/database.ts';
import { GATE_CLAIM } from '../store/gate-claim.ts';
import { APPLICATION_ROLE } from '../store/database-roles.ts';

/**
 * The gate's transactions work as the gate's database role, the only one that may touch
 * the patient tables: anything else Vigie runs is refused by PostgreSQL itself, whatever
 * its SQL says (test/gate-role.test.ts). These two functions are the only way in.
 */
export const inGate = <T>(db: Database, work: (tx: Sql) => Promise<T>): Promise<T> => db.transaction(work, GATE_CLAIM);

/**
 * A gate step inside another module's transaction (an export request counts its patients
 * in the same transaction that records it): the gate's role for `work`, the application's
 * again after. A step that throws leaves the role set, but its transaction is rolled back.
 */
export async function gateStep<T>(tx: Sql, work: (tx: Sql) => Promise<T>): Promise<T> {
  await tx.switchRole!(GATE_CLAIM);
  const result = await work(tx);
  await tx.switchRole!(APPLICATION_ROLE);
  return result;
}
