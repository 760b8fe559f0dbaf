import type { Database } from '../src/store/database.ts';
import { APPLICATION_ROLE, PATIENT_TABLES } from '../src/store/database-roles.ts';
import { LOGIN_CLAIM } from '../src/store/login-claim.ts';

/**
 * The baselines read the patient tables plainly, one query each, as a module with the
 * rights would: on the benchmark's throwaway database only, the owner grants the
 * application's role what only the gate's holds. (The owner's next start takes it back.)
 */
export async function allowPlainReads(db: Database): Promise<void> {
  await db.transaction((tx) => tx.query(`GRANT SELECT ON ${PATIENT_TABLES.join(', ')} TO ${APPLICATION_ROLE}`), LOGIN_CLAIM);
}
