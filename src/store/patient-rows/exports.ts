import type { Sql } from '../database.ts';
import { sql } from '../sql.ts';
import { COLUMNS_OF_P, READ_COLUMNS, type PatientRow, type ReadPatientRow } from './patients.ts';

/** Honey records never leave in an export. */
const NOT_HONEY = sql`NOT EXISTS (SELECT 1 FROM honey_record h WHERE h.patient_id = p.id)`;

/**
 * The patients staying now in a care unit of the establishment (of any, for a group-wide
 * account), at most `limit`; undefined when there is no such unit. A FHIR Bulk Group is a unit.
 */
export async function patientsStayingIn(tx: Sql, unitId: string, establishmentId: string | undefined, limit: number): Promise<string[] | undefined> {
  const unit = await tx.one(
    sql`SELECT 1 FROM organization WHERE id = ${unitId} AND level = 'unit' AND (${establishmentId ?? null}::uuid IS NULL OR establishment_id = ${establishmentId ?? null})`,
  );
  if (!unit) return undefined;
  const rows = await tx.rows<{ patient_id: string }>(
    sql`SELECT DISTINCT patient_id FROM care_link
     WHERE unit_id = ${unitId} AND kind = 'stay' AND starts_at <= now() AND (ends_at IS NULL OR ends_at > now()) LIMIT ${Math.floor(limit)}`,
  );
  return rows.map((row) => row.patient_id);
}

/**
 * What an export request reaches: the patients of an establishment (of the group when
 * undefined), or of a list those that are there; honey records are never counted, and
 * those a list names come back apart.
 */
export async function exportableCount(
  tx: Sql,
  establishmentId: string | undefined,
  ids: readonly string[] | undefined,
): Promise<{ patients: number; listed: number; honey: string[] }> {
  const row = await tx.one<{ patients: number; listed: number; honey: string[] | null }>(
    sql`SELECT count(*) FILTER (WHERE h.patient_id IS NULL)::int AS patients, count(*)::int AS listed,
            array_agg(h.patient_id) FILTER (WHERE h.patient_id IS NOT NULL) AS honey
     FROM patient p LEFT JOIN honey_record h ON h.patient_id = p.id
     WHERE (${establishmentId ?? null}::uuid IS NULL OR p.establishment_id = ${establishmentId ?? null})
       AND (${ids ?? null}::uuid[] IS NULL OR p.id = ANY(${ids ?? null}::uuid[]))`,
  );
  return { patients: row!.patients, listed: row!.listed, honey: row!.honey ?? [] };
}

/** The patients of an establishment (of the group when undefined), honey records left out, `limit` at most: a small export's. */
export async function exportableRows(tx: Sql, establishmentId: string | undefined, limit: number): Promise<ReadPatientRow[]> {
  return tx.rows<ReadPatientRow>(
    sql`SELECT ${READ_COLUMNS} FROM patient p WHERE (${establishmentId ?? null}::uuid IS NULL OR p.establishment_id = ${establishmentId ?? null})
       AND ${NOT_HONEY} ORDER BY p.id LIMIT ${Math.floor(limit)}`,
  );
}

/**
 * A page of an export: its patients after `afterId` in id order — of an establishment (the
 * group when undefined) or of a list — honey records left out: they never leave.
 */
export async function exportPagePatients(
  tx: Sql,
  establishmentId: string | undefined,
  ids: readonly string[] | undefined,
  afterId: string,
  limit: number,
): Promise<PatientRow[]> {
  const where = [sql`p.id > ${afterId}::uuid`, NOT_HONEY];
  // Conditions written only when they apply, so that the planner walks the primary key in order.
  if (establishmentId) where.push(sql`p.establishment_id = ${establishmentId}::uuid`);
  if (ids) where.push(sql`p.id = ANY(${ids}::uuid[])`);
  return tx.rows<PatientRow>(sql`SELECT ${COLUMNS_OF_P} FROM patient p WHERE ${sql.join(where, sql` AND `)} ORDER BY p.id LIMIT ${Math.floor(limit)}`);
}
