import { NIL_UUID } from '../../domain/uuid.ts';
import type { Sql } from '../database.ts';
import { sql, type Statement } from '../sql.ts';
import { READ_COLUMNS, type ReadPatientRow } from './patients.ts';

/**
 * Whose records a search may return (need to know). `linked`: the patients of a query
 * returning `patient_id` (the actor's current care relationships — a small set, read
 * first). `establishment`: the establishment's own patients plus those of the query.
 * `anyone`: only for identity lookups by exact terms, capped by the gate.
 */
export type PatientScope = { kind: 'linked'; links: Statement } | { kind: 'establishment'; establishmentId: string; links: Statement } | { kind: 'anyone' };

/** A patient found; in the `linked` scope, with the rows of the scope's query about them. */
export interface FoundPatientRow extends ReadPatientRow {
  links?: unknown[];
}

/**
 * Keyset paging by id: page 5,000 costs what page 1 costs. The rows come from the
 * smallest set first — the actor's relationships, or the GIN index for search terms —
 * through materialised CTEs: left to itself the planner walks the primary key in id
 * order and filters, which reads the whole table when a term is rare or absent (6.6 s
 * against 1 ms at 1M patients).
 */
export async function patientsMatching(
  tx: Sql,
  scope: PatientScope,
  terms: readonly bigint[],
  afterId: string | undefined,
  limit: number,
): Promise<FoundPatientRow[]> {
  if (scope.kind === 'linked') return linkedPatients(tx, scope.links, terms, afterId ?? NIL_UUID, limit);
  const ctes: Statement[] = [];
  const joins: Statement[] = [];
  const where = [sql`p.id > ${afterId ?? NIL_UUID}::uuid`];
  if (terms.length > 0) {
    ctes.push(sql`hits AS MATERIALIZED (SELECT id FROM patient WHERE search @> ${terms}::bigint[])`);
    joins.push(sql`JOIN hits USING (id)`);
  }
  if (scope.kind === 'establishment') {
    where.push(sql`(p.establishment_id = ${scope.establishmentId}::uuid OR p.id IN (SELECT patient_id FROM (${scope.links}) l))`);
  }
  const withClause = ctes.length > 0 ? sql`WITH ${sql.join(ctes)} ` : sql``;
  return tx.rows<FoundPatientRow>(
    sql`${withClause}SELECT ${READ_COLUMNS} FROM patient p ${sql.join(joins, sql` `)}
     WHERE ${sql.join(where, sql` AND `)} ORDER BY p.id LIMIT ${limit}`,
  );
}

/**
 * The actor's own patients matching the terms: each linked patient looked up by id and its
 * terms checked on its row, the links read once from the indexes that carry them
 * (migration 027). The lookup is a lateral subquery that cannot be merged into a join:
 * otherwise the planner may combine the terms' GIN index with the primary key's range
 * `id > after`, which is the whole table on the first page (15 ms at 100,000 patients
 * against 1). Each patient of the page comes with its links, so the decision needs no
 * second query (src/gate/quiet-read.ts); only the page's are gathered into JSON.
 */
function linkedPatients(tx: Sql, links: Statement, terms: readonly bigint[], afterId: string, limit: number): Promise<FoundPatientRow[]> {
  const matches = terms.length > 0 ? sql` AND p.search @> ${terms}::bigint[]` : sql``;
  // Without terms every linked patient matches: the page is the first ids, taken before any row is read.
  const first = terms.length > 0 ? sql`` : sql` ORDER BY 1 LIMIT ${limit}`;
  return tx.rows<FoundPatientRow>(
    sql`WITH links AS MATERIALIZED (${links}),
     page AS MATERIALIZED (SELECT found.* FROM (SELECT DISTINCT patient_id AS id FROM links WHERE patient_id > ${afterId}::uuid${first}) ids,
       LATERAL (SELECT ${READ_COLUMNS} FROM patient p WHERE p.id = ids.id${matches} OFFSET 0) found ORDER BY found.id LIMIT ${limit})
     SELECT page.*, (SELECT json_agg(l) FROM links l WHERE l.patient_id = page.id) AS links FROM page ORDER BY page.id`,
  );
}
