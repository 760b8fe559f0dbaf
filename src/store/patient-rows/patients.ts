import { encodeCopy, type CopyShape } from '../copy-binary.ts';
import type { Sql } from '../database.ts';
import { sql, type Statement } from '../sql.ts';

/**
 * Row access to the patient tables, one file per concern: patients, clinical resources,
 * care links, search, exports, resealing. Only the gate may import this folder (others
 * may name its types: .dependency-cruiser.cjs), and only the gate's database role may
 * run its queries (migration 024). Rows hold ciphertext; decryption is the gate's business.
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

export interface NewPatientRow {
  id: string;
  establishmentId: string;
  body: Uint8Array;
  search: readonly bigint[];
}

const PATIENT_COLUMNS = sql`id, establishment_id, version, updated_at, body`;
/** The patient columns of `patient p`. */
export const COLUMNS_OF_P = sql`p.id, p.establishment_id, p.version, p.updated_at, p.body`;
/** The patient columns of `patient p`, and whether it is a honey record (an index probe of a small table). */
export const READ_COLUMNS = sql`${COLUMNS_OF_P}, EXISTS (SELECT 1 FROM honey_record h WHERE h.patient_id = p.id) AS honey`;

export async function patientById(tx: Sql, id: string): Promise<ReadPatientRow | undefined> {
  return tx.one<ReadPatientRow>(sql`SELECT ${READ_COLUMNS} FROM patient p WHERE id = ${id}`);
}

/**
 * A patient and the rows `links` gives about them (the actor's current care links, a
 * statement of src/access), in one statement: one round trip for a decision and a read.
 */
export async function patientWithLinks<L>(handle: Sql, id: string, links: Statement): Promise<(ReadPatientRow & { links: L[] }) | undefined> {
  return handle.one(sql`SELECT ${READ_COLUMNS}, coalesce((SELECT json_agg(l) FROM (${links}) l), '[]'::json) AS links FROM patient p WHERE id = ${id}`);
}

/** A Patient read asked with its request's session: the token's hash and the id asked for. */
export interface SessionAsk {
  tokenHash: Uint8Array;
  patientId: string;
}

/** What `patientsInSessions` found for an ask: its live session's row as JSON, and the patient, with the links, when it exists. */
export interface SessionRead<L> {
  session: unknown;
  patient: (ReadPatientRow & { links: L[] }) | undefined;
}

/**
 * Several Patient reads after their requests' session checks, in one statement:
 * `sessions(asked)` defines `live` for the relation `asked` (token_hash, asked_id, n:
 * src/identity/sessions.ts), and `links` are those of each live row's actor with the
 * patient `p` (src/access/relationships.ts). An ask whose session is not live has no row:
 * its place in the answer is undefined.
 */
export async function patientsInSessions<L>(
  tx: Sql,
  asks: readonly SessionAsk[],
  sessions: (asked: Statement) => Statement,
  links: Statement,
): Promise<Array<SessionRead<L> | undefined>> {
  const rows = await tx.rows<Partial<ReadPatientRow> & { n: number; session: unknown; links: L[] | null }>(
    sql`WITH asked AS (SELECT * FROM unnest(${asks.map((ask) => ask.tokenHash)}::bytea[], ${asks.map((ask) => ask.patientId)}::uuid[])
                         WITH ORDINALITY AS asked(token_hash, asked_id, n)),
     ${sessions(sql`asked`)}
     SELECT live.n, to_json(live) AS session, x.* FROM live
     LEFT JOIN LATERAL (SELECT ${READ_COLUMNS}, coalesce((SELECT json_agg(l) FROM (${links}) l), '[]'::json) AS links
                        FROM patient p WHERE p.id = live.asked_id) x ON true`,
  );
  const found: Array<SessionRead<L> | undefined> = asks.map(() => undefined);
  for (const { n, session, ...patient } of rows) {
    found[Number(n) - 1] = { session, patient: patient.id ? (patient as ReadPatientRow & { links: L[] }) : undefined };
  }
  return found;
}

/** The patients of these ids that exist (for decisions on several at once). */
export async function patientsByIds(tx: Sql, ids: readonly string[]): Promise<ReadPatientRow[]> {
  if (ids.length === 0) return [];
  return tx.rows<ReadPatientRow>(sql`SELECT ${READ_COLUMNS} FROM patient p WHERE id = ANY(${ids}::uuid[])`);
}

/** New patients as COPY loads them. */
export const PATIENT_COPY: CopyShape<NewPatientRow> = {
  table: 'patient',
  columns: { id: 'uuid', establishment_id: 'uuid', body: 'bytea', search: 'int8[]' },
  values: (row) => [row.id, row.establishmentId, row.body, row.search],
};

export async function insertPatients(tx: Sql, rows: readonly NewPatientRow[]): Promise<void> {
  if (rows.length === 0) return;
  if (tx.copy) return tx.copy(encodeCopy(PATIENT_COPY, rows));
  await tx.run(
    sql`INSERT INTO patient (id, establishment_id, body, search)
     SELECT id, establishment_id, body, search::bigint[]
     FROM unnest(${rows.map((row) => row.id)}::uuid[], ${rows.map((row) => row.establishmentId)}::uuid[], ${rows.map((row) => row.body)}::bytea[],
                 ${rows.map((row) => `{${row.search.join(',')}}`)}::text[]) AS t(id, establishment_id, body, search)`,
  );
}

/** Optimistic concurrency: the update applies only to the version the writer read. */
export async function updatePatientRow(
  tx: Sql,
  id: string,
  expectedVersion: number,
  body: Uint8Array,
  search: readonly bigint[],
): Promise<PatientRow | undefined> {
  return tx.one<PatientRow>(
    sql`UPDATE patient SET body = ${body}, search = ${search}::bigint[], version = version + 1, updated_at = now()
     WHERE id = ${id} AND version = ${expectedVersion} RETURNING ${PATIENT_COLUMNS}`,
  );
}

export async function insertedPatientRow(tx: Sql, row: NewPatientRow): Promise<PatientRow> {
  await insertPatients(tx, [row]);
  return (await patientById(tx, row.id))!;
}
