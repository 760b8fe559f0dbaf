import { invalidParameter } from '../domain/refusals.ts';
import { isRole, STAFF_ROLES, type Role } from '../domain/roles.ts';
import { isUuid } from '../domain/uuid.ts';

/**
 * The bodies of the account administration routes, checked in full before anything is
 * written (DESIGN invariant 8): unknown fields, wrong types and malformed ids are a 400.
 */
export interface NewAccountInput {
  username: string;
  role: Role;
  establishmentId: string | undefined;
  unitId: string | undefined;
  practitionerId: string | undefined;
}

/** A change of placement or role; null detaches, absent leaves as it is. */
export interface AccountChangeInput {
  role?: Role;
  establishmentId?: string | null;
  unitId?: string | null;
  practitionerId?: string | null;
}

export interface StaffTeamInput {
  name?: string;
  establishmentId?: string;
  unitId?: string | null;
}

type Body = Record<string, unknown>;

/** Lower case, digits and . _ -, as the seed's "prenom.nom" usernames. */
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

export function objectOf(body: unknown, allowed: readonly string[]): Body {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalidParameter('The body must be a JSON object');
  const unknown = Object.keys(body).find((key) => !allowed.includes(key));
  if (unknown) throw invalidParameter(`Unknown field '${unknown}'`, unknown);
  return body as Body;
}

export function parseNewAccount(input: unknown): NewAccountInput {
  const body = objectOf(input, ['username', 'role', 'establishmentId', 'unitId', 'practitionerId']);
  const username = body.username;
  if (typeof username !== 'string' || !USERNAME.test(username)) {
    throw invalidParameter('username: 3 to 64 characters, lower-case letters, digits, dot, underscore or hyphen', 'username');
  }
  return {
    username,
    role: roleOf(body.role),
    establishmentId: idOf(body, 'establishmentId') ?? undefined,
    unitId: idOf(body, 'unitId') ?? undefined,
    practitionerId: idOf(body, 'practitionerId') ?? undefined,
  };
}

export function parseAccountChange(input: unknown): AccountChangeInput {
  const body = objectOf(input, ['role', 'establishmentId', 'unitId', 'practitionerId']);
  if (Object.keys(body).length === 0) throw invalidParameter('Nothing to change: give role, establishmentId, unitId or practitionerId');
  const change: AccountChangeInput = {};
  if ('role' in body) change.role = roleOf(body.role);
  for (const field of ['establishmentId', 'unitId', 'practitionerId'] as const) {
    if (field in body) change[field] = idOf(body, field);
  }
  return change;
}

export function parseStaffTeam(input: unknown, creating: boolean): StaffTeamInput {
  const body = objectOf(input, creating ? ['name', 'establishmentId', 'unitId'] : ['name', 'unitId']);
  const team: StaffTeamInput = {};
  if ('name' in body || creating) {
    if (typeof body.name !== 'string' || body.name.trim().length === 0 || body.name.length > 200) {
      throw invalidParameter('name: a non-empty string of at most 200 characters', 'name');
    }
    team.name = body.name.trim();
  }
  if (creating) {
    const establishmentId = idOf(body, 'establishmentId');
    if (!establishmentId) throw invalidParameter('establishmentId is required', 'establishmentId');
    team.establishmentId = establishmentId;
  }
  if ('unitId' in body) team.unitId = idOf(body, 'unitId');
  if (!creating && Object.keys(team).length === 0) throw invalidParameter('Nothing to change: give name or unitId');
  return team;
}

export function parseAccountRef(input: unknown): string {
  const id = idOf(objectOf(input, ['accountId']), 'accountId');
  if (!id) throw invalidParameter('accountId is required', 'accountId');
  return id;
}

export function pathId(value: string, what: string): string {
  if (!isUuid(value)) throw invalidParameter(`${what}: not an id`, what);
  return value.toLowerCase();
}

/** Staff roles only: a patient's account belongs to their record, never to an administrator's choice. */
function roleOf(value: unknown): Role {
  if (!isRole(value) || value === 'patient') throw invalidParameter(`role: one of ${STAFF_ROLES.join(', ')}`, 'role');
  return value;
}

function idOf(body: Body, field: string): string | null | undefined {
  const value = body[field];
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string' || !isUuid(value)) throw invalidParameter(`${field}: an id (UUID) or null`, field);
  return value.toLowerCase();
}
