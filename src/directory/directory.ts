import type { Sql } from '../store/database.ts';

/**
 * The directory: the group, its establishments and units, practitioners and their roles.
 * Public data in France (Annuaire Santé), so stored in clear and read without the gate.
 */
export const DIRECTORY_TABLES = {
  Organization: 'organization',
  Practitioner: 'practitioner',
  PractitionerRole: 'practitioner_role',
} as const;
export type DirectoryType = keyof typeof DIRECTORY_TABLES;

export function isDirectoryType(type: string): type is DirectoryType {
  return Object.hasOwn(DIRECTORY_TABLES, type);
}

export async function directoryRead(sql: Sql, type: DirectoryType, id: string): Promise<fhir4.Resource | undefined> {
  const rows = await sql.query<{ resource: fhir4.Resource }>(`SELECT resource FROM ${DIRECTORY_TABLES[type]} WHERE id = $1`, [id]);
  return rows[0]?.resource;
}

export async function directoryPage(sql: Sql, type: DirectoryType, after: string | undefined, count: number): Promise<fhir4.Resource[]> {
  const rows = await sql.query<{ resource: fhir4.Resource }>(
    `SELECT resource FROM ${DIRECTORY_TABLES[type]} WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
    [after ?? null, count],
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

export async function insertDirectory(sql: Sql, directory: DirectoryInsert): Promise<void> {
  for (const organization of directory.organizations) {
    await sql.query('INSERT INTO organization (id, level, part_of, establishment_id, resource) VALUES ($1, $2, $3, $4, $5)', [
      organization.resource.id,
      organization.level,
      organization.partOf ?? null,
      organization.establishmentId ?? null,
      organization.resource,
    ]);
  }
  if (directory.practitioners.length > 0) {
    await sql.query('INSERT INTO practitioner (id, resource) SELECT * FROM unnest($1::uuid[], $2::jsonb[])', [
      directory.practitioners.map((practitioner) => practitioner.id),
      directory.practitioners.map((practitioner) => JSON.stringify(practitioner)),
    ]);
  }
  if (directory.roles.length > 0) {
    await sql.query(
      'INSERT INTO practitioner_role (id, practitioner_id, unit_id, establishment_id, resource) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::jsonb[])',
      [
        directory.roles.map((role) => role.resource.id),
        directory.roles.map((role) => role.practitionerId),
        directory.roles.map((role) => role.unitId),
        directory.roles.map((role) => role.establishmentId),
        directory.roles.map((role) => JSON.stringify(role.resource)),
      ],
    );
  }
}
