import { currentLinks } from '../access/relationships.ts';
import type { AccessPolicy } from '../access/policy.ts';
import type { Sql } from '../store/database.ts';
import type { Placement } from './placement.ts';

/**
 * What an account will open at once, for the person who confirms it: the patients its care
 * relationships reach today (src/access/relationships.ts), counted, never listed. Roles
 * without relationships reach none through them.
 */
export async function reachOf(sql: Sql, policy: AccessPolicy, accountId: string, placement: Placement): Promise<number> {
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
  const [row] = await sql.query<{ n: number }>(`SELECT count(DISTINCT patient_id)::int AS n FROM (${links.text}) AS reached`, links.params);
  return row!.n;
}
