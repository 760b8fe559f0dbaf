import { createHash, randomUUID } from 'node:crypto';
import { actorOf, type Actor } from '../../identity/actor.ts';
import type { Role } from '../../identity/roles.ts';
import type { Sql } from '../../store/database.ts';
import { monthOfSignIns } from '../scratch-group.ts';

/**
 * The care staff of a seeded group, as the gate sees them: one actor per account, each on
 * a session of its own, at the shared workstation of its unit (the admissions desk of its
 * establishment, the laboratory's bench) that it has worked from for a month — as the
 * guard's address detectors see a real hospital's staff.
 */
export async function careStaff(sql: Sql): Promise<Actor[]> {
  const rows = await sql.query<{ id: string; username: string; role: Role; establishment_id: string | null; practitioner_id: string | null; unit_id: string | null }>(
    `SELECT id, username, role, establishment_id, practitioner_id, unit_id FROM account WHERE role IN ('doctor', 'nurse', 'admissions', 'lab') ORDER BY username`,
  );
  const staff = rows.map((row) => actorOf(row.id, row, { sessionId: randomUUID(), address: workstationOf(row.establishment_id, row.unit_id ?? row.role) }));
  await monthOfSignIns(sql, staff.map((actor) => ({ accountId: actor.accountId, address: actor.address!, userAgent: 'Firefox' })));
  return staff;
}

/** One address per workstation, 10.x.y.10, the same in every run. */
function workstationOf(establishmentId: string | null, place: string): string {
  const [x, y] = createHash('sha256').update(`${establishmentId}/${place}`).digest();
  return `10.${x}.${y}.10`;
}
