import type { Sql } from './database.ts';

/**
 * Row access to the patient tables. Only the gate may import this module (others may
 * name its types: .dependency-cruiser.cjs), and only the gate's database role may run
 * its queries (migration 024). Rows hold ciphertext; decryption is the gate's business.
 */
export interface PatientRow {
  id: string;
  establishment_id: string;
  version: number;
  updated_at: Date;
  body: Uint8Array;
}

/** A patient row as the gate reads it: with whether it is a honey record (src/guard), which the API never shows. */
export interface ReadPatientRow extends PatientRow {
  honey: boolean;
}

export interface ClinicalRow extends PatientRow {
  type: string;
  patient_id: string;
}

export interface NewPatientRow {
  id: string;
  establishmentId: string;
  body: Uint8Array;
  search: readonly bigint[];
}

export interface NewClinicalRow {
  id: string;
  type: string;
  patientId: string;
  establishmentId: string;
  body: Uint8Array;
}

export interface NewCareLink {
  sourceId: string;
  kind: 'stay' | 'treating-doctor' | 'lab-order' | 'referral' | 'care-team';
  patientId: string;
  establishmentId: string;
  unitId?: string | undefined;
  practitionerId?: string | undefined;
  startsAt: string;
  endsAt?: string | undefined;
  /** Several links from one source (the members of a care team) are told apart by this. */
  member?: number | undefined;
}

const PATIENT_COLUMNS = 'id, establishment_id, version, updated_at, body';
/** The patient columns of `patient p`, and whether it is a honey record (an index probe of a small table). */
const READ_COLUMNS = `${PATIENT_COLUMNS.split(', ')
  .map((c) => `p.${c}`)
  .join(', ')}, EXISTS (SELECT 1 FROM honey_record h WHERE h.patient_id = p.id) AS honey`;
const CLINICAL_COLUMNS = 'id, type, patient_id, establishment_id, version, updated_at, body';

export async function patientById(sql: Sql, id: string): Promise<ReadPatientRow | undefined> {
  const rows = await sql.query<ReadPatientRow>(`SELECT ${READ_COLUMNS} FROM patient p WHERE id = $1`, [id]);
  return rows[0];
}

/**
 * Whose records a search may return (need to know). `linked`: the patients of a query
 * returning `patient_id` (the actor's current care relationships — a small set, read
 * first). `establishment`: the establishment's own patients plus those of the query.
 * `anyone`: only for identity lookups by exact terms, capped by the gate.
 */
export type PatientScope =
  | { kind: 'linked'; links: { text: string; params: unknown[] } }
  | { kind: 'establishment'; establishmentId: string; links: { text: string; params: unknown[] } }
  | { kind: 'anyone' };

/**
 * Keyset paging by id: page 5,000 costs what page 1 costs. The rows come from the
 * smallest set first — the actor's relationships, or the GIN index for search terms —
 * through materialised CTEs: left to itself the planner walks the primary key in id
 * order and filters, which reads the whole table when a term is rare or absent (6.6 s
 * against 1 ms at 1M patients).
 */
export async function patientsMatching(
  sql: Sql,
  scope: PatientScope,
  terms: readonly bigint[],
  afterId: string | undefined,
  limit: number,
): Promise<ReadPatientRow[]> {
  const params: unknown[] = scope.kind === 'anyone' ? [] : [...scope.links.params];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const ctes: string[] = [];
  const joins: string[] = [];
  const where = [`p.id > ${param(afterId ?? '00000000-0000-0000-0000-000000000000')}::uuid`];
  if (scope.kind === 'linked') {
    ctes.push(`linked AS MATERIALIZED (SELECT DISTINCT patient_id AS id FROM (${scope.links.text}) l)`);
    joins.push('JOIN linked USING (id)');
  }
  if (terms.length > 0 && scope.kind === 'linked') {
    // The actor's own patients are few: check the terms on each rather than on the index.
    where.push(`p.search @> ${param(terms)}::bigint[]`);
  } else if (terms.length > 0) {
    ctes.push(`hits AS MATERIALIZED (SELECT id FROM patient WHERE search @> ${param(terms)}::bigint[])`);
    joins.push('JOIN hits USING (id)');
  }
  if (scope.kind === 'establishment') {
    where.push(`(p.establishment_id = ${param(scope.establishmentId)}::uuid OR p.id IN (SELECT patient_id FROM (${scope.links.text}) l))`);
  }
  const withClause = ctes.length > 0 ? `WITH ${ctes.join(', ')} ` : '';
  return sql.query<ReadPatientRow>(
    `${withClause}SELECT ${READ_COLUMNS} FROM patient p ${joins.join(' ')}
     WHERE ${where.join(' AND ')} ORDER BY p.id LIMIT ${param(limit)}`,
    params,
  );
}

/**
 * What an export request reaches: the patients of an establishment (of the group when
 * undefined), or of a list those that are there; honey records are never counted, and
 * those a list names come back apart.
 */
/**
 * The patients staying now in a care unit of the establishment (of any, for a group-wide
 * account), at most `limit`; undefined when there is no such unit. A FHIR Bulk Group is a unit.
 */
export async function patientsStayingIn(sql: Sql, unitId: string, establishmentId: string | undefined, limit: number): Promise<string[] | undefined> {
  const units = await sql.query("SELECT 1 FROM organization WHERE id = $1 AND level = 'unit' AND ($2::uuid IS NULL OR establishment_id = $2)", [
    unitId,
    establishmentId ?? null,
  ]);
  if (units.length === 0) return undefined;
  const rows = await sql.query<{ patient_id: string }>(
    `SELECT DISTINCT patient_id FROM care_link
     WHERE unit_id = $1 AND kind = 'stay' AND starts_at <= now() AND (ends_at IS NULL OR ends_at > now()) LIMIT ${Math.floor(limit)}`,
    [unitId],
  );
  return rows.map((row) => row.patient_id);
}

export async function exportableCount(
  sql: Sql,
  establishmentId: string | undefined,
  ids: readonly string[] | undefined,
): Promise<{ patients: number; listed: number; honey: string[] }> {
  const [row] = await sql.query<{ patients: number; listed: number; honey: string[] | null }>(
    `SELECT count(*) FILTER (WHERE h.patient_id IS NULL)::int AS patients, count(*)::int AS listed,
            array_agg(h.patient_id) FILTER (WHERE h.patient_id IS NOT NULL) AS honey
     FROM patient p LEFT JOIN honey_record h ON h.patient_id = p.id
     WHERE ($1::uuid IS NULL OR p.establishment_id = $1) AND ($2::uuid[] IS NULL OR p.id = ANY($2::uuid[]))`,
    [establishmentId ?? null, ids ?? null],
  );
  return { patients: row!.patients, listed: row!.listed, honey: row!.honey ?? [] };
}

/** The patients of an establishment (of the group when undefined), honey records left out, `limit` at most: a small export's. */
export async function exportableRows(sql: Sql, establishmentId: string | undefined, limit: number): Promise<ReadPatientRow[]> {
  return sql.query<ReadPatientRow>(
    `SELECT ${READ_COLUMNS} FROM patient p WHERE ($1::uuid IS NULL OR p.establishment_id = $1)
       AND NOT EXISTS (SELECT 1 FROM honey_record h WHERE h.patient_id = p.id) ORDER BY p.id LIMIT ${Math.floor(limit)}`,
    [establishmentId ?? null],
  );
}

/**
 * A page of an export: its patients after `afterId` in id order — of an establishment (the
 * group when undefined) or of a list — honey records left out: they never leave.
 */
export async function exportPagePatients(
  sql: Sql,
  establishmentId: string | undefined,
  ids: readonly string[] | undefined,
  afterId: string,
  limit: number,
): Promise<PatientRow[]> {
  const params: unknown[] = [afterId];
  const where = ['p.id > $1::uuid', 'NOT EXISTS (SELECT 1 FROM honey_record h WHERE h.patient_id = p.id)'];
  // Conditions written only when they apply, so that the planner walks the primary key in order.
  if (establishmentId) where.push(`p.establishment_id = $${params.push(establishmentId)}::uuid`);
  if (ids) where.push(`p.id = ANY($${params.push(ids)}::uuid[])`);
  return sql.query<PatientRow>(
    `SELECT ${PATIENT_COLUMNS.split(', ')
      .map((c) => `p.${c}`)
      .join(', ')} FROM patient p WHERE ${where.join(' AND ')} ORDER BY p.id LIMIT ${Math.floor(limit)}`,
    params,
  );
}

/** The clinical resources of an export page's patients. */
export async function clinicalOfPatients(sql: Sql, patientIds: readonly string[]): Promise<ClinicalRow[]> {
  if (patientIds.length === 0) return [];
  return sql.query<ClinicalRow>(`SELECT ${CLINICAL_COLUMNS} FROM clinical_resource WHERE patient_id = ANY($1::uuid[]) ORDER BY patient_id, id`, [patientIds]);
}

/** The patients of these ids that exist (for decisions on several at once). */
export async function patientsByIds(sql: Sql, ids: readonly string[]): Promise<ReadPatientRow[]> {
  if (ids.length === 0) return [];
  return sql.query<ReadPatientRow>(`SELECT ${READ_COLUMNS} FROM patient p WHERE id = ANY($1::uuid[])`, [ids]);
}

export async function clinicalById(sql: Sql, type: string, id: string): Promise<ClinicalRow | undefined> {
  const rows = await sql.query<ClinicalRow>(`SELECT ${CLINICAL_COLUMNS} FROM clinical_resource WHERE id = $1 AND type = $2`, [id, type]);
  return rows[0];
}

export async function clinicalOfPatient(
  sql: Sql,
  patientId: string,
  type: string | undefined,
  afterId: string | undefined,
  limit: number,
): Promise<ClinicalRow[]> {
  // Two statements rather than `($2 IS NULL OR type = $2)`: with that form the planner
  // walked the primary key over all 18M resources (580 s against 5 ms at 1M patients).
  const after = afterId ?? '00000000-0000-0000-0000-000000000000';
  if (!type) {
    return sql.query<ClinicalRow>(`SELECT ${CLINICAL_COLUMNS} FROM clinical_resource WHERE patient_id = $1 AND id > $2::uuid ORDER BY id LIMIT $3`, [
      patientId,
      after,
      limit,
    ]);
  }
  return sql.query<ClinicalRow>(
    `SELECT ${CLINICAL_COLUMNS} FROM clinical_resource WHERE patient_id = $1 AND type = $2 AND id > $3::uuid ORDER BY id LIMIT $4`,
    [patientId, type, after, limit],
  );
}

export async function insertPatients(sql: Sql, rows: readonly NewPatientRow[]): Promise<void> {
  if (rows.length === 0) return;
  if (sql.copyRows) {
    return sql.copyRows(
      'patient',
      ['id', 'establishment_id', 'body', 'search'],
      rows.map((row) => [row.id, row.establishmentId, row.body, row.search]),
    );
  }
  await sql.query(
    `INSERT INTO patient (id, establishment_id, body, search)
     SELECT id, establishment_id, body, search::bigint[]
     FROM unnest($1::uuid[], $2::uuid[], $3::bytea[], $4::text[]) AS t(id, establishment_id, body, search)`,
    [rows.map((row) => row.id), rows.map((row) => row.establishmentId), rows.map((row) => row.body), rows.map((row) => `{${row.search.join(',')}}`)],
  );
}

export async function insertClinical(sql: Sql, rows: readonly NewClinicalRow[]): Promise<void> {
  if (rows.length === 0) return;
  if (sql.copyRows) {
    const columns = ['id', 'type', 'patient_id', 'establishment_id', 'body'];
    return sql.copyRows(
      'clinical_resource',
      columns,
      rows.map((row) => [row.id, row.type, row.patientId, row.establishmentId, row.body]),
    );
  }
  await sql.query(
    `INSERT INTO clinical_resource (id, type, patient_id, establishment_id, body)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::bytea[])`,
    [
      rows.map((row) => row.id),
      rows.map((row) => row.type),
      rows.map((row) => row.patientId),
      rows.map((row) => row.establishmentId),
      rows.map((row) => row.body),
    ],
  );
}

/**
 * The relationships a resource makes, after a write: what an update no longer implies (a
 * cancelled stay, a revoked referral, a new treating doctor) stops counting at once.
 */
export async function replaceCareLinks(sql: Sql, sourceId: string, links: readonly NewCareLink[]): Promise<void> {
  await sql.query('DELETE FROM care_link WHERE source_id = $1', [sourceId]);
  await insertCareLinks(sql, links);
}

export async function insertCareLinks(sql: Sql, links: readonly NewCareLink[]): Promise<void> {
  if (links.length === 0) return;
  await sql.query(
    `INSERT INTO care_link (source_id, kind, patient_id, establishment_id, unit_id, practitioner_id, starts_at, ends_at, member)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::timestamptz[], $8::timestamptz[], $9::smallint[])
     ON CONFLICT (source_id, kind, member) DO UPDATE SET unit_id = EXCLUDED.unit_id, practitioner_id = EXCLUDED.practitioner_id,
       starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at`,
    [
      links.map((link) => link.sourceId),
      links.map((link) => link.kind),
      links.map((link) => link.patientId),
      links.map((link) => link.establishmentId),
      links.map((link) => link.unitId ?? null),
      links.map((link) => link.practitionerId ?? null),
      links.map((link) => link.startsAt),
      links.map((link) => link.endsAt ?? null),
      links.map((link) => link.member ?? 0),
    ],
  );
}

/** Optimistic concurrency: the update applies only to the version the writer read. */
export async function updatePatientRow(
  sql: Sql,
  id: string,
  expectedVersion: number,
  body: Uint8Array,
  search: readonly bigint[],
): Promise<PatientRow | undefined> {
  const rows = await sql.query<PatientRow>(
    `UPDATE patient SET body = $3, search = $4::bigint[], version = version + 1, updated_at = now()
     WHERE id = $1 AND version = $2 RETURNING ${PATIENT_COLUMNS}`,
    [id, expectedVersion, body, search],
  );
  return rows[0];
}

export async function updateClinicalRow(sql: Sql, id: string, expectedVersion: number, body: Uint8Array): Promise<ClinicalRow | undefined> {
  const rows = await sql.query<ClinicalRow>(
    `UPDATE clinical_resource SET body = $3, version = version + 1, updated_at = now()
     WHERE id = $1 AND version = $2 RETURNING ${CLINICAL_COLUMNS}`,
    [id, expectedVersion, body],
  );
  return rows[0];
}

export async function insertedPatientRow(sql: Sql, row: NewPatientRow): Promise<PatientRow> {
  await insertPatients(sql, [row]);
  return (await patientById(sql, row.id))!;
}

export async function insertedClinicalRow(sql: Sql, row: NewClinicalRow): Promise<ClinicalRow> {
  await insertClinical(sql, [row]);
  return (await clinicalById(sql, row.type, row.id))!;
}

/** A batch of rows (patients, or clinical resources) after `afterId` in id order, for sealing again under new keys: one pass, whatever the establishment. */
export async function rowsToReseal(
  sql: Sql,
  table: 'patient' | 'clinical_resource',
  afterId: string,
  limit: number,
): Promise<Array<{ id: string; type: string; establishment_id: string; body: Uint8Array }>> {
  return sql.query(
    table === 'patient'
      ? `SELECT id, 'Patient' AS type, establishment_id, body FROM patient WHERE id > $1 ORDER BY id LIMIT ${Math.floor(limit)}`
      : `SELECT id, type, establishment_id, body FROM clinical_resource WHERE id > $1 ORDER BY id LIMIT ${Math.floor(limit)}`,
    [afterId],
  );
}

/** A row's ciphertext replaced, only if no write changed it meanwhile (then the write's own sealing stands). */
export async function resealRow(sql: Sql, table: 'patient' | 'clinical_resource', id: string, before: Uint8Array, after: Uint8Array): Promise<boolean> {
  const rows = await sql.query(`UPDATE ${table === 'patient' ? 'patient' : 'clinical_resource'} SET body = $3 WHERE id = $1 AND body = $2 RETURNING id`, [
    id,
    before,
    after,
  ]);
  return rows.length === 1;
}

/** How many patient and clinical rows there are (a progress bar's total). */
export async function recordCount(sql: Sql): Promise<number> {
  const [row] = await sql.query<{ n: string | number }>('SELECT (SELECT count(*) FROM patient) + (SELECT count(*) FROM clinical_resource) AS n');
  return Number(row!.n);
}
