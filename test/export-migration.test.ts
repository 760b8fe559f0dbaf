import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoAccount } from '../src/seed/demo-accounts.ts';
import { openWindows } from '../src/exports/migration.ts';
import { fingerprintOf } from '../src/exports/recipient-key.ts';
import { receiptOf } from '../src/exports/receipt.ts';
import { headerOf, receiptKeyOf } from '../src/exports/sealed-file.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { openedLines, seededExportApp } from './support/export-flow.ts';
import { signInAs } from './support/sign-in.ts';
import type { SoftwareAuthenticator } from './support/software-authenticator.ts';
import { sql } from '../src/store/sql.ts';

/**
 * Migration mode: the whole group to another system, asked by the system administrator,
 * approved by the data protection officer and by the security officer, written when its
 * window opens, sealed to the receiving system's public key, and received — its receipt
 * proves the files that arrived are the files written, and they are then deleted.
 */
let store: Store;
let app: FastifyInstance;
let accounts: DemoAccount[];
type Signed = DemoAccount & { signIns: number; authenticator?: SoftwareAuthenticator };
const signed = new Map<string, { headers: Record<string, string>; account: Signed }>();
const dir = mkdtempSync(join(tmpdir(), 'vigie-migration-'));
const rsa = (bits: number) => generateKeyPairSync('rsa', { modulusLength: bits });
const receiving = rsa(3072);
const pem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }) as string;

beforeAll(async () => {
  ({ store, app, accounts } = await seededExportApp(dir, { patients: 40, seed: 31 }));
  for (const role of ['sysadmin', 'dpo', 'security_officer', 'doctor']) {
    const account: Signed = { ...accounts.find((candidate) => candidate.role === role)!, signIns: 0 };
    signed.set(role, { headers: await signInAs(app, account), account });
  }
}, 60_000);
afterAll(async () => {
  await app.close();
  await store.close();
});

const as = (role: string) => signed.get(role)!.headers;
const post = (url: string, payload: unknown, role: string) => app.inject({ method: 'POST', url, payload: payload as object, headers: as(role) });
const hours = (n: number) => new Date(Date.now() + n * 3_600_000).toISOString();
const migration = (more: Record<string, unknown> = {}) => ({
  purpose: 'migration',
  justification: 'bascule vers le nouveau dossier patient du groupe',
  scope: { kind: 'establishment' },
  fields: 'identified',
  identifiedBecause: 'le nouveau système reprend les dossiers nominatifs',
  recipientKey: pem(receiving.publicKey),
  window: { start: hours(1), end: hours(25) },
  ...more,
});
async function approve(role: string, id: string) {
  const { headers, account } = signed.get(role)!;
  const options = (await app.inject({ method: 'POST', url: '/api/me/step-up/options', headers })).json();
  expect(
    (await app.inject({ method: 'POST', url: '/api/me/step-up/verify', payload: { response: account.authenticator!.assert(options) }, headers })).statusCode,
  ).toBe(200);
  return post(`/api/exports/${id}/approve`, { note: `${role}: bascule validée` }, role);
}
const requests = async () => store.db.count(sql`SELECT count(*) FROM export_request`);

describe('a migration request', () => {
  it('is refused whole, writing nothing, unless it moves the whole establishment to a strong recipient key within a window', async () => {
    const refusals: [Record<string, unknown>, string][] = [
      [{ recipientKey: undefined }, 'recipientKey'],
      [{ passphrase: 'une phrase de passe bien longue' }, 'passphrase'],
      [{ scope: { kind: 'patients', ids: ['7c6a1a52-2c61-4b8e-9d5b-2a8f1f0c9e11'] } }, 'scope'],
      [{ window: undefined }, 'window'],
      [{ window: { start: hours(2), end: hours(1) } }, 'window.end'],
      [{ window: { start: hours(1), end: hours(1 + 24 * 8) } }, 'window.end'],
      [{ window: { start: hours(-3), end: hours(5) } }, 'window.start'],
      [{ recipientKey: pem(rsa(2048).publicKey) }, 'recipientKey'],
      [{ recipientKey: 'not a key' }, 'recipientKey'],
    ];
    for (const [change, field] of refusals) {
      const answer = await post('/api/exports', migration(change), 'sysadmin');
      expect(answer.statusCode, JSON.stringify(change)).toBe(400);
      expect(answer.json().issue[0].expression, JSON.stringify(change)).toEqual([field]);
    }
    expect((await post('/api/exports', { ...migration(), purpose: 'care-continuity' }, 'sysadmin')).json().issue[0].expression).toEqual(['window']);
    expect(await requests()).toBe(0);
  });

  let id = '';
  it('waits for the data protection officer and the security officer, one each, neither the requester', async () => {
    const asked = await post('/api/exports', migration(), 'sysadmin');
    expect(asked.statusCode, asked.body).toBe(201);
    id = asked.json().id;
    expect(asked.json()).toMatchObject({ status: 'awaiting-approval', approvalsNeeded: 2, recipientKeyFingerprint: fingerprintOf(receiving.publicKey) });
    const alert = await store.db.one<{ severity: string }>(sql`SELECT severity FROM guard_alert WHERE detector = 'export' AND evidence ->> 'export' = ${id}`);
    expect(alert!.severity).toBe('high');
    // The security officer sees it among those awaiting approval.
    expect((await app.inject({ url: '/api/exports', headers: as('security_officer') })).json().exports.map((e: { id: string }) => e.id)).toContain(id);

    expect((await approve('dpo', id)).json()).toMatchObject({ status: 'awaiting-approval' });
    expect((await approve('dpo', id)).statusCode).toBe(403); // the same role twice
    expect((await post(`/api/exports/${id}/approve`, { note: 'je valide aussi' }, 'doctor')).statusCode).toBe(403);
    const progress = await app.inject({ url: `/fhir/$export-status/${id}`, headers: as('sysadmin') });
    expect(progress.headers['x-progress']).toMatch(/awaiting the approvals of the data protection officer and the security officer/);
    const second = await approve('security_officer', id);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toMatchObject({ status: 'scheduled', window: { start: expect.any(String) } });
    const decisions = await store.db.rows<{ outcome: string; reason: string }>(
      sql`SELECT outcome, reason FROM audit_event WHERE action = 'export-decision' AND detail ->> 'export' = ${id} ORDER BY seq`,
    );
    expect(decisions.map((entry) => entry.outcome)).toEqual(['allowed', 'refused', 'refused', 'allowed']);
    expect(decisions[0]!.reason).toMatch(/approved, 1 of 2/);
  });

  it("is written only once its window opens, sealed to the receiving system's key", async () => {
    expect(await openWindows(store.db, app.exportJobs)).toEqual([]);
    // The window opens (the clock is moved, not waited for).
    await store.db.run(sql`UPDATE export_request SET window_start = now() - interval '1 minute' WHERE id = ${id}`);
    expect(await openWindows(store.db, app.exportJobs)).toEqual([id]);
    await app.exportJobs.settled();
    const status = await app.inject({ url: `/fhir/$export-status/${id}`, headers: as('sysadmin') });
    expect(status.statusCode, status.body).toBe(200);
    const row = await store.db.one<{ expires_at: Date; window_end: Date }>(sql`SELECT expires_at, window_end FROM export_request WHERE id = ${id}`);
    expect(new Date(row!.expires_at).getTime()).toBeLessThanOrEqual(new Date(row!.window_end).getTime());
    const file = (await app.inject({ url: `/api/exports/${id}/files/Patient`, headers: as('sysadmin') })).rawPayload;
    const patients = (await openedLines(file, { privateKey: receiving.privateKey })).map((line) => JSON.parse(line) as fhir4.Patient);
    expect(patients.length).toBe(status.json().output.find((f: { type: string }) => f.type === 'Patient').count);
    expect(patients.every((patient) => patient.name?.length)).toBe(true); // identified, as a migration needs
    await expect(openedLines(file, { privateKey: rsa(3072).privateKey })).rejects.toThrow(/Wrong key/);
    await expect(openedLines(file, 'une phrase de passe bien longue')).rejects.toThrow(/private key/);
  });

  it('is received: a receipt that proves the files that arrived are the files written, then the files are deleted', async () => {
    const manifest = (await app.inject({ url: `/fhir/$export-status/${id}`, headers: as('sysadmin') })).json();
    const { createHash } = await import('node:crypto');
    const sealed = await Promise.all(
      manifest.output.map(async (f: { url: string }) => (await app.inject({ url: new URL(f.url).pathname, headers: as('sysadmin') })).rawPayload as Buffer),
    );
    const digests = sealed.map((bytes) => createHash('sha256').update(bytes).digest('hex'));
    const header = headerOf(sealed[0]!, { privateKey: receiving.privateKey })!;
    expect(header.exportId).toBe(id);
    const receipt = receiptOf(receiptKeyOf(await header.exportKey()), id, digests);

    expect(
      (await post(`/api/exports/${id}/receipt`, { ...receipt, proof: receipt.proof.replace(/^./, (c) => (c === '0' ? '1' : '0')) }, 'sysadmin')).statusCode,
    ).toBe(400);
    expect((await post(`/api/exports/${id}/receipt`, { ...receipt, files: receipt.files.slice(1) }, 'sysadmin')).statusCode).toBe(400);
    expect((await post(`/api/exports/${id}/receipt`, receipt, 'dpo')).statusCode).toBe(404);
    expect((await post(`/api/exports/${id}/receipt`, { files: 'all', proof: 'x' }, 'sysadmin')).statusCode).toBe(400);
    const received = await post(`/api/exports/${id}/receipt`, receipt, 'sysadmin');
    expect(received.statusCode, received.body).toBe(200);
    expect(received.json()).toMatchObject({ status: 'received', receivedAt: expect.any(String) });
    expect(existsSync(join(dir, 'exports', id))).toBe(false);
    expect((await app.inject({ url: `/fhir/$export-status/${id}`, headers: as('sysadmin') })).statusCode).toBe(410);
    const entries = await store.db.rows<{ outcome: string }>(
      sql`SELECT outcome FROM audit_event WHERE action = 'export-receipt' AND detail ->> 'export' = ${id} ORDER BY seq`,
    );
    expect(entries.map((entry) => entry.outcome)).toEqual(['refused', 'refused', 'allowed']);
  });

  it('whose window closes before it is written expires, and nothing leaves', async () => {
    const asked = (await post('/api/exports', migration(), 'sysadmin')).json();
    await approve('security_officer', asked.id);
    expect((await approve('dpo', asked.id)).json().status).toBe('scheduled');
    await store.db.run(
      sql`UPDATE export_request SET window_start = now() - interval '2 hours', window_end = now() - interval '1 minute' WHERE id = ${asked.id}`,
    );
    expect(await openWindows(store.db, app.exportJobs)).toEqual([]);
    expect((await app.inject({ url: `/fhir/$export-status/${asked.id}`, headers: as('sysadmin') })).statusCode).toBe(410);
    expect(await store.db.rows(sql`SELECT 1 FROM audit_event WHERE action = 'export' AND detail ->> 'export' = ${asked.id}`)).toEqual([]);
  });
});

describe('an export sealed to a recipient key', () => {
  it('needs no passphrase: under the threshold it is written at once (the migration above was approved without one)', async () => {
    const asked = await post(
      '/api/exports',
      {
        purpose: 'research',
        justification: 'cohorte pour le registre régional',
        ethicsReference: 'CPP 2026-E0005',
        scope: { kind: 'establishment' },
        recipientKey: pem(receiving.publicKey),
      },
      'doctor',
    );
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json()).toMatchObject({ status: 'approved', needsApproval: false });
    await app.exportJobs.settled();
    const manifest = await app.inject({ url: `/fhir/$export-status/${asked.json().id}`, headers: as('doctor') });
    expect(manifest.statusCode, manifest.body).toBe(200);
    expect(JSON.stringify(manifest.json().extension)).toContain('VIGIE-EXPORT-2');
  });
});
