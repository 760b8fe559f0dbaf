import { currentLinks } from '../access/relationships.ts';
import type { AccessPolicy } from '../access/policy.ts';
import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import type { Placement } from './placement.ts';

/**
 * What an account will open at once, for the person who confirms it: the patients its care
 * relationships reach today (src/access/relationships.ts), counted, never listed. Roles
 * without relationships reach none through them.
 */
export async function reachOf(tx: Sql, policy: AccessPolicy, accountId: string, placement: Placement): Promise<number> {
  const links = currentLinks(
    {
      accountId,
      username: '',
      role: placement.role,
      establishmentId: placement.establishmentId ?? undefined,
      unitId: placement.unitId ?? undefined,
      practitionerId: placement.practitionerId ?? undefined,
      sessionId: '',
      address: undefined,
    },
    policy,
  );
  if (!links) return 0;
  return tx.count(sql`SELECT count(DISTINCT patient_id) FROM (${links}) AS reached`);
}
