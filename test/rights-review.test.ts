import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { reviewText } from '../src/cli/access.ts';
import { disableDormantAccounts, reviewRights, type ReviewedAccount, type RightsReview } from '../src/identity/rights-review.ts';
import { appendAudit } from '../src/ledger/append.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { CLINIC_ID, PRACTITIONER_ID, seedFixture, signIn, UNIT_ID, type Fixture } from './support/fixture.ts';
import { openTestStore, ownerQuery } from './support/test-store.ts';
import { sql } from '../src/store/sql.ts';

/**
 * The rights review: every account with its role, status, last sign-in, current care
 * relationships and break-glass count — counts, never a patient — and dormant accounts.
 */
let store: Store;
let app: FastifyInstance;
let fixture: Fixture;
const patients = [randomUUID(), randomUUID(), randomUUID()];

beforeAll(async () => {
  store = await openTestStore();
  fixture = await seedFixture(store);
  app = await buildApp({ store });
  // Relationships as the gate records them: only their rows matter here, not the records.
  for (const id of patients) {
    await ownerQuery(store.db, `INSERT INTO patient (id, establishment_id, body, search) VALUES ($1, $2, '\\x00', '{}')`, [id, CLINIC_ID]);
  }
  const link = (patient: string, kind: string, unit: string | null, practitioner: string | null, startsDaysAgo: number, endsInDays: number | null) =>
    store.db.rows(sql`INSERT INTO care_link (source_id, kind, patient_id, establishment_id, unit_id, practitioner_id, starts_at, ends_at)
       VALUES (${randomUUID()}, ${kind}, ${patient}, ${CLINIC_ID}, ${unit}, ${practitioner}, now() - make_interval(days => ${startsDaysAgo}), CASE WHEN ${endsInDays}::int IS NULL THEN NULL ELSE now() + make_interval(days => ${endsInDays}::int) END)`);
  await link(patients[0]!, 'stay', UNIT_ID, null, 2, null); // current stay in the unit
  await link(patients[1]!, 'treating-doctor', null, PRACTITIONER_ID, 30, 300); // current, the doctor's
  await link(patients[2]!, 'stay', UNIT_ID, PRACTITIONER_ID, 60, -20); // ended
  await link(patients[2]!, 'referral', null, PRACTITIONER_ID, -5, 30); // not started yet
  const doctorId = await idOf('doctor.test');
  await appendAudit(store.db, [
    { action: 'break-glass', outcome: 'allowed', reason: 'emergency', actorId: doctorId, patientId: patients[2] },
    { action: 'break-glass', outcome: 'refused', reason: 'no reason given', actorId: doctorId, patientId: patients[2] },
  ]);
  await signIn(app, fixture, 'doctor');
  // The lab account has never signed in and was made 100 days ago; admissions signed in 100 days ago.
  await store.db.run(sql`UPDATE account SET created_at = now() - interval '100 days' WHERE username IN ('lab.test', 'admissions.test')`);
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const idOf = async (username: string) => (await store.db.one<{ id: string }>(sql`SELECT id FROM account WHERE username = ${username}`))!.id;
const accountIn = (review: RightsReview, username: string): ReviewedAccount =>
  review.establishments.flatMap((establishment) => establishment.accounts).find((account) => account.username === username)!;

describe('rights review', () => {
  it('lists every account per establishment with counts, never a patient', async () => {
    const review = await reviewRights(store.db, {});
    expect(review.establishments.map((establishment) => establishment.name)).toEqual(['Group level (no establishment)', 'Clinique Test']);
    expect(review.establishments[1]!.accounts.map((account) => account.username)).toEqual([
      'admissions.test',
      'dim.test',
      'doctor.test',
      'lab.test',
      'nurse.test',
    ]);
    expect(accountIn(review, 'doctor.test')).toMatchObject({
      role: 'doctor',
      unitName: 'Cardiologie',
      status: 'active',
      currentCareRelationships: 2,
      breakGlassLast90Days: 1,
      dormant: false,
    });
    expect(accountIn(review, 'doctor.test').lastLoginAt).not.toBeNull();
    expect(accountIn(review, 'nurse.test')).toMatchObject({ currentCareRelationships: 1, breakGlassLast90Days: 0, lastLoginAt: null, dormant: false });
    expect(accountIn(review, 'lab.test')).toMatchObject({ lastLoginAt: null, dormant: true });
    expect(accountIn(review, 'sysadmin.test')).toMatchObject({ currentCareRelationships: 0, dormant: false });
    const text = JSON.stringify(review) + reviewText(review);
    for (const patient of patients) expect(text).not.toContain(patient);
    expect(reviewText(review)).toMatch(/lab\.test\s+lab\s+Cardiologie\s+active\s+\S+\s+never\s+1\s+0\s+DORMANT/);
  });

  it('keeps to one establishment when asked', async () => {
    const review = await reviewRights(store.db, { establishmentId: CLINIC_ID });
    expect(review.establishments.map((establishment) => establishment.id)).toEqual([CLINIC_ID]);
  });

  it('answers user_admin, dpo and security_officer over the API, audited, and refuses the others', async () => {
    for (const role of ['user_admin', 'dpo', 'security_officer'] as const) {
      const response = await app.inject({ url: '/api/admin/review', headers: await signIn(app, fixture, role) });
      expect(response.statusCode, role).toBe(200);
      expect(accountIn(response.json(), 'lab.test').dormant).toBe(true);
    }
    for (const role of ['nurse', 'sysadmin'] as const) {
      const response = await app.inject({ url: '/api/admin/review', headers: await signIn(app, fixture, role) });
      expect(response.statusCode, role).toBe(403);
      expect(response.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'forbidden' }] });
    }
    const audited = await store.db.rows<{ outcome: string }>(sql`SELECT outcome FROM audit_event WHERE action = 'access-review' ORDER BY seq`);
    expect(audited.map((entry) => entry.outcome)).toEqual(['allowed', 'allowed', 'allowed', 'refused', 'refused']);
    const headers = await signIn(app, fixture, 'dpo');
    expect((await app.inject({ url: '/api/admin/review?establishment=nope', headers })).statusCode).toBe(400);
    expect((await app.inject({ url: '/api/admin/review?patient=x', headers })).statusCode).toBe(400);
  });
});

describe('disabling dormant accounts', () => {
  it('disables the active accounts unused for 90 days, ends their sessions, and audits each', async () => {
    const admissions = await signIn(app, fixture, 'admissions');
    await store.db.run(sql`UPDATE session SET created_at = now() - interval '100 days' WHERE account_id = ${await idOf('admissions.test')}`);
    expect((await app.inject({ url: '/api/me', headers: admissions })).statusCode).toBe(200);

    const disabled = await disableDormantAccounts(store.db, { days: 90 });
    expect(disabled.map((account) => account.username)).toEqual(['admissions.test', 'lab.test']);
    expect((await app.inject({ url: '/api/me', headers: admissions })).statusCode).toBe(401);
    const statuses = await store.db.rows<{ username: string; status: string }>(
      sql`SELECT username, status FROM account WHERE username IN ('lab.test', 'doctor.test') ORDER BY username`,
    );
    expect(statuses).toEqual([
      { username: 'doctor.test', status: 'active' },
      { username: 'lab.test', status: 'suspended' },
    ]);
    const audited = await store.db.rows<{ reason: string }>(sql`SELECT reason FROM audit_event WHERE action = 'account-disable' ORDER BY seq`);
    expect(audited.map((entry) => entry.reason)).toEqual(['dormant: no sign-in for 90 days', 'dormant: no sign-in for 90 days']);
    expect(await disableDormantAccounts(store.db, { days: 90 })).toEqual([]);
  });
});
