import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import type { Role } from '../src/domain/roles.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { patientExample } from './support/examples.ts';
import { seedFixture, signIn, type Fixture } from './support/fixture.ts';
import { openTestStore } from './support/test-store.ts';

/** The ledger read as FHIR AuditEvent: by the DPO and the security officer only, and itself audited. */
let store: Store;
let app: FastifyInstance;
let fixture: Fixture;
let patientId: string;
const headers = {} as Record<Role, Record<string, string>>;

beforeAll(async () => {
  store = await openTestStore();
  fixture = await seedFixture(store);
  app = await buildApp({ store });
  for (const role of ['doctor', 'dpo', 'security_officer', 'sysadmin', 'admissions'] as const) headers[role] = await signIn(app, fixture, role);
  const created = await app.inject({ method: 'POST', url: '/fhir/Patient', headers: headers.doctor, payload: patientExample() });
  patientId = created.json().id;
  expect((await app.inject({ url: `/fhir/Patient/${patientId}`, headers: headers.doctor })).statusCode).toBe(200);
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const search = (role: Role, query: string) => app.inject({ url: `/fhir/AuditEvent?${query}`, headers: headers[role] });

describe('GET /fhir/AuditEvent', () => {
  it("gives the DPO a patient's accesses: who, in which role, why, how it ended", async () => {
    const response = await search('dpo', `patient=${patientId}`);
    expect(response.statusCode, response.body).toBe(200);
    const events = (response.json() as fhir4.Bundle).entry!.map((entry) => entry.resource as fhir4.AuditEvent);
    const read = events.find((event) => event.subtype?.[0]?.code === 'read')!;
    expect(read).toMatchObject({
      resourceType: 'AuditEvent',
      action: 'R',
      outcome: '0',
      agent: [{ role: [{ text: 'doctor' }], who: { display: 'doctor.test' }, requestor: true }],
      entity: [{ what: { reference: `Patient/${patientId}` } }],
      purposeOfEvent: [{ text: 'treating-doctor' }],
    });
    expect(read.outcomeDesc).toBe('care relationship: treating doctor');
    expect(events.map((event) => event.subtype?.[0]?.code)).toContain('create');
  });

  it('filters by action and day, pages newest first, and records the reading', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const first = await search('security_officer', `action=login&date=eq${today}&_count=2`);
    expect(first.statusCode, first.body).toBe(200);
    const bundle = first.json() as fhir4.Bundle;
    expect(bundle.entry).toHaveLength(2);
    const [a, b] = bundle.entry!.map((entry) => Number(entry.resource!.id));
    expect(a).toBeGreaterThan(b!);
    const next = new URL(bundle.link!.find((link) => link.relation === 'next')!.url);
    const second = (await app.inject({ url: next.pathname + next.search, headers: headers.security_officer })).json() as fhir4.Bundle;
    expect(Number(second.entry![0]!.resource!.id)).toBeLessThan(b!);
    expect((await search('security_officer', 'date=lt2000-01-01')).json().entry ?? []).toEqual([]);
    const reads = await store.db.query("SELECT 1 FROM audit_event WHERE action = 'audit-read' AND outcome = 'allowed' AND actor_role = 'security_officer'");
    expect(reads.length).toBeGreaterThanOrEqual(3);
  });

  it('is refused to every other role, and the refusal is recorded', async () => {
    for (const role of ['doctor', 'sysadmin', 'admissions'] as const) {
      const response = await search(role, `patient=${patientId}`);
      expect(response.statusCode, role).toBe(403);
      expect(response.json().resourceType).toBe('OperationOutcome');
    }
    const refused = await store.db.query("SELECT actor_role FROM audit_event WHERE action = 'audit-read' AND outcome = 'refused'");
    expect(refused).toHaveLength(3);
    expect((await app.inject({ url: '/fhir/AuditEvent' })).statusCode).toBe(401);
  });

  it('answers bad parameters with a 400 OperationOutcome', async () => {
    for (const query of ['foo=1', 'patient=abc', 'date=2026-13-45', 'date=gt2026-01-01', '_cursor=x', '_count=0', 'action=DROP%20TABLE']) {
      const response = await search('dpo', query);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().resourceType).toBe('OperationOutcome');
    }
  });
});

describe("the patient's access history", () => {
  it('names who opened the record, in which role, establishment and unit, and why', async () => {
    const response = await app.inject({ url: `/api/patients/${patientId}/access-history`, headers: headers.dpo });
    expect(response.statusCode, response.body).toBe(200);
    const { accesses } = response.json() as { accesses: Array<Record<string, unknown>> };
    expect(accesses).toContainEqual(
      expect.objectContaining({
        action: 'read',
        professional: 'Docteur Test',
        role: 'doctor',
        establishment: 'Clinique Test',
        unit: 'Cardiologie',
        why: 'care relationship: treating doctor',
        breakGlass: false,
      }),
    );
  });

  it('is refused to others, and a bad id is a 400', async () => {
    expect((await app.inject({ url: `/api/patients/${patientId}/access-history`, headers: headers.doctor })).statusCode).toBe(403);
    expect((await app.inject({ url: `/api/patients/${patientId}/access-history`, headers: headers.security_officer })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/patients/nope/access-history', headers: headers.dpo })).statusCode).toBe(400);
  });
});
