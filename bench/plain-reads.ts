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

/** A Patient read: one primary-key lookup ($1: the id). */
export const PLAIN_READ = 'SELECT id, body FROM patient WHERE id = $1';

/** A family search: the blind-index term on the GIN index ($1: the terms, as bigint[]), 10 per page. */
export const PLAIN_FAMILY_SEARCH = 'SELECT id, body FROM patient WHERE search @> $1::bigint[] ORDER BY id LIMIT 10';

/** `$everything`'s first page: the patient, then its clinical resources in id order, 200 as Vigie pages them ($1: the id). */
export const PLAIN_EVERYTHING = `SELECT id, body FROM patient WHERE id = $1
  UNION ALL (SELECT id, body FROM clinical_resource WHERE patient_id = $1 ORDER BY id LIMIT 200)`;
