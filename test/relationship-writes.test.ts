import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { careTeamExample } from '../src/domain/examples.ts';
import { createAccount } from '../src/identity/accounts.ts';
import { totpCode } from '../src/identity/totp.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { conditionExample, encounterExample, patientExample } from './support/examples.ts';
import { addNeighbourClinic, CLINIC_ID, PASSWORD, PRACTITIONER_ID, seedFixture, signIn, UNIT_ID, type Fixture } from './support/fixture.ts';
import { openTestStore } from './support/test-store.ts';
import { sql } from '../src/store/sql.ts';

/**
 * Access made by writes (DESIGN invariant 9, T9): a stay, care team, referral or order
 * written for a patient outside the writer's care is decided by the gate — found by the
 * writer's own lookup, into its own unit and practice only, charged to its budget, its
 * lines holding a burst, a honey record containing — and every relationship ends.
 */
const OTHER_CLINIC = '00000000-0000-4000-8000-0000000000d2';
const OTHER_UNIT = '00000000-0000-4000-8000-0000000000d3';
const COLLEAGUE = '00000000-0000-4000-8000-0000000000d4';
const DAY = 86_400_000;

let store: Store;
let app: FastifyInstance;
let fixture: Fixture;
const as = {} as Record<'doctor' | 'nurse' | 'admissions' | 'away', Record<string, string>>;

type Who = keyof typeof as;
const send = (who: Who, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  app.inject({ method, url, headers: as[who], ...(payload ? { payload } : {}) });
const lookUp = (who: Who, patient: fhir4.Patient) => send(who, 'GET', `/fhir/Patient?family=Lefèvre&given=Camille&birthdate=${patient.birthDate}`);
async function created<T = fhir4.Resource & { id: string }>(who: Who, resource: fhir4.Resource): Promise<T> {
  const response = await send(who, 'POST', `/fhir/${resource.resourceType}`, resource as object);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}
/** A patient of the other clinic, nobody here cares for; born on the given day of February 1992 (the example's NIR). */
async function awayPatient(day: number): Promise<fhir4.Patient & { id: string }> {
  const { generalPractitioner: _none, ...identity } = patientExample({ birthDate: `1992-02-${String(day).padStart(2, '0')}` });
  return created('away', identity);
}
const stayIn = (patientId: string, unit: string): fhir4.Encounter => {
  const { participant: _attending, ...base } = encounterExample(patientId);
  return { ...base, period: { start: new Date().toISOString() }, serviceProvider: { reference: `Organization/${unit}` } };
};
const team = (patientId: string, member: string, days: number): fhir4.CareTeam => {
  // One instant for both ends: two readings of the clock make 90 days a millisecond too long.
  const start = Date.now();
  return {
    ...careTeamExample(patientId, { practitioner: member }),
    period: { start: new Date(start).toISOString(), end: new Date(start + days * DAY).toISOString() },
  };
};
const charged = async (username: string, patientId: string) =>
  (
    await store.db.rows<{ cost: number }>(
      sql`SELECT g.cost FROM guard_event g JOIN account a ON a.id = g.account_id WHERE a.username = ${username} AND g.patient_id = ${patientId} AND g.kind = 'disclosed'`,
    )
  ).map((row) => row.cost);
const linksOf = (patientId: string) =>
  store.db.rows<{ kind: string; ends_at: Date | null }>(
    sql`SELECT kind, ends_at FROM care_link WHERE patient_id = ${patientId} AND establishment_id <> ${OTHER_CLINIC}`,
  );

beforeAll(async () => {
  store = await openTestStore();
  fixture = await seedFixture(store);
  await addNeighbourClinic(store, { clinic: OTHER_CLINIC, unit: OTHER_UNIT, practitioner: COLLEAGUE }, 'Confrère', [
    {
      resource: { resourceType: 'PractitionerRole', id: '00000000-0000-4000-8000-0000000000d5', practitioner: { reference: `Practitioner/${COLLEAGUE}` } },
      practitionerId: COLLEAGUE,
      unitId: UNIT_ID,
      establishmentId: CLINIC_ID,
    },
  ]);
  const desk = await createAccount(store.db, store.keys, {
    username: 'admissions.voisine',
    role: 'admissions',
    password: PASSWORD,
    establishmentId: OTHER_CLINIC,
    unitId: OTHER_UNIT,
  });
  app = await buildApp({ store });
  for (const role of ['doctor', 'nurse', 'admissions'] as const) as[role] = await signIn(app, fixture, role);
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admissions.voisine', password: PASSWORD } });
  const totp = await app.inject({ method: 'POST', url: '/api/auth/totp', payload: { ticket: login.json().ticket, code: totpCode(desk.totpSecret) } });
  as.away = { authorization: `Bearer ${totp.json().token}` };
});

afterAll(async () => {
  await app.close();
  await store.close();
});

describe('admissions writing stays', () => {
  it('admit a patient of another establishment only once found by their own lookup, into their own establishment, charged', async () => {
    const patient = await awayPatient(1);
    // The id alone: answered as an unknown id, nothing written.
    expect((await send('admissions', 'POST', '/fhir/Encounter', stayIn(patient.id, UNIT_ID))).statusCode).toBe(404);
    expect(await linksOf(patient.id)).toEqual([]);
    expect((await lookUp('admissions', patient)).json().entry).toHaveLength(1);
    // Found, but into another establishment's unit: refused, said plainly (the patient is known to the actor now).
    const away = await send('admissions', 'POST', '/fhir/Encounter', stayIn(patient.id, OTHER_UNIT));
    expect(away.statusCode, away.body).toBe(403);
    expect(away.json().issue[0].diagnostics).toMatch(/unit of the actor's establishment/);
    await created('admissions', stayIn(patient.id, UNIT_ID));
    const entry = await store.db.one<{ basis: string }>(
      sql`SELECT detail -> 'basis' ->> 'kind' AS basis FROM audit_event WHERE action = 'create' AND resource_type = 'Encounter' AND patient_id = ${patient.id} AND outcome = 'allowed'`,
    );
    expect(entry?.basis).toBe('relationship-write');
    // The lookup and the stay are one patient outside the desk's care: charged once today.
    expect(await charged('admissions.test', patient.id)).toEqual([1]);
    const links = await linksOf(patient.id);
    expect(links.map((link) => link.kind)).toEqual(['stay']);
    expect(new Date(links[0]!.ends_at!).getTime()).toBeLessThanOrEqual(Date.now() + 90 * DAY + 60_000);
  });
});

describe('a doctor writing care teams', () => {
  it('refuses a ten-year care team at validation, and one for a patient outside its care unless found, for itself only, charged', async () => {
    const patient = await awayPatient(2);
    const decade = await send('doctor', 'POST', '/fhir/CareTeam', team(patient.id, PRACTITIONER_ID, 3650));
    expect(decade.statusCode).toBe(400);
    expect(decade.json().issue[0].diagnostics).toMatch(/at most 90 days/);
    expect((await send('doctor', 'POST', '/fhir/CareTeam', team(patient.id, PRACTITIONER_ID, 90))).statusCode).toBe(404);
    expect((await send('doctor', 'GET', `/fhir/Patient/${patient.id}/$everything`)).statusCode).toBe(404);
    await lookUp('doctor', patient);
    const forColleague = await send('doctor', 'POST', '/fhir/CareTeam', team(patient.id, COLLEAGUE, 90));
    expect(forColleague.statusCode).toBe(403);
    expect(forColleague.json().issue[0].diagnostics).toMatch(/names only itself/);
    const referral = await send('doctor', 'POST', '/fhir/ServiceRequest', {
      resourceType: 'ServiceRequest',
      status: 'active',
      intent: 'order',
      code: { text: 'Avis' },
      subject: { reference: `Patient/${patient.id}` },
      authoredOn: new Date().toISOString(),
      performer: [{ reference: `Practitioner/${COLLEAGUE}` }],
    });
    expect(referral.statusCode).toBe(403);
    expect(await linksOf(patient.id)).toEqual([]);
    await created('doctor', team(patient.id, PRACTITIONER_ID, 90));
    expect(await charged('doctor.test', patient.id)).toEqual([1]);
    const chart = await send('doctor', 'GET', `/fhir/Patient/${patient.id}/$everything`);
    expect(chart.statusCode).toBe(200);
  });

  it('within its care, refers to a colleague for free', async () => {
    const { generalPractitioner: _none, ...identity } = patientExample({ birthDate: '1992-02-03' });
    const patient = await created<fhir4.Patient & { id: string }>('admissions', identity);
    await created('admissions', stayIn(patient.id, UNIT_ID)); // in the doctor's unit: in its care
    await created('doctor', {
      resourceType: 'ServiceRequest',
      status: 'active',
      intent: 'order',
      code: { text: 'Avis pneumologique' },
      subject: { reference: `Patient/${patient.id}` },
      authoredOn: new Date().toISOString(),
      performer: [{ reference: `Practitioner/${COLLEAGUE}` }],
    } as fhir4.ServiceRequest);
    expect(await charged('doctor.test', patient.id)).toEqual([]);
  });

  it("meets the budget's lines in a burst: past ten patients in an hour, a passkey step-up", async () => {
    await store.db.run(sql`DELETE FROM guard_event WHERE account_id = (SELECT id FROM account WHERE username = 'doctor.test')`);
    const answers: string[] = [];
    for (let day = 10; day < 22; day++) {
      // Patients the doctor registers itself: found, and registering discloses nothing.
      const { generalPractitioner: _none, ...identity } = patientExample({ birthDate: `1992-02-${day}` });
      const patient = await created<fhir4.Patient & { id: string }>('doctor', identity);
      const response = await send('doctor', 'POST', '/fhir/CareTeam', team(patient.id, PRACTITIONER_ID, 30));
      answers.push(`${response.statusCode} ${response.statusCode === 201 ? '' : response.json().issue[0].code}`.trim());
    }
    expect(answers).toEqual([...Array(10).fill('201'), '403 security', '403 security']);
  });
});

describe('a nurse', () => {
  it('writes a stay in its own unit only, even for a patient in its care', async () => {
    const { generalPractitioner: _none, ...identity } = patientExample({ birthDate: '1992-02-04' });
    const patient = await created<fhir4.Patient & { id: string }>('admissions', identity);
    await created('admissions', stayIn(patient.id, UNIT_ID));
    const elsewhere = await send('nurse', 'POST', '/fhir/Encounter', stayIn(patient.id, OTHER_UNIT));
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json().issue[0].diagnostics).toMatch(/unit of the actor's establishment/);
    await created('nurse', stayIn(patient.id, UNIT_ID));
  });

  it('is contained by a write about a honey record, found or not', async () => {
    const honey = await awayPatient(5);
    await store.db.run(sql`INSERT INTO honey_record (patient_id, establishment_id) VALUES (${honey.id}, ${OTHER_CLINIC})`);
    const response = await send('nurse', 'POST', '/fhir/Encounter', stayIn(honey.id, UNIT_ID));
    expect(response.statusCode).toBe(403);
    expect(response.json().issue[0].code).toBe('suspended');
    const account = await store.db.one<{ status: string }>(sql`SELECT status FROM account WHERE username = 'nurse.test'`);
    expect(account?.status).toBe('contained');
    expect(await linksOf(honey.id)).toEqual([]);
  });
});

describe('a treating doctor named by a desk', () => {
  it('reads the identity, not the stays and cover that do not name them', async () => {
    // The other clinic's desk registers a patient whose treating doctor is the doctor under test, admits them there, records the cover.
    const { generalPractitioner, ...identity } = patientExample({ birthDate: '1992-02-07' });
    const patient = await created<fhir4.Patient & { id: string }>('away', { ...identity, generalPractitioner } as fhir4.Patient);
    const stay = await created('away', stayIn(patient.id, OTHER_UNIT));
    expect((await send('doctor', 'GET', `/fhir/Patient/${patient.id}`)).statusCode).toBe(200);
    const chart = await send('doctor', 'GET', `/fhir/Patient/${patient.id}/$everything`);
    expect(chart.json().entry.map((entry: { resource: fhir4.Resource }) => entry.resource.resourceType)).toEqual(['Patient']);
    expect((await send('doctor', 'GET', `/fhir/Encounter?patient=${patient.id}`)).json().entry).toEqual([]);
    expect((await send('doctor', 'GET', `/fhir/Encounter/${stay.id}`)).statusCode).toBe(404);
  });
});

describe("a condition about a patient outside the writer's care", () => {
  it('is answered as one about an unknown patient', async () => {
    const patient = await awayPatient(6);
    const response = await send('doctor', 'POST', '/fhir/Condition', conditionExample(patient.id));
    expect(response.statusCode).toBe(404);
    expect(response.json().issue[0].diagnostics).toBe('Patient not found, or not open to you');
  });
});
