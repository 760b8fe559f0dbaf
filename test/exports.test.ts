import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { patientSearchTerms } from '../src/crypto/blind-index.ts';
import { sealResource } from '../src/gate/codec.ts';
import { approvalAboveFrom } from '../src/exports/purposes.ts';
import { insertCareLinks } from '../src/store/patient-rows/care-links.ts';
import { insertPatients, type NewPatientRow } from '../src/store/patient-rows/patients.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { patientExample } from './support/examples.ts';
import { CLINIC_ID, seedFixture, signIn, UNIT_ID, type Fixture } from './support/fixture.ts';
import { signInAs, testAccount } from './support/sign-in.ts';
import { openTestStore } from './support/test-store.ts';
import { inGate } from '../src/gate/gate-role.ts';
import { SoftwareAuthenticator } from './support/software-authenticator.ts';
import { sql } from '../src/store/sql.ts';

/**
 * Governed export requests: purpose, minimised fields, the patients counted; past the
 * threshold or with direct identifiers, nothing leaves until the data protection officer
 * — not the requester — approves with a fresh passkey; the security officer hears of it;
 * containment cancels what is pending. FHIR Bulk kick-off and status follow the spec.
 */
let store: Store;
let fixture: Fixture;
let app: FastifyInstance;
const PATIENTS = 60;
const ids: string[] = [];
let honeyId = '';

beforeAll(async () => {
  store = await openTestStore();
  fixture = await seedFixture(store);
  app = await buildApp({ store });
  const rows: NewPatientRow[] = [];
  for (let i = 0; i <= PATIENTS; i++) {
    const id = randomUUID();
    const patient = { ...patientExample({ name: [{ family: `Export${i}`, given: ['Anne'] }] }), id } as fhir4.Patient & { id: string };
    delete patient.identifier;
    rows.push({
      id,
      establishmentId: CLINIC_ID,
      body: sealResource(store.keys, CLINIC_ID, patient),
      search: patientSearchTerms(store.keys.secret('index'), patient),
    });
    if (i < PATIENTS) ids.push(id);
    else honeyId = id;
  }
  await inGate(store.db, (tx) => insertPatients(tx, rows));
  await store.db.run(sql`INSERT INTO honey_record (patient_id, establishment_id) VALUES (${honeyId}, ${CLINIC_ID})`);
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const post = (url: string, payload: unknown, headers: Record<string, string>) => app.inject({ method: 'POST', url, payload: payload as object, headers });
const get = (url: string, headers: Record<string, string>) => app.inject({ url, headers });
const requests = async () => store.db.count(sql`SELECT count(*) FROM export_request`);
const research = {
  purpose: 'research',
  justification: 'cohorte insuffisance cardiaque 2026',
  ethicsReference: 'CPP 2026-A01234-56',
  scope: { kind: 'establishment' },
};
const PASSPHRASE = 'la phrase de passe du destinataire';
async function stepUp(headers: Record<string, string>, authenticator: SoftwareAuthenticator) {
  const options = (await app.inject({ method: 'POST', url: '/api/me/step-up/options', headers })).json();
  expect((await post('/api/me/step-up/verify', { response: authenticator.assert(options) }, headers)).statusCode).toBe(200);
}

describe('the 2024 export, replayed: a privileged account kicks off a bulk export of every patient', () => {
  it('gets a 202 and a status that waits for a second person; nothing leaves; the security officer is alerted', async () => {
    const sysadmin = await signIn(app, fixture, 'sysadmin');
    expect((await get('/fhir/$export', sysadmin)).statusCode).toBe(400); // no Prefer: respond-async
    const kickOff = (query: string) => app.inject({ url: `/fhir/$export${query}`, headers: { ...sysadmin, prefer: 'respond-async' } });
    expect((await kickOff('')).json().issue[0].expression).toEqual(['purpose']);
    expect((await kickOff('?purpose=migration&justification=bascule&_type=Patient')).statusCode).toBe(400);
    expect((await kickOff('?purpose=migration&justification=bascule vers le nouveau DPI&_outputFormat=text/csv')).statusCode).toBe(400);
    // A migration is no plain kick-off: it names the receiving system's key and a window, and needs two approvals.
    expect((await kickOff('?purpose=migration&justification=bascule vers le nouveau DPI')).json().issue[0].expression).toEqual(['recipientKey']);
    const started = await kickOff('?purpose=other&justification=archivage avant la bascule vers le nouveau DPI');
    expect(started.statusCode, started.body).toBe(202);
    const status = new URL(started.headers['content-location'] as string);
    expect(status.pathname).toMatch(/^\/fhir\/\$export-status\/[0-9a-f-]{36}$/);
    const polled = await get(status.pathname, sysadmin);
    expect(polled.statusCode).toBe(202);
    expect(polled.headers['x-progress']).toBe(`awaiting approval by a second person (${PATIENTS} patients)`);
    const alert = await store.db.one<{ detector: string; severity: string; explanation: string }>(
      sql`SELECT g.detector, g.severity, g.explanation FROM guard_alert g JOIN account a ON a.id = g.account_id WHERE a.username = 'sysadmin.test'`,
    );
    expect(alert).toMatchObject({ detector: 'export', severity: 'high' });
    expect(alert!.explanation).toMatch(
      new RegExp(`export of ${PATIENTS} patients \\(every patient in reach\\), pseudonymised, ndjson, for other; it waits for a second person`),
    );
    // The honey record is never counted; another account can neither see the request nor withdraw it, nor take a file of it.
    const other = await signIn(app, fixture, 'doctor');
    expect((await get(status.pathname, other)).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: status.pathname, headers: other })).statusCode).toBe(404);
    expect((await get(`/api/exports/${status.pathname.split('/').at(-1)}/files/Patient`, sysadmin)).statusCode).toBe(410); // not written while it waits
    expect(
      (
        await app.inject({
          url: `/fhir/Group/${randomUUID()}/$export?purpose=other&justification=archivage avant la bascule`,
          headers: { ...sysadmin, prefer: 'respond-async' },
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('an export request', () => {
  it('is refused whole, and writes nothing, when it is not what an export must be', async () => {
    const doctor = await signIn(app, fixture, 'nurse');
    const before = await requests();
    const bad = [
      {},
      { ...research, purpose: 'curiosity' },
      { ...research, ethicsReference: undefined },
      { ...research, justification: 'court' },
      { ...research, fields: 'identified', identifiedBecause: 'suivi des patients de la cohorte' }, // research is pseudonymised
      { ...research, purpose: 'care-continuity', fields: 'identified' }, // identifiers without saying why
      { ...research, format: 'xlsx' },
      { ...research, passphrase: 'trop courte' },
      { ...research, scope: { kind: 'everything' } },
      { ...research, scope: { kind: 'patients', ids: [] } },
      { ...research, scope: { kind: 'patients', ids: ['not-an-id'] } },
      { ...research, scope: { kind: 'patients', ids: [randomUUID()] } }, // not a patient here
      { ...research, sneaky: true },
    ];
    for (const body of bad) {
      const answer = await post('/api/exports', body, doctor);
      expect(answer.statusCode, JSON.stringify(body)).toBe(400);
      expect(answer.json().resourceType).toBe('OperationOutcome');
    }
    expect(await requests()).toBe(before);
  });

  it('of a few patients, pseudonymised, needs no second person; of more, or with identifiers, does', async () => {
    const doctor = await signIn(app, fixture, 'doctor');
    const few = await post('/api/exports', { ...research, scope: { kind: 'patients', ids: ids.slice(0, 10) }, passphrase: PASSPHRASE }, doctor);
    expect(few.statusCode, few.body).toBe(201);
    expect(few.json()).toMatchObject({ patients: 10, needsApproval: false, status: 'approved', fields: 'pseudonymised', format: 'ndjson' });
    const identified = await post(
      '/api/exports',
      {
        purpose: 'care-continuity',
        justification: 'transfert au CHU pour greffe',
        scope: { kind: 'patients', ids: ids.slice(0, 2) },
        fields: 'identified',
        identifiedBecause: 'le CHU doit identifier les patients',
        passphrase: PASSPHRASE,
      },
      doctor,
    );
    expect(identified.json()).toMatchObject({ patients: 2, needsApproval: true, status: 'awaiting-approval' });
    const all = await post('/api/exports', research, doctor);
    expect(all.json()).toMatchObject({ patients: PATIENTS, needsApproval: true, status: 'awaiting-approval' });
    const entry = await store.db.one<{ reason: string }>(sql`SELECT reason FROM audit_event WHERE action = 'export-request' ORDER BY seq DESC LIMIT 1`);
    expect(entry!.reason).toMatch(/awaiting a second person$/);
    expect((await get('/api/exports', doctor)).json().exports).toHaveLength(3);
  });

  it('is not for the roles that run the system or guard it', async () => {
    for (const role of ['user_admin', 'security_officer'] as const) {
      const answer = await post('/api/exports', research, await signIn(app, fixture, role));
      expect(answer.statusCode).toBe(403);
    }
    const refusals = await store.db.rows(sql`SELECT 1 FROM audit_event WHERE action = 'export-request' AND outcome = 'refused'`);
    expect(refusals).toHaveLength(2);
  });

  it('naming a honey record contains the requester, and cancels its pending exports', async () => {
    const account = await testAccount(store, 'export.doctor', 'doctor', { establishmentId: CLINIC_ID });
    const headers = await signInAs(app, account);
    const pending = (await post('/api/exports', research, headers)).json();
    const answer = await post('/api/exports', { ...research, scope: { kind: 'patients', ids: [ids[0], honeyId] } }, headers);
    expect(answer.statusCode).toBe(403);
    expect(answer.json().issue[0].code).toBe('suspended');
    const row = await store.db.one<{ status: string; cancelled_because: string }>(
      sql`SELECT status, cancelled_because FROM export_request WHERE id = ${pending.id}`,
    );
    expect(row).toMatchObject({ status: 'cancelled' });
    expect(row!.cancelled_because).toMatch(/^cancelled by the guard: .*honey record/);
    // Its files go once the containment has committed, and the security team hears of it.
    const queued = await store.db.rows<{ kind: string }>(
      sql`SELECT DISTINCT kind FROM outbox WHERE subject = ${pending.id} OR subject IN (SELECT id::text FROM guard_alert WHERE account_id = ${account.id}) ORDER BY kind`,
    );
    expect(queued).toEqual([{ kind: 'export-files' }, { kind: 'guard-alert' }]);
    expect((await get(`/api/exports/${pending.id}`, headers)).statusCode).toBe(401);
  });

  it("listing ids that are not its establishment's patients counts each as a probe: a leaked list contains the requester", async () => {
    const account = await testAccount(store, 'export.lister', 'doctor', { establishmentId: CLINIC_ID });
    const headers = await signInAs(app, account);
    const unknown = (n: number) => Array.from({ length: n }, () => randomUUID());
    const few = await post('/api/exports', { ...research, scope: { kind: 'patients', ids: [ids[0], ...unknown(2)] } }, headers);
    expect(few.statusCode).toBe(400);
    expect(few.json().issue[0].diagnostics).toBe("2 of the listed patients are not patients of the requester's establishment");
    const many = await post('/api/exports', { ...research, scope: { kind: 'patients', ids: unknown(40) } }, headers);
    expect(many.json().issue[0].code).toBe('suspended');
    const alert = await store.db.one<{ detector: string }>(sql`SELECT detector FROM guard_alert WHERE account_id = ${account.id}`);
    expect(alert).toEqual({ detector: 'probing' });
    expect(await store.db.rows(sql`SELECT 1 FROM export_request WHERE requester_id = ${account.id} AND status <> 'cancelled'`)).toEqual([]);
  });
});

describe('small exports under the threshold', () => {
  it('meet the guard budget as any patient outside relationships does: a step-up, then containment', async () => {
    const account = await testAccount(store, 'export.nibbler', 'doctor', { establishmentId: CLINIC_ID });
    const headers = await signInAs(app, account);
    const small = (i: number) =>
      post('/api/exports', { ...research, scope: { kind: 'patients', ids: ids.slice(5 * i, 5 * i + 5) }, passphrase: PASSPHRASE }, headers);
    const first = await small(0);
    expect(first.statusCode, first.body).toBe(201);
    expect((await small(1)).statusCode).toBe(201); // 10 points: the hourly soft line
    const answers = [];
    for (let i = 2; i < 12; i++) answers.push((await small(i)).json().issue[0].code);
    expect(answers.slice(0, 9).every((code) => code === 'security')).toBe(true); // a passkey the thief does not have
    expect(answers[9]).toBe('suspended');
    await app.exportJobs.settled();
    const made = await store.db.rows<{ status: string; failure: string | null }>(
      sql`SELECT e.status, e.failure FROM export_request e JOIN account a ON a.id = e.requester_id WHERE a.username = ${'export.nibbler'}`,
    );
    expect(
      made.map((row) => row.status),
      JSON.stringify(made),
    ).toEqual(['cancelled', 'cancelled']);
  });

  it('of a role that reads no patient record always wait for a second person', async () => {
    const sysadmin = await signIn(app, fixture, 'sysadmin');
    const answer = await post(
      '/api/exports',
      { purpose: 'billing', justification: 'essai du fichier PMSI', scope: { kind: 'patients', ids: ids.slice(0, 3) }, passphrase: PASSPHRASE },
      sysadmin,
    );
    expect(answer.json()).toMatchObject({ patients: 3, needsApproval: true, status: 'awaiting-approval' });
  });
});

describe('a FHIR Bulk Group export', () => {
  it('is of the patients staying now in a care unit of the establishment, counted and approved as any list', async () => {
    const doctor = await signInAs(app, await testAccount(store, 'export.unit', 'doctor', { establishmentId: CLINIC_ID, unitId: UNIT_ID }));
    const kickOff = (id: string) =>
      app.inject({
        url: `/fhir/Group/${id}/$export?purpose=research&justification=cohorte du service de cardiologie&ethicsReference=CPP 2026-F0006`,
        headers: { ...doctor, prefer: 'respond-async' },
      });
    expect((await kickOff(randomUUID())).statusCode).toBe(404);
    expect((await kickOff(CLINIC_ID)).statusCode).toBe(404); // an establishment is not a unit
    expect((await kickOff(UNIT_ID)).json().issue[0].diagnostics).toMatch(/no patient is staying in this unit now/);
    const now = Date.now();
    await insertCareLinks(store.db, [
      ...ids.slice(0, 4).map((patientId) => ({
        sourceId: randomUUID(),
        kind: 'stay' as const,
        patientId,
        establishmentId: CLINIC_ID,
        unitId: UNIT_ID,
        startsAt: new Date(now - 86_400_000).toISOString(),
      })),
      // Gone home yesterday: not in the unit any more.
      {
        sourceId: randomUUID(),
        kind: 'stay' as const,
        patientId: ids[5]!,
        establishmentId: CLINIC_ID,
        unitId: UNIT_ID,
        startsAt: new Date(now - 5 * 86_400_000).toISOString(),
        endsAt: new Date(now - 86_400_000).toISOString(),
      },
    ]);
    const started = await kickOff(UNIT_ID);
    expect(started.statusCode, started.body).toBe(202);
    const view = (await get(new URL(started.headers['content-location'] as string).pathname.replace('/fhir/$export-status/', '/api/exports/'), doctor)).json();
    expect(view).toMatchObject({ patients: 4, scope: { kind: 'patients' } });
    expect([...view.scope.ids].sort()).toEqual(ids.slice(0, 4).sort());
  });
});

describe('the two-person rule', () => {
  let requester: Record<string, string>;
  let waiting: string;
  beforeAll(async () => {
    requester = await signInAs(app, await testAccount(store, 'export.researcher', 'doctor', { establishmentId: CLINIC_ID }));
    waiting = (await post('/api/exports', research, requester)).json().id;
  });

  it('lets only the data protection officer decide, never on their own request, with a fresh passkey and a note', async () => {
    const officer = await signIn(app, fixture, 'security_officer');
    expect((await post(`/api/exports/${waiting}/approve`, { note: 'avis favorable du CPP', passphrase: PASSPHRASE }, officer)).statusCode).toBe(403);
    expect((await post(`/api/exports/${waiting}/approve`, { note: 'moi-même', passphrase: PASSPHRASE }, requester)).statusCode).toBe(403);
    const dpo = await signIn(app, fixture, 'dpo');
    expect((await post(`/api/exports/${waiting}/approve`, { note: 'avis favorable du CPP' }, dpo)).statusCode).toBe(403); // no fresh passkey
    await stepUp(dpo, fixture.authenticators.dpo!);
    expect((await post(`/api/exports/${waiting}/approve`, {}, dpo)).statusCode).toBe(400);
    expect((await post(`/api/exports/not-an-id/approve`, { note: 'avis favorable du CPP', passphrase: PASSPHRASE }, dpo)).statusCode).toBe(400);
    expect((await post(`/api/exports/${randomUUID()}/approve`, { note: 'avis favorable du CPP', passphrase: PASSPHRASE }, dpo)).statusCode).toBe(404);
    expect((await get('/api/exports', dpo)).json().exports.map((view: { id: string }) => view.id)).toContain(waiting);
    expect((await post(`/api/exports/${waiting}/approve`, { note: 'avis favorable du CPP', passphrase: 'court' }, dpo)).statusCode).toBe(400);
    const approved = await post(`/api/exports/${waiting}/approve`, { note: 'avis favorable du CPP', passphrase: PASSPHRASE }, dpo);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', decision: { by: 'dpo.test', note: 'avis favorable du CPP' } });
    expect((await post(`/api/exports/${waiting}/refuse`, { note: 'trop tard' }, dpo)).statusCode).toBe(409);
    const decisions = await store.db.rows<{ outcome: string }>(sql`SELECT outcome FROM audit_event WHERE action = 'export-decision' ORDER BY seq`);
    expect(decisions.map((row) => row.outcome)).toEqual(['refused', 'refused', 'refused', 'allowed']);
  });

  it('never lets a data protection officer approve their own request', async () => {
    const account = await testAccount(store, 'export.dpo', 'dpo', {});
    const headers = await signInAs(app, account);
    const own = (await post('/api/exports', { ...research, scope: { kind: 'establishment' } }, headers)).json();
    await stepUp(headers, account.authenticator!);
    expect((await post(`/api/exports/${own.id}/approve`, { note: 'je me valide', passphrase: PASSPHRASE }, headers)).statusCode).toBe(403);
  });

  it('lets the medical information doctor decide the exports of their own establishment, not a group-wide one', async () => {
    const dim = await signIn(app, fixture, 'dim');
    await stepUp(dim, fixture.authenticators.dim!);
    const groupDoctor = await signInAs(app, await testAccount(store, 'export.group', 'doctor'));
    const groupWide = (await post('/api/exports', { ...research, justification: 'cohorte de tout le groupe' }, groupDoctor)).json();
    expect((await get('/api/exports', dim)).json().exports.map((view: { id: string }) => view.id)).not.toContain(groupWide.id);
    const refused = await post(`/api/exports/${groupWide.id}/approve`, { note: 'avis favorable', passphrase: PASSPHRASE }, dim);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().issue[0].diagnostics).toMatch(/the medical information doctor of its establishment/);
    const ofTheClinic = (await post('/api/exports', { ...research, justification: 'cohorte de la clinique, PMSI' }, requester)).json();
    expect((await get('/api/exports', dim)).json().exports.map((view: { id: string }) => view.id)).toContain(ofTheClinic.id);
    const approved = await post(`/api/exports/${ofTheClinic.id}/approve`, { note: 'avis favorable du DIM', passphrase: PASSPHRASE }, dim);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', decision: { by: 'dim.test' } });
  });

  it('refuses for good, and the Bulk status says so; a requester withdraws what is not out', async () => {
    const dpo = await signIn(app, fixture, 'dpo');
    const refused = (await post('/api/exports', { ...research, justification: 'une autre cohorte, plus large' }, requester)).json().id;
    await stepUp(dpo, fixture.authenticators.dpo!);
    expect((await post(`/api/exports/${refused}/refuse`, { note: 'pas de base légale' }, dpo)).statusCode).toBe(200);
    const status = await get(`/fhir/$export-status/${refused}`, requester);
    expect(status.statusCode).toBe(403);
    expect(status.json().issue[0].diagnostics).toBe('refused: pas de base légale');
    const withdrawn = (await post('/api/exports', research, requester)).json().id;
    expect((await app.inject({ method: 'DELETE', url: `/fhir/$export-status/${withdrawn}`, headers: requester })).statusCode).toBe(202);
    expect((await get(`/fhir/$export-status/${withdrawn}`, requester)).statusCode).toBe(410);
    expect((await app.inject({ method: 'DELETE', url: `/api/exports/${withdrawn}`, headers: requester })).statusCode).toBe(404);
  });
});

describe('the approval threshold', () => {
  it('may only be lowered', () => {
    expect(approvalAboveFrom({})).toBe(50);
    expect(approvalAboveFrom({ VIGIE_EXPORT_APPROVAL_ABOVE: '10' })).toBe(10);
    expect(() => approvalAboveFrom({ VIGIE_EXPORT_APPROVAL_ABOVE: '500' })).toThrow(/only lower/);
    expect(() => approvalAboveFrom({ VIGIE_EXPORT_APPROVAL_ABOVE: 'many' })).toThrow(/whole number/);
  });
});
