import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';

/**
 * The directory: the group, its establishments and units, practitioners and their roles.
 * Public data in France (Annuaire Santé), so stored in clear and read without the gate.
 */
export const DIRECTORY_TABLES = {
  Organization: sql`organization`,
  Practitioner: sql`practitioner`,
  PractitionerRole: sql`practitioner_role`,
};
export type DirectoryType = keyof typeof DIRECTORY_TABLES;

export function isDirectoryType(type: string): type is DirectoryType {
  return Object.hasOwn(DIRECTORY_TABLES, type);
}

export async function directoryRead(tx: Sql, type: DirectoryType, id: string): Promise<fhir4.Resource | undefined> {
  const row = await tx.one<{ resource: fhir4.Resource }>(sql`SELECT resource FROM ${DIRECTORY_TABLES[type]} WHERE id = ${id}`);
  return row?.resource;
}

export async function directoryPage(tx: Sql, type: DirectoryType, after: string | undefined, count: number): Promise<fhir4.Resource[]> {
  const rows = await tx.rows<{ resource: fhir4.Resource }>(
    sql`SELECT resource FROM ${DIRECTORY_TABLES[type]} WHERE (${after ?? null}::uuid IS NULL OR id > ${after ?? null}::uuid) ORDER BY id LIMIT ${count}`,
  );
  return rows.map((row) => row.resource);
}

export interface DirectoryInsert {
  organizations: Array<{
    resource: fhir4.Organization & { id: string };
    level: 'group' | 'establishment' | 'unit';
    partOf?: string | undefined;
    establishmentId?: string | undefined;
  }>;
  practitioners: Array<fhir4.Practitioner & { id: string }>;
  roles: Array<{ resource: fhir4.PractitionerRole & { id: string }; practitionerId: string; unitId: string; establishmentId: string }>;
}

export async function insertDirectory(tx: Sql, directory: DirectoryInsert): Promise<void> {
  for (const organization of directory.organizations) {
    await tx.run(
      sql`INSERT INTO organization (id, level, part_of, establishment_id, resource) VALUES (${organization.resource.id}, ${organization.level}, ${organization.partOf ?? null}, ${organization.establishmentId ?? null}, ${organization.resource})`,
    );
  }
  if (directory.practitioners.length > 0) {
    await tx.run(
      sql`INSERT INTO practitioner (id, resource) SELECT * FROM unnest(${directory.practitioners.map((practitioner) => practitioner.id)}::uuid[], ${directory.practitioners.map((practitioner) => JSON.stringify(practitioner))}::jsonb[])`,
    );
  }
  if (directory.roles.length > 0) {
    await tx.run(
      sql`INSERT INTO practitioner_role (id, practitioner_id, unit_id, establishment_id, resource) SELECT * FROM unnest(${directory.roles.map((role) => role.resource.id)}::uuid[], ${directory.roles.map((role) => role.practitionerId)}::uuid[], ${directory.roles.map((role) => role.unitId)}::uuid[], ${directory.roles.map((role) => role.establishmentId)}::uuid[], ${directory.roles.map((role) => JSON.stringify(role.resource))}::jsonb[])`,
    );
  }
}
