import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { KeyRing } from '../../crypto/key-ring.ts';
import { actorOf, type Actor } from '../../domain/actor.ts';
import { createAccount } from '../../identity/accounts.ts';
import type { Role } from '../../domain/roles.ts';
import type { Sql } from '../../store/database.ts';
import { sql } from '../../store/sql.ts';
import { monthOfSignIns } from '../scratch-group.ts';

/**
 * The care staff of a seeded group, as the gate sees them: one actor per account, each on
 * a session of its own, at the shared workstation of its unit (the admissions desk of its
 * establishment, the laboratory's bench) that it has worked from for a month — as the
 * guard's address detectors see a real hospital's staff. Their accounts were activated a
 * year before `monthStart`: established staff, not the guard's new accounts.
 */
export async function careStaff(tx: Sql, monthStart: Date, establishments?: number): Promise<Actor[]> {
  const rows = await tx.rows<{
    id: string;
    username: string;
    role: Role;
    establishment_id: string | null;
    practitioner_id: string | null;
    unit_id: string | null;
  }>(sql`SELECT id, username, role, establishment_id, practitioner_id, unit_id FROM account
     WHERE role IN ('doctor', 'nurse', 'admissions', 'lab')
       AND (${establishments ?? null}::int IS NULL OR establishment_id IN (SELECT id FROM organization WHERE level = 'establishment' ORDER BY id LIMIT ${establishments ?? null}))
     ORDER BY username`);
  const staff = rows.map((row) => actorOf(row.id, row, { sessionId: randomUUID(), address: workstationOf(row.establishment_id, row.unit_id ?? row.role) }));
  await monthOfSignIns(
    tx,
    staff.map((actor) => ({ accountId: actor.accountId, address: actor.address!, userAgent: 'Firefox' })),
  );
  const since = new Date(monthStart.getTime() - 365 * 86_400_000);
  await tx.run(sql`UPDATE account SET created_at = ${since}, activated_at = ${since} WHERE id = ANY(${staff.map((actor) => actor.accountId)}::uuid[])`);
  return staff;
}

/**
 * Someone joining a unit: an account activated `at` (the simulated day it starts), at its
 * unit's workstation, with no past at all — in its first 14 days, the guard counts every
 * patient it is given. Confirming and activating it are the administrators' and owner's
 * acts (src/identity), outside what this month measures.
 */
export async function newcomer(
  tx: Sql,
  keys: KeyRing,
  joining: { username: string; role: Role; establishmentId: string; unitId?: string | undefined },
  at: Date,
): Promise<Actor> {
  const { id } = await createAccount(tx, keys, { ...joining, password: randomBytes(12).toString('base64url') });
  await tx.run(sql`UPDATE account SET created_at = ${at}, activated_at = ${at} WHERE id = ${id}`);
  const placement = {
    username: joining.username,
    role: joining.role,
    establishment_id: joining.establishmentId,
    practitioner_id: null,
    unit_id: joining.unitId ?? null,
  };
  return actorOf(id, placement, { sessionId: randomUUID(), address: workstationOf(joining.establishmentId, joining.unitId ?? joining.role) });
}

/** One address per workstation, 10.x.y.10, the same in every run. */
function workstationOf(establishmentId: string | null, place: string): string {
  const [x, y] = createHash('sha256').update(`${establishmentId}/${place}`).digest();
  return `10.${x}.${y}.10`;
}
