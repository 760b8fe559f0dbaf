import type { Sql } from '../store/database.ts';

/** The establishment's name: a guesser's first words, refused in passwords (password-policy.ts). */
export async function establishmentWords(sql: Sql, establishmentId: string | null | undefined): Promise<string[]> {
  if (!establishmentId) return [];
  const rows = await sql.query<{ name: string | null }>(`SELECT resource ->> 'name' AS name FROM organization WHERE id = $1`, [establishmentId]);
  const name = rows[0]?.name;
  return name ? [name, ...name.split(/[\s'-]+/).filter((word) => word.length >= 4)] : [];
}
