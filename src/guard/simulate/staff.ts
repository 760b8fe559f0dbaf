import { randomUUID } from 'node:crypto';
import { actorOf, type Actor } from '../../identity/actor.ts';
import type { Role } from '../../identity/roles.ts';
import type { Sql } from '../../store/database.ts';

/** The care staff of a seeded group, as the gate sees them: one actor per account, each on a session of its own. */
export async function careStaff(sql: Sql): Promise<Actor[]> {
  const rows = await sql.query<{ id: string; username: string; role: Role; establishment_id: string | null; practitioner_id: string | null; unit_id: string | null }>(
    `SELECT id, username, role, establishment_id, practitioner_id, unit_id FROM account WHERE role IN ('doctor', 'nurse', 'admissions', 'lab') ORDER BY username`,
  );
  return rows.map((row) => actorOf(row.id, row, { sessionId: randomUUID(), address: '10.0.0.1' }));
}
