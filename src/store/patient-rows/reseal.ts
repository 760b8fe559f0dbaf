import type { Sql } from '../database.ts';
import { sql } from '../sql.ts';

type Table = 'patient' | 'clinical_resource';

/** The sealed rows of each table, named by a constant: no table name comes from a string. */
const ROWS = {
  patient: { table: sql`patient`, columns: sql`id, 'Patient' AS type, establishment_id, body` },
  clinical_resource: { table: sql`clinical_resource`, columns: sql`id, type, establishment_id, body` },
};

/** A batch of rows (patients, or clinical resources) after `afterId` in id order, for sealing again under new keys: one pass, whatever the establishment. */
export async function rowsToReseal(
  tx: Sql,
  table: Table,
  afterId: string,
  limit: number,
): Promise<Array<{ id: string; type: string; establishment_id: string; body: Uint8Array }>> {
  const { table: from, columns } = ROWS[table];
  return tx.rows(sql`SELECT ${columns} FROM ${from} WHERE id > ${afterId} ORDER BY id LIMIT ${Math.floor(limit)}`);
}

/** A row's ciphertext replaced, only if no write changed it meanwhile (then the write's own sealing stands). */
export async function resealRow(tx: Sql, table: Table, id: string, before: Uint8Array, after: Uint8Array): Promise<boolean> {
  const rows = await tx.rows(sql`UPDATE ${ROWS[table].table} SET body = ${after} WHERE id = ${id} AND body = ${before} RETURNING id`);
  return rows.length === 1;
}

/** How many patient and clinical rows there are (a progress bar's total). */
export async function recordCount(tx: Sql): Promise<number> {
  return tx.count(sql`SELECT (SELECT count(*) FROM patient) + (SELECT count(*) FROM clinical_resource)`);
}
