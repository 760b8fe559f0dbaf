import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { EXAMPLE_FINESS } from '../src/domain/examples.ts';
import { ippSystem } from '../src/domain/systems.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { seedFixture, signIn, type Fixture } from './support/fixture.ts';
import { conditionExample, encounterExample, patientExample } from './support/examples.ts';
import { openTestStore, ownerQuery } from './support/test-store.ts';
import { sql } from '../src/store/sql.ts';

let store: Store;
let app: FastifyInstance;
let fixture: Fixture;
let doctor: Record<string, string>;

beforeAll(async () => {
  store = await openTestStore();
  fixture = await seedFixture(store);
  app = await buildApp({ store });
  doctor = await signIn(app, fixture, 'doctor');
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const count = async (table: string) => Number((await ownerQuery<{ n: bigint }>(store.db, `SELECT count(*) AS n FROM ${table}`))[0]!.n);
const auditFor = (patientId: string, action: string) =>
  store.db.rows<{ outcome: string; actor_role: string; reason: string }>(
    sql`SELECT outcome, actor_role, reason FROM audit_event WHERE patient_id = ${patientId} AND action = ${action}`,
  );

async function createPatient(overrides: Partial<fhir4.Patient> = {}): Promise<fhir4.Patient> {
  const response = await app.inject({ method: 'POST', url: '/fhir/Patient', headers: doctor, payload: patientExample(overrides) });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

function expectOutcome(response: { statusCode: number; json(): any }, status: number, code?: string) {
  expect(response.statusCode).toBe(status);
  const outcome = response.json();
  expect(outcome.resourceType).toBe('OperationOutcome');
  expect(outcome.issue.length).toBeGreaterThan(0);
  if (code) expect(outcome.issue.map((issue: { code: string }) => issue.code)).toContain(code);
  return outcome;
}

describe('metadata', () => {
  it('answers without a token', async () => {
    const response = await app.inject({ url: '/fhir/metadata' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' });
  });
});

describe('a doctor reads and searches patients through the gate', () => {
  it('creates, reads back every field, with version and audit', async () => {
    const created = await createPatient();
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    const read = await app.inject({ url: `/fhir/Patient/${created.id}`, headers: doctor });
    expect(read.statusCode).toBe(200);
    expect(read.headers['content-type']).toContain('application/fhir+json');
    expect(read.headers.etag).toBe('W/"1"');
    const patient = read.json();
    const expected = patientExample();
    for (const field of ['name', 'gender', 'birthDate', 'identifier', 'address', 'telecom', 'generalPractitioner'] as const) {
      expect(patient[field]).toEqual(expected[field]);
    }
    const entries = await auditFor(created.id!, 'read');
    expect(entries).toEqual([{ outcome: 'allowed', actor_role: 'doctor', reason: expect.stringContaining('doctor') }]);
  });

  it('finds by the first three letters of a name, any case or accent, and audits each hit', async () => {
    const created = await createPatient({ name: [{ use: 'official', family: 'Ménard', given: ['Zoé'] }] });
    for (const query of ['family=men', 'family=MÉNARD', 'given=zoe&family=Men']) {
      const response = await app.inject({ url: `/fhir/Patient?${query}`, headers: doctor });
      expect(response.statusCode, query).toBe(200);
      const bundle = response.json();
      expect(bundle.resourceType).toBe('Bundle');
      expect(bundle.entry.map((entry: { resource: { id: string } }) => entry.resource.id)).toContain(created.id);
    }
    expect((await auditFor(created.id!, 'search')).length).toBe(3);
    const miss = await app.inject({ url: '/fhir/Patient?family=menz', headers: doctor });
    expect(miss.json().entry).toEqual([]);
  });

  it('finds by NIR, birth date, postal code, phone and email', async () => {
    const created = await createPatient({
      name: [{ use: 'official', family: 'Rossi', given: ['Lina'] }],
      identifier: [
        { system: 'urn:oid:1.2.250.1.213.1.4.8', value: '2 92 02 13 055 042 74' },
        { system: ippSystem(EXAMPLE_FINESS), value: 'IPP-000123' },
      ],
    });
    const ipp = `identifier=${encodeURIComponent(ippSystem(EXAMPLE_FINESS))}|IPP-000123`;
    for (const query of [
      ipp,
      'identifier=292021305504274',
      'identifier=urn:oid:1.2.250.1.213.1.4.8|292021305504274',
      'birthdate=1992-02-14',
      'birthdate=1992',
      'address-postalcode=13005',
      'phone=0612345678',
      'email=Camille.Lefevre@example.org',
    ]) {
      const response = await app.inject({ url: `/fhir/Patient?family=rossi&${query}`, headers: doctor });
      expect(response.statusCode, query).toBe(200);
      expect(
        response.json().entry.map((entry: { resource: { id: string } }) => entry.resource.id),
        query,
      ).toEqual([created.id]);
    }
  });

  it('pages with keyset cursors: every patient once, in order', async () => {
    for (let i = 0; i < 7; i++) await createPatient({ name: [{ use: 'official', family: 'Pagination', given: [`N${i}`] }] });
    const seen: string[] = [];
    let url: string | undefined = '/fhir/Patient?family=pagination&_count=3';
    let pages = 0;
    while (url) {
      const response: { statusCode: number; json(): any } = await app.inject({ url, headers: doctor });
      expect(response.statusCode).toBe(200);
      const bundle: any = response.json();
      seen.push(...bundle.entry.map((entry: { resource: { id: string } }) => entry.resource.id));
      const next: { url: string } | undefined = bundle.link.find((link: { relation: string }) => link.relation === 'next');
      url = next ? new URL(next.url).pathname + new URL(next.url).search : undefined;
      pages++;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect([...seen].sort()).toEqual(seen);
    expect(pages).toBe(3);
  });

  it('serves clinical resources per patient and $everything', async () => {
    const patient = await createPatient();
    for (const resource of [conditionExample(patient.id!), encounterExample(patient.id!)]) {
      const response = await app.inject({ method: 'POST', url: `/fhir/${resource.resourceType}`, headers: doctor, payload: resource });
      expect(response.statusCode, response.body).toBe(201);
    }
    const conditions = await app.inject({ url: `/fhir/Condition?patient=Patient/${patient.id}`, headers: doctor });
    expect(conditions.json().entry.map((entry: { resource: fhir4.Condition }) => entry.resource.code?.coding?.[0]?.code)).toEqual(['I10']);
    const everything = await app.inject({ url: `/fhir/Patient/${patient.id}/$everything`, headers: doctor });
    const types = everything
      .json()
      .entry.map((entry: { resource: fhir4.Resource }) => entry.resource.resourceType)
      .sort();
    expect(types).toEqual(['Condition', 'Encounter', 'Patient']);
    expect((await auditFor(patient.id!, 'everything')).length).toBe(1);
    const links = await store.db.rows(sql`SELECT kind FROM care_link WHERE patient_id = ${patient.id} ORDER BY kind`);
    expect(links).toEqual([{ kind: 'stay' }, { kind: 'treating-doctor' }]);
  });

  it('updates with optimistic locking', async () => {
    const patient = await createPatient();
    const update = (version: string) =>
      app.inject({
        method: 'PUT',
        url: `/fhir/Patient/${patient.id}`,
        headers: { ...doctor, 'if-match': `W/"${version}"` },
        payload: { ...patient, gender: 'female', birthDate: '1992-02-14' },
      });
    expect((await update('1')).statusCode).toBe(200);
    expectOutcome(await update('1'), 409, 'conflict');
  });
});

describe('refusals', () => {
  it('401 without a token, with an invented one, and after sign-out', async () => {
    expectOutcome(await app.inject({ url: '/fhir/Patient?family=men' }), 401, 'login');
    expectOutcome(await app.inject({ url: '/fhir/Patient?family=men', headers: { authorization: 'Bearer invented' } }), 401);
    const nurse = await signIn(app, fixture, 'nurse');
    expect((await app.inject({ url: '/fhir/Patient?family=men', headers: nurse })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: nurse })).statusCode).toBe(204);
    expectOutcome(await app.inject({ url: '/fhir/Patient?family=men', headers: nurse }), 401);
  });

  it('one uniform 401 for a wrong password and an unknown user', async () => {
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'doctor.test', password: 'not the password' } });
    const unknown = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody.test', password: 'not the password' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toBe(unknown.body);
  });

  for (const role of ['sysadmin', 'user_admin', 'dpo', 'security_officer'] as const) {
    it(`403 for ${role}: no patient data, and the refusal is audited`, async () => {
      const patient = await createPatient();
      const headers = await signIn(app, fixture, role);
      const before = await count('audit_event');
      expectOutcome(await app.inject({ url: `/fhir/Patient/${patient.id}`, headers }), 403, 'forbidden');
      expectOutcome(await app.inject({ url: '/fhir/Patient?family=lef', headers }), 403, 'forbidden');
      expectOutcome(await app.inject({ url: `/fhir/Patient/${patient.id}/$everything`, headers }), 403, 'forbidden');
      expectOutcome(await app.inject({ url: `/fhir/Condition?patient=${patient.id}`, headers }), 403, 'forbidden');
      const refusals = await store.db.rows(sql`SELECT 1 FROM audit_event WHERE outcome = 'refused' AND actor_role = ${role}`);
      expect(refusals.length).toBe(4);
      expect(await count('audit_event')).toBe(before + 4);
    });
  }

  it('admissions reads identity but no clinical content', async () => {
    const patient = await createPatient();
    const headers = await signIn(app, fixture, 'admissions');
    expect((await app.inject({ url: `/fhir/Patient/${patient.id}`, headers })).statusCode).toBe(200);
    expectOutcome(await app.inject({ url: `/fhir/Condition?patient=${patient.id}`, headers }), 403, 'forbidden');
    expectOutcome(await app.inject({ method: 'POST', url: '/fhir/Condition', headers, payload: conditionExample(patient.id!) }), 403, 'forbidden');
  });

  it('bad input gets a 4xx OperationOutcome and changes nothing', async () => {
    const before = { patients: await count('patient'), clinical: await count('clinical_resource') };
    const post = (payload: string | object, contentType = 'application/fhir+json') =>
      app.inject({
        method: 'POST',
        url: '/fhir/Patient',
        headers: { ...doctor, 'content-type': contentType },
        payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      });
    expectOutcome(await post('{"resourceType": "Patient", '), 400);
    expectOutcome(await post('[]'), 400);
    const badKey = expectOutcome(
      await post(patientExample({ identifier: [{ system: 'urn:oid:1.2.250.1.213.1.4.8', value: '292021305504275' }] })),
      400,
      'value',
    );
    expect(JSON.stringify(badKey)).toContain('identifier');
    expectOutcome(await post(patientExample({ birthDate: '1992-02-30' })), 400);
    expectOutcome(await post({ ...patientExample(), hobby: 'golf' }), 400, 'structure');
    expectOutcome(await post({ ...patientExample(), resourceType: 'Condition' }), 400);
    expectOutcome(await post('x', 'text/plain'), 415);
    // A subject that does not exist is answered as one the doctor may not see (test/no-oracles.test.ts).
    expectOutcome(
      await app.inject({ method: 'POST', url: '/fhir/Condition', headers: doctor, payload: conditionExample('00000000-0000-4000-8000-00000000dead') }),
      404,
      'not-found',
    );
    expectOutcome(await app.inject({ url: '/fhir/Patient?colour=blue', headers: doctor }), 400, 'invalid');
    expectOutcome(await app.inject({ url: '/fhir/Patient?family=a&family=b', headers: doctor }), 400);
    expectOutcome(await app.inject({ url: '/fhir/Patient?birthdate=gt2000', headers: doctor }), 400);
    expectOutcome(await app.inject({ url: '/fhir/Patient?_count=-1', headers: doctor }), 400);
    expectOutcome(await app.inject({ url: '/fhir/Patient?_cursor=abc', headers: doctor }), 400);
    expectOutcome(await app.inject({ url: '/fhir/Spaceship?patient=1', headers: doctor }), 404, 'not-supported');
    expectOutcome(await app.inject({ url: '/fhir/Spaceship/1', headers: doctor }), 404, 'not-supported');
    expectOutcome(await app.inject({ url: '/fhir/Patient/not-a-real-id', headers: doctor }), 404, 'not-found');
    expectOutcome(await app.inject({ url: '/fhir/Condition', headers: doctor }), 400);
    expect({ patients: await count('patient'), clinical: await count('clinical_resource') }).toEqual(before);
  });
});
