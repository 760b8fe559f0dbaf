import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { insertDirectory } from '../src/directory/directory.ts';
import { createAccount } from '../src/identity/accounts.ts';
import { STAFF_ROLES, type Role } from '../src/domain/roles.ts';
import { totpCode } from '../src/identity/totp.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { conditionExample, encounterExample, patientExample } from './support/examples.ts';
import { CLINIC_ID, PASSWORD, PRACTITIONER_ID, seedFixture, signIn, UNIT_ID, type Fixture } from './support/fixture.ts';
import { openTestStore } from './support/test-store.ts';
import { sql } from '../src/store/sql.ts';

/**
 * Need to know, as a matrix (DESIGN invariants 3 and 4): every role × every FHIR
 * interaction × a patient with a current relationship, without one, with one that has
 * expired, and under break-glass. Each cell is allowed or refused as the rules say, every
 * refusal is a 403 OperationOutcome for the role, or the 404 an unknown id gets for the
 * patient (or, for a search, an absent hit), and every
 * disclosure that was allowed carries its reason in the audit.
 */
const OTHER_UNIT_ID = '00000000-0000-4000-8000-000000000013';
const DAY = 86_400_000;

type Scenario = 'related' | 'unrelated' | 'expired' | 'break-glass';
const SCENARIOS: Scenario[] = ['related', 'unrelated', 'expired', 'break-glass'];
type Interaction = 'read' | 'search' | 'read-clinical' | 'search-clinical' | 'everything' | 'update' | 'create-clinical';
const INTERACTIONS: Interaction[] = ['read', 'search', 'read-clinical', 'search-clinical', 'everything', 'update', 'create-clinical'];

/** The rules, restated independently of src/access. */
function expected(role: Role, scenario: Scenario, interaction: Interaction): boolean {
  const hasRelationship = scenario === 'related' || scenario === 'break-glass';
  switch (role) {
    case 'doctor':
      return hasRelationship;
    case 'nurse':
      return hasRelationship && !['update', 'create-clinical'].includes(interaction);
    case 'admissions':
      // The establishment's patients, identity and administrative data only.
      return ['read', 'search', 'everything', 'update'].includes(interaction);
    default:
      // lab: no order for these patients; group roles: no patient data at all.
      return false;
  }
}

let store: Store;
let app: FastifyInstance;
let fixture: Fixture;
const headers = {} as Record<Role, Record<string, string>>;
const patients = {} as Record<Scenario, fhir4.Patient & { id: string }>;
const conditions = {} as Record<Scenario, string>;

const iso = (ms: number) => new Date(ms).toISOString();

async function post(role: Role, url: string, payload: unknown) {
  const response = await app.inject({ method: 'POST', url, headers: headers[role], payload: payload as object });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

/** A stay in a unit: in progress, or ended some days ago. */
function stay(patientId: string, unit: string, endedDaysAgo?: number): fhir4.Encounter {
  const now = Date.now();
  // No attending practitioner: the relationship under test is the unit's.
  const { participant: _attending, ...base } = encounterExample(patientId);
  return {
    ...base,
    status: endedDaysAgo === undefined ? 'in-progress' : 'finished',
    period: endedDaysAgo === undefined ? { start: iso(now - 2 * DAY) } : { start: iso(now - (endedDaysAgo + 5) * DAY), end: iso(now - endedDaysAgo * DAY) },
    serviceProvider: { reference: `Organization/${unit}` },
  };
}

beforeAll(async () => {
  store = await openTestStore();
  fixture = await seedFixture(store);
  await insertDirectory(store.db, {
    organizations: [
      {
        resource: { resourceType: 'Organization', id: OTHER_UNIT_ID, name: 'Pneumologie', partOf: { reference: `Organization/${CLINIC_ID}` } },
        level: 'unit',
        partOf: CLINIC_ID,
        establishmentId: CLINIC_ID,
      },
    ],
    practitioners: [],
    roles: [],
  });
  app = await buildApp({ store });
  for (const role of STAFF_ROLES) headers[role] = await signIn(app, fixture, role);

  // Admissions register the patients and their stays; none names a treating doctor.
  for (const scenario of SCENARIOS) {
    // Same names and NIR (born February 1992), a different day: see the identity lookups.
    const { generalPractitioner: _none, ...identity } = patientExample({ birthDate: `1992-02-0${SCENARIOS.indexOf(scenario) + 1}` });
    patients[scenario] = await post('admissions', '/fhir/Patient', identity);
    const id = patients[scenario].id;
    // Every patient stays in the other unit now, where nobody under test works...
    await post('admissions', '/fhir/Encounter', stay(id, OTHER_UNIT_ID));
    // ...and in the unit of the doctor and nurse under test: now, or 60 days ago (beyond the 30-day tail).
    if (scenario === 'related') await post('admissions', '/fhir/Encounter', stay(id, UNIT_ID));
    if (scenario === 'expired') await post('admissions', '/fhir/Encounter', stay(id, UNIT_ID, 60));
  }
  // A condition per patient, written by the doctor through break-glass — on a patient
  // found by an identity lookup, as break-glass needs — which also opens the break-glass
  // scenario; the nurse breaks the glass for that patient too.
  const lookUp = async (role: Role, patient: fhir4.Patient) =>
    expect((await app.inject({ url: `/fhir/Patient?family=Lefèvre&given=Camille&birthdate=${patient.birthDate}`, headers: headers[role] })).statusCode).toBe(
      200,
    );
  for (const scenario of SCENARIOS) {
    await lookUp('doctor', patients[scenario]);
    const glass = await app.inject({
      method: 'POST',
      url: '/api/break-glass',
      headers: headers.doctor,
      payload: { patient: patients[scenario].id, reason: 'continuity', text: 'Dossier repris pour la mise en place du test' },
    });
    expect(glass.statusCode, glass.body).toBe(201);
    conditions[scenario] = (await post('doctor', '/fhir/Condition', conditionExample(patients[scenario].id))).id;
  }
  await lookUp('nurse', patients['break-glass']);
  await post('nurse', '/api/break-glass', { patient: patients['break-glass'].id, reason: 'on-call', text: 'Appel de nuit, patient transféré sans séjour' });
  // Only the break-glass scenario keeps its window open.
  await store.db.run(
    sql`UPDATE break_glass SET expires_at = opened_at - interval '1 second', opened_at = opened_at - interval '1 hour' WHERE patient_id <> ${patients['break-glass'].id}`,
  );
});

afterAll(async () => {
  await app.close();
  await store.close();
});

async function attempt(role: Role, scenario: Scenario, interaction: Interaction): Promise<boolean> {
  const patient = patients[scenario];
  const as = headers[role];
  const request = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const response = await app.inject({ method, url, headers: as, ...(payload ? { payload } : {}) });
    if (response.statusCode < 300) return true;
    // A role's refusal is a 403; a patient's is the answer an unknown id gets (invariant 10).
    expect([403, 404], `${role} ${scenario} ${interaction}: ${response.body}`).toContain(response.statusCode);
    expect(response.json().resourceType).toBe('OperationOutcome');
    if (response.statusCode === 404) expect(response.json().issue[0].diagnostics).toMatch(/^(Patient|Condition) not found, or not open to you$/);
    return false;
  };
  switch (interaction) {
    case 'read':
      return request('GET', `/fhir/Patient/${patient.id}`);
    case 'search': {
      const response = await app.inject({ url: '/fhir/Patient?_count=100', headers: as });
      if (response.statusCode === 403) return false;
      expect(response.statusCode).toBe(200);
      return (response.json().entry ?? []).some((entry: { resource: { id: string } }) => entry.resource.id === patient.id);
    }
    case 'read-clinical':
      return request('GET', `/fhir/Condition/${conditions[scenario]}`);
    case 'search-clinical':
      return request('GET', `/fhir/Condition?patient=${patient.id}`);
    case 'everything':
      return request('GET', `/fhir/Patient/${patient.id}/$everything`);
    case 'update': {
      const { meta: _meta, ...body } = patient;
      return request('PUT', `/fhir/Patient/${patient.id}`, { ...body, telecom: [{ system: 'phone', value: '+33 6 98 76 54 32' }] });
    }
    case 'create-clinical':
      return request('POST', '/fhir/Condition', conditionExample(patient.id));
  }
}

describe('need to know: role × interaction × relationship', () => {
  for (const role of STAFF_ROLES) {
    it(`${role}`, async () => {
      const got: string[] = [];
      const want: string[] = [];
      for (const scenario of SCENARIOS) {
        for (const interaction of INTERACTIONS) {
          const cell = `${scenario} ${interaction}`;
          got.push(`${cell}: ${(await attempt(role, scenario, interaction)) ? 'allowed' : 'refused'}`);
          want.push(`${cell}: ${expected(role, scenario, interaction) ? 'allowed' : 'refused'}`);
        }
      }
      expect(got).toEqual(want);
    });
  }

  it('records a reason for every allowed disclosure, naming the relationship', async () => {
    const unexplained = await store.db.rows(sql`SELECT seq FROM audit_event WHERE outcome = 'allowed' AND coalesce(reason, '') = ''`);
    expect(unexplained).toEqual([]);
    const doctorReads = await store.db.rows<{ reason: string; patient_id: string }>(
      sql`SELECT reason, patient_id FROM audit_event WHERE actor_role = 'doctor' AND action = 'read' AND resource_type = 'Patient' AND outcome = 'allowed'`,
    );
    const reasonFor = (scenario: Scenario) => doctorReads.find((row) => row.patient_id === patients[scenario].id)?.reason;
    expect(reasonFor('related')).toMatch(/^care relationship: stay .* in the actor's unit$/);
    expect(reasonFor('break-glass')).toMatch(/^break-glass /);
    const refusals = await store.db.rows<{ reason: string }>(
      sql`SELECT reason FROM audit_event WHERE actor_role = 'doctor' AND action = 'read' AND resource_type = 'Patient' AND outcome = 'refused' AND patient_id = ${patients.expired.id}`,
    );
    expect(refusals.map((row) => row.reason)).toEqual([expect.stringContaining('no current care relationship')]);
  });

  it('refuses a doctor placed in no unit and linked to no practitioner, as any doctor without a relationship', async () => {
    const { totpSecret } = await createAccount(store.db, store.keys, {
      username: 'doctor.nowhere',
      role: 'doctor',
      password: PASSWORD,
      establishmentId: CLINIC_ID,
    });
    const remoteAddress = '10.77.0.1';
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'doctor.nowhere', password: PASSWORD }, remoteAddress });
    const totp = await app.inject({
      method: 'POST',
      url: '/api/auth/totp',
      payload: { ticket: login.json().ticket, code: totpCode(totpSecret) },
      remoteAddress,
    });
    const read = await app.inject({ url: `/fhir/Patient/${patients.related.id}`, headers: { authorization: `Bearer ${totp.json().token}` }, remoteAddress });
    expect(read.statusCode, read.body).toBe(404);
    expect(read.json().resourceType).toBe('OperationOutcome');
  });
});

describe('identity lookups', () => {
  it('find a patient outside the relationships only by exact NIR or exact names + birth date, at most 5', async () => {
    const unrelated = patients.unrelated;
    const nir = unrelated.identifier!.find((id) => id.system === 'urn:oid:1.2.250.1.213.1.4.8')!.value!;
    const ids = async (query: string) =>
      ((await app.inject({ url: `/fhir/Patient?${query}`, headers: headers.doctor })).json().entry ?? []).map(
        (e: { resource: { id: string } }) => e.resource.id,
      );
    // All four fixture patients share the example's names and NIR: a lookup finds them all (4 ≤ 5).
    expect(await ids(`identifier=${nir}`)).toContain(unrelated.id);
    expect(await ids(`family=Lefèvre&given=Camille&birthdate=${unrelated.birthDate}`)).toEqual([unrelated.id]);
    // A prefix, or names without the full birth date, stays within the relationships.
    expect(await ids('family=Lef')).not.toContain(unrelated.id);
    expect(await ids('family=Lefèvre&given=Camille&birthdate=1961')).not.toContain(unrelated.id);

    const { generalPractitioner: _none, ...namesake } = patientExample();
    for (let i = 0; i < 4; i++) await post('admissions', '/fhir/Patient', namesake);
    expect(await ids(`identifier=${nir}`)).toHaveLength(5);
    const audited = await store.db.rows<{ reason: string }>(
      sql`SELECT reason FROM audit_event WHERE actor_role = 'doctor' AND action = 'search' AND patient_id = ${unrelated.id} AND reason LIKE 'identity lookup%'`,
    );
    expect(audited.length).toBeGreaterThanOrEqual(2);
  });
});

describe('break-glass', () => {
  const open = (role: Role, payload: object) => app.inject({ method: 'POST', url: '/api/break-glass', headers: headers[role], payload });
  const count = async () => store.db.count(sql`SELECT count(*) FROM break_glass`);
  const valid = () => ({ patient: `Patient/${patients.unrelated.id}`, reason: 'emergency', text: 'Arrêt cardiaque aux urgences' });

  it('is refused to roles that do not treat, and bad requests change nothing', async () => {
    const before = await count();
    for (const role of ['admissions', 'lab', 'dpo', 'dim', 'security_officer', 'user_admin', 'sysadmin'] as const) {
      expect((await open(role, valid())).statusCode, role).toBe(403);
    }
    for (const payload of [{ ...valid(), text: 'court' }, { ...valid(), reason: 'curiosity' }, { ...valid(), patient: 'not-an-id' }, { reason: 'emergency' }]) {
      const response = await open('doctor', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().resourceType).toBe('OperationOutcome');
    }
    expect((await open('doctor', { ...valid(), patient: '00000000-0000-4000-8000-0000000000ff' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/api/break-glass', payload: valid() })).statusCode).toBe(401);
    expect(await count()).toBe(before);
  });

  it('is reviewed by the security officer, once, with the stated text', async () => {
    expect((await app.inject({ url: '/api/security/break-glass', headers: headers.doctor })).statusCode).toBe(403);
    const list = await app.inject({ url: '/api/security/break-glass', headers: headers.security_officer });
    expect(list.statusCode).toBe(200);
    const entry = list.json().entries.find((candidate: { username: string; patientId: string }) => candidate.username === 'nurse.test');
    expect(entry).toMatchObject({ reason: 'on-call', text: 'Appel de nuit, patient transféré sans séjour', review: null });
    const review = (payload: object, role: Role = 'security_officer') =>
      app.inject({ method: 'POST', url: `/api/security/break-glass/${entry.id}/review`, headers: headers[role], payload });
    expect((await review({ outcome: 'unjustified' })).statusCode).toBe(400);
    expect((await review({ outcome: 'justified' }, 'dpo')).statusCode).toBe(403);
    const done = await review({ outcome: 'justified', note: 'Garde confirmée par le planning' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().review).toMatchObject({ outcome: 'justified', reviewedBy: 'security_officer.test' });
    expect((await review({ outcome: 'unjustified', note: 'Finalement non justifié' })).statusCode).toBe(409);
    // The free text is encrypted at rest.
    const raw = await store.db.rows<{ reason_text: Uint8Array }>(sql`SELECT reason_text FROM break_glass WHERE id = ${entry.id}`);
    expect(Buffer.from(raw[0]!.reason_text).toString('latin1')).not.toContain('Appel de nuit');
  });
});

describe('relationships follow the record', () => {
  it('a referral or a care team opens the record to the practitioner, until revoked or closed', async () => {
    const colleague = '00000000-0000-4000-8000-000000000014';
    await insertDirectory(store.db, {
      organizations: [],
      practitioners: [{ resourceType: 'Practitioner', id: colleague, name: [{ family: 'Confrère' }] }],
      roles: [],
    });
    const { totpSecret } = await createAccount(store.db, store.keys, {
      username: 'referred.doctor',
      role: 'doctor',
      password: PASSWORD,
      establishmentId: CLINIC_ID,
      practitionerId: colleague,
      unitId: OTHER_UNIT_ID,
    });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'referred.doctor', password: PASSWORD } });
    const totp = await app.inject({ method: 'POST', url: '/api/auth/totp', payload: { ticket: login.json().ticket, code: totpCode(totpSecret) } });
    const colleagueHeaders = { authorization: `Bearer ${totp.json().token}` };
    const patient = patients.unrelated;
    const read = async () => (await app.inject({ url: `/fhir/Patient/${patient.id}`, headers: colleagueHeaders })).statusCode;
    // The colleague works in the other unit, where every test patient stays: use one outside it.
    const { generalPractitioner: _none, ...identity } = patientExample({ birthDate: '1992-02-20' });
    const outsider = await post('admissions', '/fhir/Patient', identity);
    await post('admissions', '/fhir/Encounter', stay(outsider.id, UNIT_ID));
    const readOutsider = async () => (await app.inject({ url: `/fhir/Patient/${outsider.id}`, headers: colleagueHeaders })).statusCode;
    expect(await read()).toBe(200); // their unit's stay
    expect(await readOutsider()).toBe(404);

    const referral: fhir4.ServiceRequest = {
      resourceType: 'ServiceRequest',
      status: 'active',
      intent: 'order',
      code: { text: 'Avis pneumologique' },
      subject: { reference: `Patient/${outsider.id}` },
      authoredOn: new Date().toISOString(),
      requester: { reference: `Practitioner/${PRACTITIONER_ID}` },
      performer: [{ reference: `Practitioner/${colleague}` }],
    };
    const created = await post('doctor', '/fhir/ServiceRequest', referral);
    expect(await readOutsider()).toBe(200);
    const reasons = await store.db.rows<{ reason: string }>(
      sql`SELECT reason FROM audit_event WHERE patient_id = ${outsider.id} AND actor_id = (SELECT id FROM account WHERE username = 'referred.doctor') AND outcome = 'allowed'`,
    );
    expect(reasons.map((row) => row.reason)).toEqual([`care relationship: referral ${created.id}`]);

    const { meta: _meta, ...body } = created;
    const revoked = await app.inject({
      method: 'PUT',
      url: `/fhir/ServiceRequest/${created.id}`,
      headers: headers.doctor,
      payload: { ...body, status: 'revoked' },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(await readOutsider()).toBe(404);

    // A care team: each member for a bounded period; an open-ended membership is refused.
    const team: fhir4.CareTeam = {
      resourceType: 'CareTeam',
      status: 'active',
      name: 'Suivi BPCO',
      subject: { reference: `Patient/${outsider.id}` },
      participant: [{ member: { reference: `Practitioner/${colleague}` }, period: { start: new Date(Date.now() - DAY).toISOString() } }],
    };
    const open = await app.inject({ method: 'POST', url: '/fhir/CareTeam', headers: headers.doctor, payload: team });
    expect(open.statusCode).toBe(400);
    expect(open.json().issue[0].expression).toEqual(['CareTeam.participant[0].period']);
    expect(await readOutsider()).toBe(404);
    const bounded = await post('doctor', '/fhir/CareTeam', { ...team, period: { end: new Date(Date.now() + 30 * DAY).toISOString() } });
    expect(await readOutsider()).toBe(200);
    const { meta: _teamMeta, ...teamBody } = bounded;
    const closed = await app.inject({
      method: 'PUT',
      url: `/fhir/CareTeam/${bounded.id}`,
      headers: headers.doctor,
      payload: { ...teamBody, status: 'inactive' },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(await readOutsider()).toBe(404);
  });
});
