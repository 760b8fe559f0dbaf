import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoAccount } from '../src/seed/demo-accounts.ts';
import { honeyRowsFor } from '../src/exports/fingerprint/carriers.ts';
import { sweepExportFiles } from '../src/exports/writer.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { approveExport, openedLines, seededExportApp } from './support/export-flow.ts';
import { signInAs } from './support/sign-in.ts';
import { ownerQuery } from './support/test-store.ts';
import { sql } from '../src/store/sql.ts';

/**
 * An export written and taken: pages through the gate, minimised, sealed under the
 * passphrase as it streams, listed in the Bulk manifest, taken by its requester a few
 * times at most, deleted at expiry.
 */
let store: Store;
let app: FastifyInstance;
let accounts: DemoAccount[];
let doctor: Record<string, string>;
let doctorAccount: DemoAccount;
const dir = mkdtempSync(join(tmpdir(), 'vigie-export-files-'));
const PASSPHRASE = 'une phrase de passe pour le destinataire';

beforeAll(async () => {
  ({ store, app, accounts } = await seededExportApp(dir, { patients: 80, seed: 9 }));
  doctorAccount = accounts.find((account) => account.role === 'doctor')!;
  doctor = await signInAs(app, { ...doctorAccount, signIns: 0 });
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const post = (url: string, payload: unknown, headers: Record<string, string>) => app.inject({ method: 'POST', url, payload: payload as object, headers });
const get = (url: string, headers: Record<string, string>) => app.inject({ url, headers });
const opened = (sealed: Buffer, passphrase = PASSPHRASE) => openedLines(sealed, passphrase);
async function patientsOfDoctor(count: number): Promise<string[]> {
  const rows = await ownerQuery<{ id: string }>(
    store.db,
    `SELECT p.id FROM account a JOIN patient p ON p.establishment_id = a.establishment_id
     WHERE a.username = $1 AND p.id NOT IN (SELECT patient_id FROM honey_record) ORDER BY p.id LIMIT ${count}`,
    [doctorAccount.username],
  );
  return rows.map((row) => row.id);
}

describe('an export written and taken', () => {
  let exportId = '';

  let ids: string[] = [];
  it('is written once asked for under the threshold, pseudonymised, one sealed NDJSON file per type, listed in the manifest', async () => {
    ids = await patientsOfDoctor(8);
    expect(ids.length).toBeGreaterThan(2);
    const asked = await post(
      '/api/exports',
      {
        purpose: 'research',
        justification: 'étude pilote sur quelques dossiers',
        ethicsReference: 'CPP 2026-B0001',
        scope: { kind: 'patients', ids },
        passphrase: PASSPHRASE,
      },
      doctor,
    );
    expect(asked.statusCode, asked.body).toBe(201);
    exportId = asked.json().id;
    await app.exportJobs.settled();
    const status = await get(`/fhir/$export-status/${exportId}`, doctor);
    expect(status.statusCode, status.body).toBe(200);
    const manifest = status.json();
    expect(manifest).toMatchObject({ requiresAccessToken: true, error: [] });
    const patients = manifest.output.find((file: { type: string }) => file.type === 'Patient');
    // A research export carries a few honey rows of its own, never in the ledger.
    expect(patients.count).toBe(ids.length + honeyRowsFor(ids.length));
    expect(manifest.output.length).toBeGreaterThan(2);
    const file = await get(new URL(patients.url).pathname, doctor);
    expect(file.statusCode).toBe(200);
    const lines = (await opened(file.rawPayload)).map((line) => JSON.parse(line) as fhir4.Patient);
    expect(lines).toHaveLength(ids.length + honeyRowsFor(ids.length));
    for (const patient of lines) {
      expect(patient.id).toMatch(/^[a-z2-7]{24}$/);
      expect(patient.name).toBeUndefined();
      expect(patient.identifier).toBeUndefined();
      expect(patient.birthDate).toMatch(/^\d{4}$/);
    }
    // No plain copy on disk: the files are sealed.
    const folder = join(dir, 'exports', exportId);
    expect(readdirSync(folder).sort()).toEqual(manifest.output.map((f: { type: string }) => `${f.type}.ndjson.sealed`).sort());
    await expect(opened(file.rawPayload, 'une autre phrase de passe, fausse')).rejects.toThrow(/passphrase/);
    const entries = await store.db.rows(sql`SELECT 1 FROM audit_event WHERE action = 'export' AND detail ->> 'export' = ${exportId}`);
    expect(entries).toHaveLength(ids.length);
  });

  it('is taken by its requester only, three times a file at most, each time in the ledger', async () => {
    const url = `/api/exports/${exportId}/files/Patient`;
    const nurse = await signInAs(app, { ...accounts.find((account) => account.role === 'nurse')!, signIns: 0 });
    expect((await get(url, nurse)).statusCode).toBe(410);
    expect((await get(url, doctor)).statusCode).toBe(200); // the second time
    expect((await get(url, doctor)).statusCode).toBe(200);
    expect((await get(url, doctor)).statusCode).toBe(410);
    expect((await get(`/api/exports/${exportId}/files/..%2F..%2Fetc`, doctor)).statusCode).toBe(404);
    const takings = await store.db.rows<{ outcome: string }>(
      sql`SELECT outcome FROM audit_event WHERE action = 'export-download' AND detail ->> 'export' = ${exportId} ORDER BY seq`,
    );
    expect(takings.map((row) => row.outcome)).toEqual(['allowed', 'refused', 'allowed', 'allowed', 'refused']);
  });

  it('is deleted at expiry, and its status says so', async () => {
    await store.db.run(sql`UPDATE export_request SET expires_at = now() - interval '1 second' WHERE id = ${exportId}`);
    expect(await sweepExportFiles({ db: store.db, dir: join(dir, 'exports') })).toBe(1);
    expect(existsSync(join(dir, 'exports', exportId))).toBe(false);
    expect((await get(`/fhir/$export-status/${exportId}`, doctor)).statusCode).toBe(410);
  });

  it("as CSV, is one sealed file per type, each line under its header, linked by the patients' pseudonyms", async () => {
    const asked = (
      await post(
        '/api/exports',
        {
          purpose: 'research',
          justification: "tableur pour l'étude pilote",
          ethicsReference: 'CPP 2026-B0001',
          scope: { kind: 'patients', ids: ids.slice(0, 3) },
          format: 'csv',
          passphrase: PASSPHRASE,
        },
        doctor,
      )
    ).json();
    await app.exportJobs.settled();
    const manifest = (await get(`/fhir/$export-status/${asked.id}`, doctor)).json();
    const take = async (type: string) =>
      opened((await get(new URL(manifest.output.find((file: { type: string }) => file.type === type).url).pathname, doctor)).rawPayload);
    const [header, ...patients] = await take('Patient');
    expect(header).toBe('id,family,given,gender,birth,deceased,department,postal_code,identifier\r');
    expect(patients).toHaveLength(3 + honeyRowsFor(3));
    const pseudonyms = patients.map((line) => line.split(',')[0]);
    const [, ...conditions] = await take('Condition');
    expect(conditions.length).toBeGreaterThan(0);
    expect(conditions.every((line) => pseudonyms.includes(line.split(',')[1]!))).toBe(true);
    expect(readdirSync(join(dir, 'exports', asked.id)).every((name) => name.endsWith('.csv.sealed'))).toBe(true);
  });

  it("past the threshold, is written under the approver's passphrase once approved", async () => {
    const asked = (
      await post(
        '/api/exports',
        { purpose: 'research', justification: "cohorte de tout l'établissement", ethicsReference: 'CPP 2026-B0002', scope: { kind: 'establishment' } },
        doctor,
      )
    ).json();
    expect(asked).toMatchObject({ status: 'awaiting-approval' });
    const dpoAccount = { ...accounts.find((account) => account.role === 'dpo')!, signIns: 0 } as DemoAccount & {
      signIns: number;
      authenticator?: import('./support/software-authenticator.ts').SoftwareAuthenticator;
    };
    const dpo = await signInAs(app, dpoAccount);
    await approveExport(app, dpo, dpoAccount.authenticator!, asked.id, 'la phrase de passe du DPO, longue');
    await app.exportJobs.settled();
    const manifest = (await get(`/fhir/$export-status/${asked.id}`, doctor)).json();
    expect(manifest.output.find((file: { type: string }) => file.type === 'Patient').count).toBe(asked.patients + honeyRowsFor(asked.patients));
  });

  it('left writing by a server that stopped, fails once its lease runs out; one another server still holds is left to it', async () => {
    const requester = await store.db.one<{ id: string }>(sql`SELECT id FROM account WHERE username = ${doctorAccount.username}`);
    const writing = (lease: string) =>
      store.db.rows<{
        id: string;
      }>(sql`INSERT INTO export_request (id, requester_id, purpose, justification, ethics_reference, scope, fields, format, patients, needs_approval, status, writer_lease_until)
         VALUES (gen_random_uuid(), ${requester!.id}, 'research', 'écrit ailleurs', 'CPP 2026-B0003', '{"kind":"establishment"}', 'pseudonymised', 'ndjson', 10, true, 'writing', now() + ${lease}::interval) RETURNING id`);
    const [held] = await writing('4 minutes');
    const [abandoned] = await writing('-1 minute');
    expect(await app.exportJobs.failInterrupted()).toBe(1);
    const statuses = await store.db.rows<{ id: string; status: string }>(
      sql`SELECT id, status FROM export_request WHERE id = ANY(${[held!.id, abandoned!.id]}::uuid[]) ORDER BY status`,
    );
    expect(statuses).toEqual([
      { id: abandoned!.id, status: 'failed' },
      { id: held!.id, status: 'writing' },
    ]);
  });
});
