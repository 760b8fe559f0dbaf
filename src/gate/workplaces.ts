import type { Workplaces } from '../access/relationship-writes.ts';
import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import type { NewCareLink } from '../store/patient-rows/care-links.ts';

/**
 * Where the units and practitioners that relationship links name belong, from the
 * directory (a practitioner's roles in units) and the accounts placed there: public
 * organisation data, no patient content.
 */
export async function workplacesOf(tx: Sql, links: readonly NewCareLink[]): Promise<Workplaces> {
  const units = [...new Set(links.flatMap((link) => (link.unitId ? [link.unitId] : [])))];
  const practitioners = [...new Set(links.flatMap((link) => (link.practitionerId ? [link.practitionerId] : [])))];
  const unitRows =
    units.length === 0
      ? []
      : await tx.rows<{ id: string; establishment_id: string }>(
          sql`SELECT id, establishment_id FROM organization WHERE level = 'unit' AND id = ANY(${units}::uuid[])`,
        );
  const workRows =
    practitioners.length === 0
      ? []
      : await tx.rows<{
          practitioner_id: string;
          establishment_id: string;
        }>(sql`SELECT practitioner_id, establishment_id FROM practitioner_role WHERE practitioner_id = ANY(${practitioners}::uuid[])
     UNION SELECT practitioner_id, establishment_id FROM account WHERE practitioner_id = ANY(${practitioners}::uuid[]) AND establishment_id IS NOT NULL`);
  const practitionerEstablishments = new Map<string, Set<string>>();
  for (const row of workRows)
    practitionerEstablishments.set(row.practitioner_id, (practitionerEstablishments.get(row.practitioner_id) ?? new Set()).add(row.establishment_id));
  return { unitEstablishment: new Map(unitRows.map((row) => [row.id, row.establishment_id])), practitionerEstablishments };
}
