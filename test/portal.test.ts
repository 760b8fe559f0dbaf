import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoAccount } from '../src/seed/demo-accounts.ts';
import { openBreachCase } from '../src/breach/cases.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { seededStage, type SeededStage } from './support/export-flow.ts';
import { signInAs } from './support/sign-in.ts';
import { sql } from '../src/store/sql.ts';

/**
 * The patient portal over HTTP: a patient's account opens their own identity and who
 * opened their record, and nothing else; the report of an access they do not recognise
 * becomes the security officer's alert. Every refusal changes nothing.
 */
let store: Store;
let app: FastifyInstance;
let accounts: Array<DemoAccount & { signIns: number }>;
const headers = new Map<string, Record<string, string>>();

const account = (role: string, index = 0) => accounts.filter((candidate) => candidate.role === role)[index]!;
async function as(who: DemoAccount & { signIns: number }) {
  if (!headers.has(who.username)) headers.set(who.username, await signInAs(app, who));
  return headers.get(who.username)!;
}
// The headers first: signing in is what makes app.inject keep each session's address.
async function get(who: DemoAccount & { signIns: number }, url: string) {
  const headers = await as(who);
  return app.inject({ url, headers });
}
async function post(who: DemoAccount & { signIns: number }, url: string, payload: unknown) {
  const headers = await as(who);
  return app.inject({ method: 'POST', url, payload: payload as object, headers });
}
const alerts = async () => (await store.db.rows(sql`SELECT 1 FROM guard_alert WHERE detector = 'patient-report'`)).length;

let stage: SeededStage;
beforeAll(async () => {
  stage = await seededStage('portal', { patients: 120, seed: 5 });
  ({ store, app, accounts } = stage);
}, 120_000);
afterAll(async () => stage?.close());

describe('a patient account', () => {
  it('belongs to one record, seeded for three patients of the demo doctors', async () => {
    const patients = accounts.filter((demo) => demo.role === 'patient');
    expect(patients).toHaveLength(3);
    expect(new Set(patients.map((demo) => demo.patientId)).size).toBe(3);
    const rows = await store.db.rows<{ establishment_id: string | null; unit_id: string | null; practitioner_id: string | null }>(
      sql`SELECT establishment_id, unit_id, practitioner_id FROM account WHERE role = 'patient'`,
    );
    expect(rows.every((row) => row.establishment_id === null && row.unit_id === null && row.practitioner_id === null)).toBe(true);
    // The schema holds it too: no patient account without its record, no staff account with one.
    await expect(store.db.rows(sql`UPDATE account SET patient_id = NULL WHERE role = 'patient'`)).rejects.toThrow();
    await expect(store.db.rows(sql`UPDATE account SET patient_id = gen_random_uuid() WHERE role = 'doctor'`)).rejects.toThrow();
  });

  it('reads its own identity through the gate, and no record through the FHIR API', async () => {
    const patient = account('patient');
    const record = await get(patient, '/api/portal/record');
    expect(record.statusCode, record.body).toBe(200);
    expect(record.json()).toMatchObject({ id: patient.patientId, family: expect.any(String) });
    const entry = await store.db.one<{ reason: string; outcome: string }>(
      sql`SELECT e.reason, e.outcome FROM audit_event e JOIN account a ON a.id = e.actor_id WHERE a.username = ${patient.username} AND e.action = 'read' ORDER BY e.seq DESC LIMIT 1`,
    );
    expect(entry).toEqual({ reason: 'the patient reads their own record, in the portal', outcome: 'allowed' });
    for (const url of [
      `/fhir/Patient/${patient.patientId}`,
      `/fhir/Patient/${patient.patientId}/$everything`,
      '/fhir/Patient',
      `/fhir/Condition?patient=${patient.patientId}`,
    ]) {
      const refused = await get(patient, url);
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().resourceType).toBe('OperationOutcome');
    }
  });

  it("sees who opened its record and why, not its own readings, and not another patient's history", async () => {
    const patient = account('patient');
    const doctor = account('doctor');
    expect((await get(doctor, `/fhir/Patient/${patient.patientId}/$everything`)).statusCode).toBe(200);
    const answer = await get(patient, '/api/portal/accesses');
    expect(answer.statusCode).toBe(200);
    const accesses = answer.json().accesses as Array<{ role: string; action: string; why: string; entry: string }>;
    expect(accesses.some((access) => access.role === 'doctor' && access.action === 'everything' && /care relationship/.test(access.why))).toBe(true);
    expect(accesses.some((access) => access.role === 'patient')).toBe(false);
    const other = account('patient', 1);
    const refused = await get(patient, `/api/patients/${other.patientId}/access-history`);
    expect(refused.statusCode).toBe(403);
    expect((await get(doctor, '/api/portal/accesses')).statusCode).toBe(403);
    expect((await get(doctor, '/api/portal/record')).statusCode).toBe(403);
  });

  it('reports an access it does not recognise as an alert about that professional, once', async () => {
    const patient = account('patient');
    const doctor = account('doctor');
    const { entry } = (await get(patient, '/api/portal/accesses')).json().accesses.find((access: { role: string }) => access.role === 'doctor');
    const before = await alerts();
    for (const body of [{}, { entry: 'abc' }, { entry, comment: 42 }, { entry, comment: 'x'.repeat(1001) }, { entry, extra: true }, []]) {
      const refused = await post(patient, '/api/portal/reports', body);
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
      expect(refused.json().resourceType).toBe('OperationOutcome');
    }
    // Another patient's access answers as one that does not exist.
    const other = account('patient', 1);
    const theirDoctor = await store.db.one<{ username: string }>(
      sql`SELECT a.username FROM account a JOIN care_link c ON c.practitioner_id = a.practitioner_id WHERE c.patient_id = ${other.patientId} AND a.role = 'doctor' ORDER BY a.username LIMIT 1`,
    );
    expect(
      (
        await get(
          accounts.find((demo) => demo.username === theirDoctor!.username)!,
          `/fhir/Patient/${other.patientId}`,
        )
      ).statusCode,
    ).toBe(200);
    const theirs = (await get(other, '/api/portal/accesses')).json().accesses[0].entry;
    expect((await post(patient, '/api/portal/reports', { entry: theirs })).statusCode).toBe(404);
    expect((await post(doctor, '/api/portal/reports', { entry })).statusCode).toBe(403);
    expect(await alerts()).toBe(before);

    const reported = await post(patient, '/api/portal/reports', { entry, comment: 'Je ne connais pas ce médecin' });
    expect(reported.statusCode, reported.body).toBe(201);
    const alert = await store.db.one<{ username: string; severity: string; evidence: { entry: string } }>(
      sql`SELECT a.username, g.severity, g.evidence FROM guard_alert g JOIN account a ON a.id = g.account_id WHERE g.id = ${reported.json().alertId}`,
    );
    expect(alert).toMatchObject({ username: doctor.username, severity: 'medium', evidence: { entry } });
    expect((await post(patient, '/api/portal/reports', { entry })).statusCode).toBe(400);
    expect(await alerts()).toBe(before + 1);
  });

  it('learns whether it is in a breach case, and which of its data left; another patient learns nothing', async () => {
    const patient = account('patient');
    const other = account('patient', 2);
    const record = (await get(patient, '/api/portal/record')).json();
    const [year, month, day] = record.birthDate.split('-');
    await openBreachCase(store, { operator: 'rssi' }, `nom;prenom;naissance\n${record.family};${record.given[0]};${day}/${month}/${year}\n`);
    const mine = await get(patient, '/api/portal/breaches');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().breaches).toEqual([expect.objectContaining({ inSample: true, categories: expect.arrayContaining(['identity']) })]);
    expect((await get(other, '/api/portal/breaches')).json().breaches).toEqual([]);
    expect((await get(account('doctor'), '/api/portal/breaches')).statusCode).toBe(403);
  });

  it('is never created by an administrator', async () => {
    const admin = account('user_admin');
    const created = await post(admin, '/api/admin/accounts', { username: 'patient.forged', role: 'patient', establishmentId: null });
    expect(created.statusCode).toBe(400);
    expect(await store.db.rows(sql`SELECT 1 FROM account WHERE username = 'patient.forged'`)).toHaveLength(0);
  });
});

describe("the security console's figures", () => {
  it('gives the officer the disclosures per hour and role, and the ledger status with a verification', async () => {
    const officer = account('security_officer');
    const hours = await get(officer, '/api/security/disclosures?hours=24');
    expect(hours.statusCode, hours.body).toBe(200);
    const byRole = new Map<string, number>();
    for (const figure of hours.json().hours as Array<{ role: string; patients: number }>)
      byRole.set(figure.role, (byRole.get(figure.role) ?? 0) + figure.patients);
    const doctors = await store.db.one<{
      n: string | number;
    }>(sql`SELECT count(*) AS n FROM (SELECT DISTINCT date_trunc('hour', occurred_at), patient_id FROM audit_event
       WHERE actor_role = 'doctor' AND outcome = 'allowed' AND patient_id IS NOT NULL AND action IN ('read', 'everything', 'search')) hours`);
    expect(byRole.get('doctor')).toBe(Number(doctors!.n));
    expect(byRole.get('doctor')).toBeGreaterThanOrEqual(2);
    const status = await get(officer, '/api/security/ledger');
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({ head: expect.any(Number), lastVerification: null });
    const verified = await post(officer, '/api/security/ledger/verify', undefined);
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json().lastVerification).toMatchObject({ intact: true, problem: null });
  });

  it('lists the breach cases with their CNIL deadline for the officers, and for no one else', async () => {
    const cases = await get(account('security_officer'), '/api/security/breaches');
    expect(cases.statusCode).toBe(200);
    const [first] = cases.json().breaches as Array<{ awareAt: string; notifyBy: string; patients: number; status: string }>;
    expect(first).toMatchObject({ status: 'open', patients: 1 });
    expect(new Date(first!.notifyBy).getTime() - new Date(first!.awareAt).getTime()).toBe(72 * 3_600_000);
    expect((await get(account('dpo'), '/api/security/breaches')).statusCode).toBe(200);
    for (const role of ['doctor', 'user_admin', 'patient']) expect((await get(account(role), '/api/security/breaches')).statusCode, role).toBe(403);
  });

  it('refuses other roles and bad parameters', async () => {
    const doctor = account('doctor');
    const officer = account('security_officer');
    for (const url of ['/api/security/disclosures', '/api/security/ledger']) expect((await get(doctor, url)).statusCode, url).toBe(403);
    expect((await post(account('dpo'), '/api/security/ledger/verify', undefined)).statusCode).toBe(403);
    for (const query of ['hours=0', 'hours=169', 'hours=1.5', 'hours=abc', 'days=1']) {
      const refused = await get(officer, `/api/security/disclosures?${query}`);
      expect(refused.statusCode, query).toBe(400);
      expect(refused.json().resourceType).toBe('OperationOutcome');
    }
  });
});
