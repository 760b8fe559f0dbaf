import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBreachCase } from '../src/breach/cases.ts';
import type { DemoAccount } from '../src/seed/demo-accounts.ts';
import { csvLine } from '../src/exports/csv.ts';
import { honeyPseudonyms } from '../src/exports/fingerprint/honey-rows.ts';
import { ExportMarks } from '../src/exports/fingerprint/marks.ts';
import { generateGroup } from '../src/seed/group.ts';
import { generatePatientRecord } from '../src/seed/patient.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { approveExport, exportFiles, seededExportApp } from './support/export-flow.ts';
import { leakedCsv } from './support/leaked-sample.ts';
import { signInAs, testAccount, type TestAccount } from './support/sign-in.ts';
import type { SoftwareAuthenticator } from './support/software-authenticator.ts';
import { sql } from '../src/store/sql.ts';

/**
 * Attribution end to end: a research cohort of the whole group, more than 10,000
 * rows, requested by the medical information doctor and approved by the data protection officer; 100 rows of it
 * leak with two columns dropped and a tenth of the values altered. The security officer
 * gives the sample to Vigie, which names the export, its requester and approver — and
 * names nothing for a file that came from no export.
 */
let store: Store;
let app: FastifyInstance;
let accounts: DemoAccount[];
/** The group's medical information doctor (DIM), group-wide: who asks for research cohorts and PMSI files. */
let dim: TestAccount;
let doctor: Record<string, string>;
let dpoAccount: Signed;
let dpo: Record<string, string>;
let officer: Record<string, string>;
const dir = mkdtempSync(join(tmpdir(), 'vigie-attribution-'));
const PASSPHRASE = 'la phrase de passe de la cohorte, assez longue';
type Signed = DemoAccount & { signIns: number; authenticator?: SoftwareAuthenticator };
const account = (role: string): Signed => ({ ...accounts.find((candidate) => candidate.role === role)!, signIns: 0 });

beforeAll(async () => {
  ({ store, app, accounts } = await seededExportApp(dir, { patients: 900, seed: 21 }));
  dim = await testAccount(store, 'dr.dim', 'doctor');
  doctor = await signInAs(app, dim);
  dpoAccount = account('dpo');
  dpo = await signInAs(app, dpoAccount);
  officer = await signInAs(app, account('security_officer'));
}, 120_000);
afterAll(async () => {
  await app.close();
  await store.close();
});

const attribute = (sample: string, headers: Record<string, string>, type = 'text/csv') =>
  app.inject({ method: 'POST', url: '/api/security/attribute', payload: sample, headers: { ...headers, 'content-type': type } });

describe('a leaked sample of an approved export', () => {
  let exportId = '';
  let files = new Map<string, string[]>();

  it('is 100 rows of a 10,000-row export, and names that export, its requester and its approver', async () => {
    const asked = await app.inject({
      method: 'POST',
      url: '/api/exports',
      headers: doctor,
      payload: {
        purpose: 'research',
        justification: "cohorte de tout l'établissement",
        ethicsReference: 'CPP 2026-C0003',
        scope: { kind: 'establishment' },
        format: 'csv',
      },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    exportId = asked.json().id;
    await approveExport(app, dpo, dpoAccount.authenticator!, exportId, PASSPHRASE);
    await app.exportJobs.settled();
    files = await exportFiles(app, doctor, exportId, PASSPHRASE);
    const rows = [...files.values()].reduce((sum, lines) => sum + lines.length - 1, 0);
    expect(rows).toBeGreaterThan(10_000);

    const [header, ...observations] = files.get('Observation')!;
    const sample = leakedCsv(header!, observations, { rows: 100, dropped: ['id', 'patient'], seed: 1 });
    const answer = await attribute(sample, officer);
    expect(answer.statusCode, answer.body).toBe(200);
    const { named, exportsWeighed } = answer.json();
    expect(exportsWeighed).toBe(1);
    expect(named).toHaveLength(1);
    expect(named[0]).toMatchObject({ id: exportId, requester: dim.username, approver: dpoAccount.username, purpose: 'research', honeyRows: 0 });
    expect(named[0].log10FalseAccusation).toBeLessThan(-6);
    const entry = await store.db.one<{ reason: string; actor_id: string }>(
      sql`SELECT reason, actor_id FROM audit_event WHERE action = 'export-attribute' ORDER BY seq DESC LIMIT 1`,
    );
    expect(entry!.reason).toContain(`names export ${exportId} by ${dim.username}`);
  });

  it('opens a breach case that names the export by its marks and lists every patient it held, though no row names anyone', async () => {
    const [header, ...observations] = files.get('Observation')!;
    const sample = leakedCsv(header!, observations, { rows: 100, dropped: ['id', 'patient'], seed: 2 });
    const opened = await openBreachCase(store, { operator: 'rssi' }, sample);
    expect(opened.matches).toHaveLength(0);
    expect(opened.source).toMatchObject({ kind: 'export', exportId, username: dim.username, approver: dpoAccount.username });
    const held = await store.db.rows<{ patient_id: string }>(
      sql`SELECT DISTINCT patient_id FROM audit_event WHERE action = 'export' AND detail ->> 'export' = ${exportId}`,
    );
    expect(held.length).toBeGreaterThan(800);
    expect([...opened.affected].sort()).toEqual(held.map((row) => row.patient_id).sort());
    // Pseudonymised: what left is the chart, not the identity.
    const row = await store.db.one<{ categories: string[] }>(sql`SELECT categories FROM breach_patient WHERE case_id = ${opened.id} LIMIT 1`);
    expect(row!.categories).not.toContain('identity');
    expect(row!.categories).toContain('history');
  });

  it('names the right one of two exports of the same patients, and none for a file from no export', async () => {
    // A second export of the same patients, by the same doctor, for billing.
    const second = (
      await app.inject({
        method: 'POST',
        url: '/api/exports',
        headers: doctor,
        payload: { purpose: 'billing', justification: 'PMSI du trimestre', scope: { kind: 'establishment' }, format: 'csv' },
      })
    ).json();
    await approveExport(app, dpo, dpoAccount.authenticator!, second.id, PASSPHRASE);
    await app.exportJobs.settled();
    const [header, ...conditions] = (await exportFiles(app, doctor, second.id, PASSPHRASE)).get('Condition')!;
    const fromSecond = (await attribute(leakedCsv(header!, conditions, { rows: 100, dropped: ['id', 'label'], seed: 2 }), officer)).json();
    expect(fromSecond.exportsWeighed).toBe(2);
    expect(fromSecond.named.map((named: { id: string }) => named.id)).toEqual([second.id]);

    // The same kind of file, from no export: as another system would write these patients.
    const group = generateGroup(21);
    const lines = Array.from({ length: 200 }, (_, i) => generatePatientRecord(group, 21, i))
      .flatMap((record) => record.resources.map((r) => r.resource))
      .filter((r) => r.resourceType === 'Observation')
      .map((r) => csvLine(r));
    const none = (await attribute(leakedCsv(files.get('Observation')![0]!, lines, { rows: 100, dropped: [], seed: 3 }), officer)).json();
    expect(none.named).toEqual([]);
    expect(none.closest.log10FalseAccusation).toBeGreaterThan(-6);
  });

  it('with a honey row of the export in it, raises a high alert about the requester', async () => {
    const honey = new Set(honeyPseudonyms(ExportMarks.of(store.keys, exportId), 3));
    const [header, ...patients] = files.get('Patient')!;
    const planted = patients.filter((line) => honey.has(line.split(',')[0]!.replaceAll('"', '')));
    expect(planted.length).toBeGreaterThan(0);
    const answer = (await attribute([header, ...patients.slice(0, 20), planted[0]].join('\n'), officer)).json();
    expect(answer.named[0]).toMatchObject({ id: exportId, honeyRows: 1 });
    const alerts = await store.db.rows<{ severity: string; username: string; explanation: string }>(
      sql`SELECT g.severity, a.username, g.explanation FROM guard_alert g JOIN account a ON a.id = g.account_id WHERE g.detector = 'export-leak'`,
    );
    expect(alerts).toEqual([expect.objectContaining({ severity: 'high', username: dim.username })]);
    expect(alerts[0]!.explanation).toContain(`honey rows of export ${exportId}`);
  });

  it('is weighed by the security or data protection officer only; a sample that is not text is a 4xx', async () => {
    const refused = await attribute('a,b\r\n1,2', doctor);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().resourceType).toBe('OperationOutcome');
    const entry = await store.db.one<{ outcome: string }>(sql`SELECT outcome FROM audit_event WHERE action = 'export-attribute' ORDER BY seq DESC LIMIT 1`);
    expect(entry!.outcome).toBe('refused');
    expect((await attribute('', officer)).statusCode).toBe(400);
    expect((await attribute('\u0000', officer, 'application/octet-stream')).statusCode).toBe(415);
  });
});
