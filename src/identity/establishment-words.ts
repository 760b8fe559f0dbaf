import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';

/** The establishment's name: a guesser's first words, refused in passwords (password-policy.ts). */
export async function establishmentWords(tx: Sql, establishmentId: string | null | undefined): Promise<string[]> {
  if (!establishmentId) return [];
  const rows = await tx.rows<{ name: string | null }>(sql`SELECT resource ->> 'name' AS name FROM organization WHERE id = ${establishmentId}`);
  const name = rows[0]?.name;
  return name ? [name, ...name.split(/[\s'-]+/).filter((word) => word.length >= 4)] : [];
}
