import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { careTeamExample, coverageExample, serviceRequestExample } from '../src/domain/examples.ts';
import { createAccount } from '../src/identity/accounts.ts';
import { totpCode } from '../src/identity/totp.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { conditionExample, encounterExample, patientExample } from './support/examples.ts';
import { addNeighbourClinic, PASSWORD, PRACTITIONER_ID, seedFixture, signIn, type Fixture } from './support/fixture.ts';
import { openTestStore, ownerQuery } from './support/test-store.ts';
import { sql } from '../src/store/sql.ts';

/**
 * No oracles (DESIGN invariant 10), route by route: an id that does not exist and the id
 * of a patient (or of a resource about one) the actor may not see get the same answer,
 * byte for byte — status, body, headers — and both are counted by the guard as probing.
 * The hidden patient is real: it has a stay, a condition, a name the doctor could type.
 */
const OTHER_CLINIC = '00000000-0000-4000-8000-0000000000c2';
const OTHER_UNIT = '00000000-0000-4000-8000-0000000000c3';
const OTHER_PRACTITIONER = '00000000-0000-4000-8000-0000000000c4';
const UNKNOWN = '00000000-0000-4000-8000-00000000dead';
const UNKNOWN_CONDITION = '00000000-0000-4000-8000-00000000beef';

let store: Store;
let app: FastifyInstance;
let fixture: Fixture;
const headers = {} as Record<'doctor' | 'admissions', Record<string, string>>;
let hidden: { patient: fhir4.Patient & { id: string }; condition: fhir4.Condition & { id: string } };

async function signInAccount(username: string, totpSecret: string): Promise<Record<string, string>> {
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
  const totp = await app.inject({ method: 'POST', url: '/api/auth/totp', payload: { ticket: login.json().ticket, code: totpCode(totpSecret) } });
  return { authorization: `Bearer ${totp.json().token}` };
}

async function created<T>(headers: Record<string, string>, resource: fhir4.Resource): Promise<T> {
  const response = await app.inject({ method: 'POST', url: `/fhir/${resource.resourceType}`, headers, payload: resource as object });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

beforeAll(async () => {
  store = await openTestStore();
  fixture = await seedFixture(store);
  // Another clinic of the group, its own unit, doctor and admissions desk: where the hidden patient is cared for.
  await addNeighbourClinic(store, { clinic: OTHER_CLINIC, unit: OTHER_UNIT, practitioner: OTHER_PRACTITIONER }, 'Voisin');
  const placed = { password: PASSWORD, establishmentId: OTHER_CLINIC, unitId: OTHER_UNIT };
  const desk = await createAccount(store.db, store.keys, { ...placed, username: 'admissions.voisine', role: 'admissions' });
  const colleague = await createAccount(store.db, store.keys, { ...placed, username: 'doctor.voisine', role: 'doctor', practitionerId: OTHER_PRACTITIONER });
  app = await buildApp({ store });
  headers.doctor = await signIn(app, fixture, 'doctor');
  headers.admissions = await signIn(app, fixture, 'admissions');
  const otherDesk = await signInAccount('admissions.voisine', desk.totpSecret);
  const otherDoctor = await signInAccount('doctor.voisine', colleague.totpSecret);
  const { generalPractitioner: _none, ...identity } = patientExample({ birthDate: '1992-02-21' });
  const patient = await created<fhir4.Patient & { id: string }>(otherDesk, identity);
  const { participant: _attending, ...stay } = encounterExample(patient.id);
  const current: fhir4.Encounter = { ...stay, period: { start: new Date().toISOString() }, serviceProvider: { reference: `Organization/${OTHER_UNIT}` } };
  await created(otherDesk, current);
  hidden = { patient, condition: await created(otherDoctor, conditionExample(patient.id)) };
});

afterAll(async () => {
  await app.close();
  await store.close();
});

interface Route {
  name: string;
  as: 'doctor' | 'admissions';
  request: (patientId: string, resourceId: string) => { method: 'GET' | 'POST' | 'PUT'; url: string; payload?: object };
}

const subjectTypes = {
  Encounter: (id: string) => encounterExample(id),
  Condition: (id: string) => conditionExample(id),
  ServiceRequest: (id: string) => serviceRequestExample(id, { practitioner: PRACTITIONER_ID }),
  CareTeam: (id: string) => careTeamExample(id, { practitioner: PRACTITIONER_ID }),
};

const ROUTES: Route[] = [
  { name: 'read a patient', as: 'doctor', request: (p) => ({ method: 'GET', url: `/fhir/Patient/${p}` }) },
  { name: 'read a patient (admissions, another establishment)', as: 'admissions', request: (p) => ({ method: 'GET', url: `/fhir/Patient/${p}` }) },
  { name: 'read a condition', as: 'doctor', request: (_p, r) => ({ method: 'GET', url: `/fhir/Condition/${r}` }) },
  { name: '$everything', as: 'doctor', request: (p) => ({ method: 'GET', url: `/fhir/Patient/${p}/$everything` }) },
  ...['Encounter', 'Condition', 'AllergyIntolerance', 'MedicationRequest', 'Observation', 'Coverage', 'ServiceRequest', 'DocumentReference', 'CareTeam'].map(
    (type): Route => ({ name: `search ${type} by patient`, as: 'doctor', request: (p) => ({ method: 'GET', url: `/fhir/${type}?patient=${p}` }) }),
  ),
  { name: 'search Encounter by patient (admissions)', as: 'admissions', request: (p) => ({ method: 'GET', url: `/fhir/Encounter?patient=Patient/${p}` }) },
  {
    name: 'update a patient',
    as: 'doctor',
    request: (p) => ({ method: 'PUT', url: `/fhir/Patient/${p}`, payload: { ...patientExample({ birthDate: '1992-02-21' }), id: p } }),
  },
  {
    name: 'update a condition',
    as: 'doctor',
    request: (p, r) => ({ method: 'PUT', url: `/fhir/Condition/${r}`, payload: { ...conditionExample(p), id: r } }),
  },
  ...Object.entries(subjectTypes).map(([type, example]): Route => ({
    name: `write a ${type} naming the patient`,
    as: 'doctor',
    request: (p) => ({ method: 'POST', url: `/fhir/${type}`, payload: example(p) }),
  })),
  {
    name: 'admit (a stay) naming the patient',
    as: 'admissions',
    request: (p) => ({ method: 'POST', url: '/fhir/Encounter', payload: { ...encounterExample(p), period: { start: new Date().toISOString() } } }),
  },
  { name: 'write a Coverage naming the patient', as: 'admissions', request: (p) => ({ method: 'POST', url: '/fhir/Coverage', payload: coverageExample(p) }) },
  {
    name: 'break the glass',
    as: 'doctor',
    request: (p) => ({
      method: 'POST',
      url: '/api/break-glass',
      payload: { patient: `Patient/${p}`, reason: 'emergency', text: 'Patient inconscient aux urgences' },
    }),
  },
  // Not a role that answers access-history requests: refused for the role, whatever the id (the DPO, group-wide, answers every id).
  { name: "a patient's access history", as: 'doctor', request: (p) => ({ method: 'GET', url: `/api/patients/${p}/access-history` }) },
  {
    name: 'export a list of patients',
    as: 'doctor',
    request: (p) => ({
      method: 'POST',
      url: '/api/exports',
      payload: { purpose: 'care-continuity', justification: 'transfert vers le CHU', scope: { kind: 'patients', ids: [p] } },
    }),
  },
];

/** What may differ between two answers without telling anything: the clock, and the rate limiter's own count. */
const VARYING = new Set(['date', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after']);
const answer = (response: { statusCode: number; headers: Record<string, unknown>; body: string }) => ({
  status: response.statusCode,
  body: response.body,
  headers: Object.fromEntries(Object.entries(response.headers).filter(([name]) => !VARYING.has(name))),
});

const probes = async (role: Route['as']) => {
  const row = await store.db.one<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM guard_event g JOIN account a ON a.id = g.account_id WHERE a.username = ${`${role}.test`} AND g.kind IN ('refused', 'missing')`,
  );
  return row!.n;
};

describe('an unknown id and a hidden one get the same answer', () => {
  it.each(ROUTES.map((route) => [route.name, route] as const))('%s', async (_name, route) => {
    // Each route starts with no probe counted, so that the probing line (30 an hour) is not what answers.
    await store.db.run(sql`DELETE FROM guard_event WHERE kind IN ('refused', 'missing')`);
    const send = (patientId: string, resourceId: string) => app.inject({ ...route.request(patientId, resourceId), headers: headers[route.as] });
    const unknown = answer(await send(UNKNOWN, UNKNOWN_CONDITION));
    const seen = await probes(route.as);
    const refused = answer(await send(hidden.patient.id, hidden.condition.id));
    expect(refused).toEqual(unknown);
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(refused.body).not.toContain(hidden.patient.id);
    expect(refused.body).not.toContain(hidden.condition.id);
    // An access-history refusal is decided by the role, before any patient is looked at: nothing to probe.
    if (route.name !== "a patient's access history") {
      expect(seen, 'the unknown id is a probe').toBe(1);
      expect(await probes(route.as), 'the hidden id is a probe').toBe(2);
    }
  });

  it('changes nothing: no stay, care team, order or break-glass was written for the hidden patient', async () => {
    const links = await store.db.one<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM care_link WHERE patient_id = ${hidden.patient.id} AND establishment_id <> ${OTHER_CLINIC}`,
    );
    const glass = await store.db.one<{ n: number }>(sql`SELECT count(*)::int AS n FROM break_glass WHERE patient_id = ${hidden.patient.id}`);
    const [rows] = await ownerQuery<{ n: number }>(store.db, 'SELECT count(*)::int AS n FROM clinical_resource WHERE patient_id = $1', [hidden.patient.id]);
    expect({ links: links!.n, glass: glass!.n, rows: rows!.n }).toEqual({ links: 0, glass: 0, rows: 2 });
  });

  it('the patient is real: the same doctor reads it once found by an identity lookup and the glass broken', async () => {
    const lookup = await app.inject({ url: '/fhir/Patient?family=Lefèvre&given=Camille&birthdate=1992-02-21', headers: headers.doctor });
    expect(lookup.json().entry.map((entry: { resource: { id: string } }) => entry.resource.id)).toEqual([hidden.patient.id]);
    const glass = await app.inject({
      method: 'POST',
      url: '/api/break-glass',
      headers: headers.doctor,
      payload: { patient: hidden.patient.id, reason: 'emergency', text: 'Patient inconscient aux urgences' },
    });
    expect(glass.statusCode, glass.body).toBe(201);
    expect((await app.inject({ url: `/fhir/Condition/${hidden.condition.id}`, headers: headers.doctor })).statusCode).toBe(200);
  });
});
