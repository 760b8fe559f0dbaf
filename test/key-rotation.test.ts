import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { rewrapDataKeys, rotateKeys } from '../src/cli/keys.ts';
import { KeyRing } from '../src/crypto/key-ring.ts';
import { openResource } from '../src/gate/codec.ts';
import type { PatientRow } from '../src/store/patient-rows/patients.ts';
import type { DemoAccount } from '../src/seed/demo-accounts.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { ownerQuery } from './support/test-store.ts';
import { seededStage, type SeededStage } from './support/export-flow.ts';
import { signInAs } from './support/sign-in.ts';
import { sql } from '../src/store/sql.ts';

/**
 * Key rotation after a breach: every establishment's data key and the accounts' key are
 * replaced and every record sealed again, while the service answers as before; the
 * ledger says who did it and what it covered.
 */
let store: Store;
let app: FastifyInstance;
let accounts: Array<DemoAccount & { signIns: number }>;

let stage: SeededStage;
beforeAll(async () => {
  stage = await seededStage('keys', { patients: 80, seed: 9 });
  ({ store, app, accounts } = stage);
}, 120_000);
afterAll(async () => stage?.close());

/** The key id every ciphertext of a table names (its bytes 1 to 4). */
const keyIdsOf = async (table: string) =>
  (
    await ownerQuery<{ key_id: number }>(
      store.db,
      `SELECT DISTINCT (get_byte(body, 1) << 24) + (get_byte(body, 2) << 16) + (get_byte(body, 3) << 8) + get_byte(body, 4) AS key_id FROM ${table}`,
    )
  )
    .map((row) => Number(row.key_id))
    .sort();

describe('vigie keys rotate', () => {
  it('seals every record and TOTP secret under new keys, and the service reads them as before', async () => {
    const doctor = accounts.find((account) => account.role === 'doctor')!;
    const headers = await signInAs(app, doctor);
    const mine = (await app.inject({ url: '/fhir/Patient?_count=1', headers })).json().entry[0].resource as fhir4.Patient;
    const before = (await app.inject({ url: `/fhir/Patient/${mine.id}/$everything`, headers })).json() as fhir4.Bundle;
    const oldKeys = (
      await store.db.rows<{ id: number }>(sql`SELECT id FROM data_key WHERE retired_at IS NULL AND (scope LIKE 'establishment:%' OR scope = 'accounts')`)
    ).map((row) => row.id);
    const oldBodies = [...(await keyIdsOf('patient')), ...(await keyIdsOf('clinical_resource'))];
    expect(oldBodies.every((id) => oldKeys.includes(id))).toBe(true);

    const summary = await rotateKeys(store, 'test');
    const records = Number(
      (await ownerQuery<{ n: string }>(store.db, 'SELECT (SELECT count(*) FROM patient) + (SELECT count(*) FROM clinical_resource) AS n'))[0]!.n,
    );
    expect(summary.records).toBe(records);
    expect(summary.accounts).toBe(accounts.length);

    const newKeys = (
      await store.db.rows<{ id: number }>(sql`SELECT id FROM data_key WHERE retired_at IS NULL AND (scope LIKE 'establishment:%' OR scope = 'accounts')`)
    ).map((row) => row.id);
    expect(newKeys.some((id) => oldKeys.includes(id))).toBe(false);
    for (const id of [...(await keyIdsOf('patient')), ...(await keyIdsOf('clinical_resource'))]) expect(newKeys).toContain(id);
    // The retired keys stay, retired: nothing sealed under them is left, and none seals anything new.
    expect((await store.db.rows(sql`SELECT 1 FROM data_key WHERE id = ANY(${oldKeys}::int[]) AND retired_at IS NOT NULL`)).length).toBe(oldKeys.length);

    // The same session reads the same chart; a new sign-in's TOTP secret opens under the new accounts key.
    const after = (await app.inject({ url: `/fhir/Patient/${mine.id}/$everything`, headers })).json() as fhir4.Bundle;
    expect(after.entry!.map((entry) => entry.resource)).toEqual(before.entry!.map((entry) => entry.resource));
    const nurse = accounts.find((account) => account.role === 'nurse')!;
    expect((await app.inject({ url: '/api/me', headers: await signInAs(app, nurse) })).statusCode).toBe(200);
    // A blind-index search still finds the patient: the index key is not rotated.
    const found = await app.inject({ url: `/fhir/Patient?family=${encodeURIComponent(mine.name![0]!.family!)}`, headers });
    expect(found.json().entry.map((entry: { resource: { id: string } }) => entry.resource.id)).toContain(mine.id);

    const entries = await store.db.rows<{ reason: string }>(sql`SELECT reason FROM audit_event WHERE action = 'key-rotation' ORDER BY seq`);
    expect(entries).toHaveLength(summary.scopes + 1);
    expect(entries.at(-1)!.reason).toContain(`${records} records`);
  });
});

describe('vigie keys rewrap', () => {
  it('wraps every data key under a new master key: the new one opens them, the old one no longer does', async () => {
    const [row] = await ownerQuery<{ id: string; body: Uint8Array }>(store.db, 'SELECT id, body FROM patient LIMIT 1');
    const newMaster = randomBytes(32);
    const count = await rewrapDataKeys(store, newMaster, 'test');
    expect(count).toBeGreaterThan(2);
    const reopened = await KeyRing.load(store.db, newMaster);
    expect(openResource(reopened, 'Patient', { ...row!, version: 1, updated_at: new Date() } as PatientRow).resourceType).toBe('Patient');
    await expect(KeyRing.load(store.db, randomBytes(32))).rejects.toThrow();
    // The running service keeps its keys: it reads on.
    const doctor = accounts.find((account) => account.role === 'doctor')!;
    const headers = await signInAs(app, doctor);
    expect((await app.inject({ url: '/fhir/Patient?_count=1', headers })).statusCode).toBe(200);
    const entry = await store.db.one<{ reason: string }>(sql`SELECT reason FROM audit_event WHERE action = 'key-rotation' ORDER BY seq DESC LIMIT 1`);
    expect(entry!.reason).toBe(`master key replaced by the operator test: ${count} data keys wrapped again`);
  });
});
