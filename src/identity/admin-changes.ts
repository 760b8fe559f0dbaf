import { invalidParameter } from '../domain/refusals.ts';
import { STAFF_ROLES, type Role } from '../domain/roles.ts';

/**
 * What the account administration routes are asked, as their schemas let it through
 * (src/api/schemas/admin.ts: types, ids, unknown fields), and what it must mean besides:
 * a staff role, something to change, ids compared as Vigie writes them (lower case).
 */
export interface NewAccountInput {
  username: string;
  role: string;
  establishmentId?: string | undefined;
  unitId?: string | undefined;
  practitionerId?: string | undefined;
}

/** A change of placement or role; null detaches, absent leaves as it is. */
export interface AccountChangeInput {
  role?: string;
  establishmentId?: string | null;
  unitId?: string | null;
  practitionerId?: string | null;
}

export interface StaffTeamInput {
  name?: string;
  establishmentId?: string;
  unitId?: string | null;
}

export const newAccountOf = (input: NewAccountInput) => ({
  username: input.username,
  role: staffRole(input.role),
  establishmentId: lower(input.establishmentId),
  unitId: lower(input.unitId),
  practitionerId: lower(input.practitionerId),
});

export function accountChangeOf(input: AccountChangeInput): {
  role?: Role;
  establishmentId?: string | null;
  unitId?: string | null;
  practitionerId?: string | null;
} {
  if (Object.keys(input).length === 0) throw invalidParameter('Nothing to change: give role, establishmentId, unitId or practitionerId');
  return {
    ...(input.role !== undefined ? { role: staffRole(input.role) } : {}),
    ...('establishmentId' in input ? { establishmentId: lower(input.establishmentId) } : {}),
    ...('unitId' in input ? { unitId: lower(input.unitId) } : {}),
    ...('practitionerId' in input ? { practitionerId: lower(input.practitionerId) } : {}),
  };
}

export function staffTeamOf(input: StaffTeamInput, creating: boolean): StaffTeamInput {
  const team: StaffTeamInput = {};
  if (input.name !== undefined) {
    if (input.name.trim().length === 0) throw invalidParameter('name: a non-empty string of at most 200 characters', 'name');
    team.name = input.name.trim();
  }
  if (input.establishmentId !== undefined) team.establishmentId = input.establishmentId.toLowerCase();
  if ('unitId' in input) team.unitId = lower(input.unitId);
  if (!creating && Object.keys(team).length === 0) throw invalidParameter('Nothing to change: give name or unitId');
  return team;
}

/** Staff roles only: a patient's account belongs to their record, never to an administrator's choice. */
function staffRole(role: string): Role {
  if (!(STAFF_ROLES as readonly string[]).includes(role)) throw invalidParameter(`role: one of ${STAFF_ROLES.join(', ')}`, 'role');
  return role as Role;
}

function lower<T extends string | null | undefined>(id: T): T {
  return (typeof id === 'string' ? id.toLowerCase() : id) as T;
}
