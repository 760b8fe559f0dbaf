import fc from 'fast-check';
import { BREAK_GLASS_REASONS } from '../../src/access/break-glass-reasons.ts';
import { everyExample, patientExample } from '../../src/domain/examples.ts';
import { CLINICAL_TYPES } from '../../src/domain/systems.ts';
import { PURPOSES } from '../../src/exports/purposes.ts';
import { STAFF_ROLES, type Role } from '../../src/domain/roles.ts';
import { CLINIC_ID, PRACTITIONER_ID, UNIT_ID } from '../support/fixture.ts';
import { hostileText } from './hostile.ts';

/** The records a request may name: real ones (of every kind the routes take) and their ids. */
export interface World {
  patientId: string;
  /** Ids of rows that exist now (patients, resources, exports, alerts, accounts, teams…). */
  ids: readonly string[];
}

/** What a well-meaning client would send to a route: path parameters, query, body. */
export interface Plan {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

/** Who is asked to send it: a role signed in, or nobody (no token, or one that means nothing). */
export type Who = Role | 'nobody';

export interface RouteFuzz {
  /** The roles the route serves; the runner also sends as others, and as nobody. */
  as: readonly Who[];
  plan?: (world: World) => fc.Arbitrary<Plan>;
  contentType?: string;
  headers?: Record<string, string>;
}

const CLINICIANS: readonly Role[] = ['doctor', 'nurse', 'admissions', 'lab'];
const OFFICERS: readonly Role[] = ['security_officer', 'dpo'];
const STAFF: readonly Role[] = STAFF_ROLES;
const EVERYONE: readonly Who[] = [...STAFF_ROLES, 'patient'];

/** What a client would send there; the runner swaps some for hostile text. */
const text = (...plausible: string[]) => fc.constantFrom(...plausible);
const id = (world: World) =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant(world.patientId) },
    { weight: 3, arbitrary: fc.constantFrom(...world.ids) },
    { weight: 1, arbitrary: fc.uuid() },
  );
const note = text('vu avec le titulaire du compte', 'ok', 'accès justifié par la garde de nuit');
const digits = (length: number) => fc.stringMatching(new RegExp(`^\\d{${length}}$`));
const base64url = fc.base64String({ maxLength: 40 }).map((text) => text.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'));
const assertion = fc.record({
  id: base64url,
  rawId: base64url,
  type: fc.constant('public-key'),
  response: fc.record({ clientDataJSON: base64url, authenticatorData: base64url, signature: base64url }),
  clientExtensionResults: fc.constant({}),
});
const ticket = fc.oneof(base64url, fc.stringMatching(/^[0-9a-f]{64}$/));
const username = text('doctor.test', 'nurse.test', 'user_admin.test', 'nobody.here');

/** `fc.record` of the parts given, each part a record of arbitraries. */
function shaped(parts: {
  params?: Record<string, fc.Arbitrary<string>>;
  query?: Record<string, fc.Arbitrary<string>>;
  body?: fc.Arbitrary<unknown>;
}): fc.Arbitrary<Plan> {
  return fc.record({
    params: fc.record(parts.params ?? {}),
    query: fc.record(parts.query ?? {}, { requiredKeys: [] }),
    body: parts.body ?? fc.constant(undefined),
  }) as fc.Arbitrary<Plan>;
}
const byId = (world: World, body?: fc.Arbitrary<unknown>) => shaped({ params: { id: id(world) }, body });

const kinds = [...CLINICAL_TYPES, 'Patient', 'Practitioner', 'Organization', 'Spaceship'];
/** A FHIR resource of a type, and the type the URL names (the same, mostly). */
const resourceOf = (world: World) =>
  fc.constantFrom(...everyExample(world.patientId)).chain((resource) =>
    fc.record({
      type: fc.oneof({ weight: 5, arbitrary: fc.constant(resource.resourceType) }, { weight: 1, arbitrary: fc.constantFrom(...kinds) }),
      resource: fc.constant(resource.resourceType === 'Patient' ? patientExample({}, { practitioner: PRACTITIONER_ID, establishment: CLINIC_ID }) : resource),
    }),
  );

const PAGING = { _count: text('1', '20', '100', '100000'), _cursor: fc.uuid() };
const KICK_OFF = {
  _outputFormat: text('application/fhir+ndjson', 'ndjson', 'text/csv'),
  purpose: fc.constantFrom(...PURPOSES),
  justification: note,
  ethicsReference: text('CPP-2026-01'),
};

/**
 * Every route of the API with what it expects (FUZZ_TABLE's keys are `METHOD /url` as
 * registered). A route without an entry fails the suite: none escapes the fuzzing.
 */
export const FUZZ_TABLE: Readonly<Record<string, RouteFuzz>> = {
  // Sign-in (from an address of their own: the per-address brake is not what is tested here).
  'POST /api/auth/login': { as: ['nobody'], plan: () => shaped({ body: fc.record({ username, password: text('fixture password 2026', 'x') }) }) },
  'POST /api/auth/totp': { as: ['nobody'], plan: () => shaped({ body: fc.record({ ticket, code: digits(6) }) }) },
  'GET /api/auth/methods': { as: ['nobody'] },
  'GET /api/openapi.json': { as: ['nobody'] },
  'GET /api/me': { as: EVERYONE },
  'POST /api/auth/logout': { as: ['nobody'] },
  'POST /api/auth/activation/start': { as: ['nobody'], plan: () => shaped({ body: fc.record({ username, activationCode: base64url }) }) },
  'POST /api/auth/activation/finish': {
    as: ['nobody'],
    plan: () => shaped({ body: fc.record({ username, activationCode: base64url, password: text('a long enough pass phrase 2026'), code: digits(6) }) }),
  },
  'POST /api/auth/webauthn/options': { as: ['nobody'], plan: () => shaped({ body: fc.record({ ticket }) }) },
  'POST /api/auth/webauthn/verify': { as: ['nobody'], plan: () => shaped({ body: fc.record({ ticket, response: assertion }) }) },
  'POST /api/auth/webauthn/register/options': { as: ['nobody'], plan: () => shaped({ body: fc.record({ ticket, activationCode: base64url }) }) },
  'POST /api/auth/webauthn/register/verify': {
    as: ['nobody'],
    plan: () => shaped({ body: fc.record({ ticket, activationCode: base64url, response: assertion }) }),
  },
  'POST /api/auth/recovery-code': { as: ['nobody'], plan: () => shaped({ body: fc.record({ ticket, code: text('ABCD-EFGH-IJKL') }) }) },
  // One's own factors.
  'GET /api/me/passkeys': { as: STAFF },
  'POST /api/me/passkeys/options': { as: STAFF },
  'POST /api/me/passkeys': { as: STAFF, plan: () => shaped({ body: fc.record({ response: assertion }) }) },
  'DELETE /api/me/passkeys/:id': { as: STAFF, plan: (world) => byId(world) },
  'POST /api/me/step-up/options': { as: STAFF },
  'POST /api/me/step-up/verify': { as: STAFF, plan: () => shaped({ body: fc.record({ response: assertion }) }) },
  'POST /api/me/recovery-codes': { as: STAFF },
  'GET /api/me/notices': { as: EVERYONE },
  // Break-glass and its review.
  'GET /api/break-glass/reasons': { as: CLINICIANS },
  'POST /api/break-glass': {
    as: CLINICIANS,
    plan: (world) =>
      shaped({
        body: fc.record({
          patient: fc.oneof(id(world), fc.constant(`Patient/${world.patientId}`)),
          reason: fc.constantFrom(...Object.keys(BREAK_GLASS_REASONS)),
          text: note,
        }),
      }),
  },
  'GET /api/security/break-glass': { as: OFFICERS, plan: () => shaped({ query: { status: text('unreviewed', 'all') } }) },
  'POST /api/security/break-glass/:id/review': { as: OFFICERS, plan: (world) => byId(world, fc.record({ outcome: text('justified', 'unjustified'), note })) },
  // Account administration.
  'POST /api/admin/accounts': {
    as: ['user_admin'],
    plan: () =>
      shaped({
        body: fc.record(
          { username: text('new.nurse', 'x'), role: fc.constantFrom(...STAFF_ROLES), establishmentId: fc.constant(CLINIC_ID), unitId: fc.constant(UNIT_ID) },
          { requiredKeys: ['username', 'role'] },
        ),
      }),
  },
  'PATCH /api/admin/accounts/:id': {
    as: ['user_admin'],
    plan: (world) => byId(world, fc.record({ role: fc.constantFrom(...STAFF_ROLES), unitId: fc.constant(UNIT_ID) }, { requiredKeys: [] })),
  },
  'POST /api/admin/accounts/:id/disable': { as: ['user_admin'], plan: (world) => byId(world) },
  'POST /api/admin/accounts/:id/enable': { as: ['user_admin'], plan: (world) => byId(world) },
  'POST /api/admin/accounts/:id/reset-lockout': { as: ['user_admin'], plan: (world) => byId(world) },
  'POST /api/admin/accounts/:id/activation': { as: ['user_admin', 'security_officer'], plan: (world) => byId(world) },
  'GET /api/admin/requests': { as: ['user_admin', 'security_officer'] },
  'POST /api/admin/requests/:id/confirm': { as: ['user_admin', 'security_officer'], plan: (world) => byId(world) },
  'POST /api/admin/requests/:id/reject': { as: ['user_admin', 'security_officer'], plan: (world) => byId(world) },
  'GET /api/admin/teams': { as: ['user_admin'] },
  'POST /api/admin/teams': {
    as: ['user_admin'],
    plan: () =>
      shaped({
        body: fc.record({ name: text('Équipe de nuit'), establishmentId: fc.constant(CLINIC_ID), unitId: fc.constant(UNIT_ID) }, { requiredKeys: ['name'] }),
      }),
  },
  'PATCH /api/admin/teams/:id': {
    as: ['user_admin'],
    plan: (world) => byId(world, fc.record({ name: text('Équipe de jour'), unitId: fc.constant(UNIT_ID) }, { requiredKeys: [] })),
  },
  'POST /api/admin/teams/:id/disable': { as: ['user_admin'], plan: (world) => byId(world) },
  'POST /api/admin/teams/:id/enable': { as: ['user_admin'], plan: (world) => byId(world) },
  'POST /api/admin/teams/:id/members': { as: ['user_admin'], plan: (world) => byId(world, fc.record({ accountId: id(world) })) },
  'DELETE /api/admin/teams/:id/members/:accountId': { as: ['user_admin'], plan: (world) => shaped({ params: { id: id(world), accountId: id(world) } }) },
  'GET /api/admin/review': {
    as: ['user_admin', 'security_officer', 'dpo'],
    plan: (world) => shaped({ query: { establishment: fc.oneof(fc.constant(CLINIC_ID), id(world)) } }),
  },
  'POST /api/account/password': {
    as: STAFF,
    plan: () => shaped({ body: fc.record({ currentPassword: text('fixture password 2026', 'wrong'), newPassword: text('x') }) }),
  },
  // The ledger, for the officers and for patients.
  'GET /fhir/AuditEvent': {
    as: OFFICERS,
    plan: (world) =>
      shaped({
        query: {
          patient: fc.oneof(id(world), fc.constant(`Patient/${world.patientId}`)),
          agent: id(world),
          action: text('read', 'search'),
          date: text('ge2026-01-01', 'eq2026-11-22', 'lt2027-01-01'),
          _count: PAGING._count,
          _cursor: digits(3),
        },
      }),
  },
  'GET /api/patients/:id/access-history': { as: [...OFFICERS, 'patient'], plan: (world) => byId(world) },
  // The security officer's console.
  'GET /api/security/alerts': { as: OFFICERS, plan: () => shaped({ query: { status: text('open', 'all') } }) },
  'GET /api/security/alerts/:id': { as: OFFICERS, plan: (world) => byId(world) },
  'POST /api/security/alerts/:id/acknowledge': { as: OFFICERS, plan: (world) => byId(world, fc.record({ note })) },
  'POST /api/security/accounts/:id/reinstate': { as: OFFICERS, plan: (world) => byId(world, fc.record({ note })) },
  'GET /api/security/addresses': { as: OFFICERS },
  'POST /api/security/addresses/lift': { as: OFFICERS, plan: () => shaped({ body: fc.record({ address: fc.oneof(fc.ipV4(), fc.ipV6()), note }) }) },
  'POST /api/security/attribute': {
    as: OFFICERS,
    contentType: 'text/csv',
    plan: () => shaped({ body: fc.oneof(fc.constant('nom;prénom;naissance\nMARTIN;Zoé;14/02/1992\n'), hostileText) }),
  },
  'GET /api/security/disclosures': { as: OFFICERS, plan: () => shaped({ query: { hours: text('24', '1', '168') } }) },
  'GET /api/security/ledger': { as: OFFICERS },
  'POST /api/security/ledger/verify': { as: OFFICERS },
  'GET /api/security/breaches': { as: OFFICERS },
  'GET /api/security/honey-records': { as: OFFICERS },
  // The patient portal.
  'GET /api/portal/record': { as: ['patient'] },
  'GET /api/portal/accesses': { as: ['patient'] },
  'GET /api/portal/breaches': { as: ['patient'] },
  'POST /api/portal/reports': { as: ['patient'], plan: () => shaped({ body: fc.record({ entry: digits(2), comment: note }, { requiredKeys: ['entry'] }) }) },
  // Governed exports.
  'POST /api/exports': {
    as: ['doctor', 'dpo', 'sysadmin'],
    plan: (world) =>
      shaped({
        body: fc.record(
          {
            purpose: fc.constantFrom(...PURPOSES),
            justification: note,
            scope: fc.oneof(
              fc.constant({ kind: 'establishment' }),
              fc.record({ kind: fc.constant('patients'), ids: fc.array(id(world), { minLength: 1, maxLength: 3 }) }),
            ),
            fields: text('pseudonymised', 'identified'),
            format: text('ndjson', 'csv'),
            passphrase: text('une phrase de passe assez longue'),
          },
          { requiredKeys: ['purpose', 'justification', 'scope'] },
        ),
      }),
  },
  'GET /api/exports': { as: ['doctor', 'dpo', 'dim'] },
  'GET /api/exports/:id': { as: ['doctor', 'dpo', 'dim'], plan: (world) => byId(world) },
  'DELETE /api/exports/:id': { as: ['doctor', 'dpo'], plan: (world) => byId(world) },
  'GET /api/exports/:id/files/:type': {
    as: ['doctor', 'dpo'],
    plan: (world) => shaped({ params: { id: id(world), type: fc.constantFrom('Patient', 'Encounter', 'Observation', '..') } }),
  },
  'POST /api/exports/:id/approve': {
    as: ['dpo', 'dim', 'security_officer'],
    plan: (world) => byId(world, fc.record({ note, passphrase: text('une phrase de passe assez longue') }, { requiredKeys: ['note'] })),
  },
  'POST /api/exports/:id/receipt': {
    as: ['sysadmin', 'dpo'],
    plan: (world) => byId(world, fc.record({ files: fc.array(fc.record({ type: text('Patient'), sha256: fc.stringMatching(/^[0-9a-f]{64}$/) })) })),
  },
  'POST /api/exports/:id/refuse': { as: ['dpo', 'dim', 'security_officer'], plan: (world) => byId(world, fc.record({ note })) },
  // FHIR Bulk Data.
  'GET /fhir/$export': { as: ['doctor', 'dpo'], headers: { prefer: 'respond-async' }, plan: () => shaped({ query: KICK_OFF }) },
  'GET /fhir/Patient/$export': { as: ['doctor', 'dpo'], headers: { prefer: 'respond-async' }, plan: () => shaped({ query: KICK_OFF }) },
  'GET /fhir/Group/:id/$export': {
    as: ['doctor', 'dpo'],
    headers: { prefer: 'respond-async' },
    plan: (world) => shaped({ params: { id: fc.oneof(fc.constant(UNIT_ID), id(world)) }, query: KICK_OFF }),
  },
  'GET /fhir/$export-status/:id': { as: ['doctor', 'dpo'], plan: (world) => byId(world) },
  'DELETE /fhir/$export-status/:id': { as: ['doctor', 'dpo'], plan: (world) => byId(world) },
  // FHIR REST.
  'GET /fhir/metadata': { as: ['nobody'] },
  // Probes.
  'GET /health/live': { as: ['nobody'] },
  'GET /health/ready': { as: ['nobody'] },
  'GET /fhir/Patient': {
    as: CLINICIANS,
    plan: () =>
      shaped({
        query: {
          family: text('mar', 'Ménard', 'lefèvre'),
          given: text('zoé'),
          birthdate: text('1992-02-14', '1992'),
          identifier: text('292021305504274'),
          'address-postalcode': text('13005'),
          phone: text('0612345678'),
          email: text('a@example.org'),
          ...PAGING,
        },
      }),
  },
  'GET /fhir/Patient/:id/$everything': { as: CLINICIANS, plan: (world) => shaped({ params: { id: id(world) }, query: PAGING }) },
  'GET /fhir/:type': {
    as: CLINICIANS,
    plan: (world) =>
      shaped({
        params: { type: fc.constantFrom(...kinds) },
        query: { patient: fc.oneof(id(world), fc.constant(`Patient/${world.patientId}`)), subject: fc.constant(`Patient/${world.patientId}`), ...PAGING },
      }),
  },
  'GET /fhir/:type/:id': {
    as: CLINICIANS,
    plan: (world) => shaped({ params: { type: fc.oneof(fc.constant('Patient'), fc.constantFrom(...kinds)), id: id(world) } }),
  },
  'POST /fhir/:type': {
    as: CLINICIANS,
    plan: (world) => resourceOf(world).chain(({ type, resource }) => shaped({ params: { type: fc.constant(type) }, body: fc.constant(resource) })),
  },
  'PUT /fhir/:type/:id': {
    as: CLINICIANS,
    plan: (world) =>
      resourceOf(world).chain(({ type, resource }) =>
        id(world).chain((target) => shaped({ params: { type: fc.constant(type), id: fc.constant(target) }, body: fc.constant({ ...resource, id: target }) })),
      ),
  },
  // The web application.
  'GET /': { as: ['nobody'] },
  'GET /assets/:file': { as: ['nobody'], plan: () => shaped({ params: { file: text('index.js', 'app-3f2a.css', '.env', 'x.svg') } }) },
};
