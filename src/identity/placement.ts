import { invalidParameter, versionConflict } from '../domain/refusals.ts';
import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { PRIVILEGED_ROLES, type Role } from '../domain/roles.ts';

/** Where an account works, and as what: what its care relationships follow from. */
export interface Placement {
  role: Role;
  establishmentId: string | null;
  unitId: string | null;
  practitionerId: string | null;
}

/** The establishment, unit and practitioner exist and fit together; care roles belong somewhere; a practitioner has one account. */
export async function checkPlacement(tx: Sql, placement: Placement, accountId: string | undefined): Promise<void> {
  if (!placement.establishmentId && !PRIVILEGED_ROLES.includes(placement.role))
    throw invalidParameter(`role ${placement.role} needs an establishment`, 'establishmentId');
  if (placement.establishmentId && !(await organizationIs(tx, placement.establishmentId, 'establishment', undefined))) {
    throw invalidParameter('establishmentId: no such establishment', 'establishmentId');
  }
  if (placement.unitId) {
    if (!placement.establishmentId || !(await organizationIs(tx, placement.unitId, 'unit', placement.establishmentId))) {
      throw invalidParameter("unitId: no such unit in the account's establishment", 'unitId');
    }
  }
  if (placement.practitionerId) {
    const practitioner = await tx.one(sql`SELECT 1 FROM practitioner WHERE id = ${placement.practitionerId}`);
    if (!practitioner) throw invalidParameter('practitionerId: no such practitioner', 'practitionerId');
    const other = await tx.one<{
      username: string;
    }>(sql`SELECT a.username FROM account a WHERE a.practitioner_id = ${placement.practitionerId} AND a.id IS DISTINCT FROM ${accountId ?? null}
       UNION ALL SELECT a.username FROM role_grant g JOIN account a ON a.id = g.account_id
       WHERE g.practitioner_id = ${placement.practitionerId} AND g.decided_at IS NULL AND g.expires_at > now() AND g.account_id IS DISTINCT FROM ${accountId ?? null} LIMIT 1`);
    if (other) throw versionConflict(`The practitioner already has an account, or one waits for confirmation (${other.username})`);
  }
}

async function organizationIs(tx: Sql, id: string, level: 'establishment' | 'unit', establishmentId: string | undefined): Promise<boolean> {
  const rows = await tx.rows(
    sql`SELECT 1 FROM organization WHERE id = ${id} AND level = ${level} AND (${establishmentId ?? null}::uuid IS NULL OR establishment_id = ${establishmentId ?? null})`,
  );
  return rows.length > 0;
}
