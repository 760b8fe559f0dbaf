import type { FastifyInstance } from 'fastify';
import { establishmentScope } from '../../src/crypto/key-ring.ts';
import { insertDirectory } from '../../src/directory/directory.ts';
import { createAccount } from '../../src/identity/accounts.ts';
import { STAFF_ROLES, type Role } from '../../src/domain/roles.ts';
import { totpCode } from '../../src/identity/totp.ts';
import type { Store } from '../../src/runtime/open-store.ts';
import { completePasskeyStep } from './passkey-step.ts';
import { firstPasskeyCode } from './sign-in.ts';
import { SoftwareAuthenticator } from './software-authenticator.ts';

/** A minimal directory (group → establishment → unit, one practitioner) and one account per role. */
export const GROUP_ID = '00000000-0000-4000-8000-000000000001';
export const CLINIC_ID = '00000000-0000-4000-8000-000000000002';
export const UNIT_ID = '00000000-0000-4000-8000-000000000003';
export const PRACTITIONER_ID = '00000000-0000-4000-8000-000000000004';
export const PASSWORD = 'fixture password 2026';

export interface Fixture {
  secrets: Record<Role, string>;
  /** Sign-ins so far per role: TOTP codes are never accepted twice, so each uses the next step. */
  signIns: Partial<Record<Role, number>>;
  /** The passkey authenticator of each privileged role, made at its first sign-in. */
  authenticators: Partial<Record<Role, SoftwareAuthenticator>>;
  /** The activation code of each privileged role, for its first passkey. */
  activationCodes: Partial<Record<Role, string>>;
}

export async function seedFixture(store: Store): Promise<Fixture> {
  const organization = (id: string, name: string, partOf?: string): fhir4.Organization & { id: string } => ({
    resourceType: 'Organization',
    id,
    name,
    ...(partOf ? { partOf: { reference: `Organization/${partOf}` } } : {}),
  });
  await insertDirectory(store.db, {
    organizations: [
      { resource: organization(GROUP_ID, 'Groupe Test'), level: 'group' },
      { resource: organization(CLINIC_ID, 'Clinique Test', GROUP_ID), level: 'establishment', partOf: GROUP_ID, establishmentId: CLINIC_ID },
      { resource: organization(UNIT_ID, 'Cardiologie', CLINIC_ID), level: 'unit', partOf: CLINIC_ID, establishmentId: CLINIC_ID },
    ],
    practitioners: [{ resourceType: 'Practitioner', id: PRACTITIONER_ID, name: [{ family: 'Test', given: ['Docteur'] }] }],
    roles: [],
  });
  await store.keys.ensure(store.db, establishmentScope(CLINIC_ID));
  const secrets = {} as Record<Role, string>;
  const activationCodes: Fixture['activationCodes'] = {};
  for (const role of STAFF_ROLES) {
    const group = ['dpo', 'security_officer', 'user_admin', 'sysadmin'].includes(role);
    const { id, totpSecret } = await createAccount(store.db, store.keys, {
      username: `${role}.test`,
      role,
      password: PASSWORD,
      establishmentId: group ? undefined : CLINIC_ID,
      practitionerId: role === 'doctor' ? PRACTITIONER_ID : undefined,
      unitId: group ? undefined : UNIT_ID,
    });
    secrets[role] = totpSecret;
    activationCodes[role] = await firstPasskeyCode(store, id, role);
  }
  return { secrets, signIns: {}, authenticators: {}, activationCodes };
}

/**
 * Signs in through the HTTP contract (password, then TOTP; then for privileged roles the
 * passkey, enrolled at the first sign-in) and returns the bearer header.
 */
export async function signIn(app: FastifyInstance, fixture: Fixture, role: Role): Promise<Record<string, string>> {
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `${role}.test`, password: PASSWORD } });
  if (login.statusCode !== 200) throw new Error(`login ${role}: ${login.statusCode} ${login.body}`);
  // Each sign-in of a role uses the next time step (the server accepts one step of drift).
  const count = fixture.signIns[role] ?? 0;
  if (count > 1) throw new Error(`sign ${role} in at most twice per fixture`);
  fixture.signIns[role] = count + 1;
  const at = Date.now() + 30_000 * count;
  const totp = await app.inject({ method: 'POST', url: '/api/auth/totp', payload: { ticket: login.json().ticket, code: totpCode(fixture.secrets[role], at) } });
  if (totp.statusCode !== 200) throw new Error(`totp ${role}: ${totp.statusCode} ${totp.body}`);
  const { token, next } = totp.json();
  if (token) return { authorization: `Bearer ${token}` };
  const authenticator = (fixture.authenticators[role] ??= new SoftwareAuthenticator());
  return { authorization: `Bearer ${await completePasskeyStep(app, login.json().ticket, next, authenticator, undefined, fixture.activationCodes[role])}` };
}

/**
 * Another clinic of the group, with one unit and a practitioner: where the patients outside
 * the fixture's care are cared for. `roles`: the practitioner roles to record with it.
 */
export async function addNeighbourClinic(
  store: Store,
  ids: { clinic: string; unit: string; practitioner: string },
  practitionerFamily: string,
  roles: Parameters<typeof insertDirectory>[1]['roles'] = [],
): Promise<void> {
  const organization = (id: string, name: string, partOf: string) => ({
    resourceType: 'Organization' as const,
    id,
    name,
    partOf: { reference: `Organization/${partOf}` },
  });
  await insertDirectory(store.db, {
    organizations: [
      { resource: organization(ids.clinic, 'Clinique Voisine', GROUP_ID), level: 'establishment', partOf: GROUP_ID, establishmentId: ids.clinic },
      { resource: organization(ids.unit, 'Pneumologie', ids.clinic), level: 'unit', partOf: ids.clinic, establishmentId: ids.clinic },
    ],
    practitioners: [{ resourceType: 'Practitioner', id: ids.practitioner, name: [{ family: practitionerFamily }] }],
    roles,
  });
  await store.keys.ensure(store.db, establishmentScope(ids.clinic));
}
