import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { patientExample } from './support/examples.ts';
import { seedFixture, signIn } from './support/fixture.ts';
import { asOwner, openTestStore, ownerQuery } from './support/test-store.ts';

/**
 * Invariant 1: the audit entry is written in the same transaction as the read. If the
 * entry cannot be written, nothing is disclosed (and a write is not kept).
 */
let store: Store;
beforeAll(async () => {
  store = await openTestStore();
});
afterAll(() => store.close());

describe('audit and disclosure are one transaction', () => {
  it('discloses nothing and keeps nothing when the audit entry cannot be written', async () => {
    const fixture = await seedFixture(store);
    const app = await buildApp({ store });
    const doctor = await signIn(app, fixture, 'doctor');
    const created = await app.inject({ method: 'POST', url: '/fhir/Patient', headers: doctor, payload: patientExample() });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;

    // From now on every audit insert fails, as a full disk or a broken ledger would.
    await asOwner(store.db, async (tx) => {
      await tx.query(`CREATE FUNCTION refuse_audit() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit unavailable'; END; $$ LANGUAGE plpgsql`);
      await tx.query('CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION refuse_audit()');
    });
    const patientsBefore = await ownerQuery(store.db, 'SELECT id FROM patient');

    const read = await app.inject({ url: `/fhir/Patient/${id}`, headers: doctor });
    expect(read.statusCode).toBe(500);
    expect(read.body).not.toContain('Lef');
    const search = await app.inject({ url: '/fhir/Patient?family=lef', headers: doctor });
    expect(search.statusCode).toBe(500);
    expect(search.body).not.toContain(id);
    const write = await app.inject({ method: 'POST', url: '/fhir/Patient', headers: doctor, payload: patientExample() });
    expect(write.statusCode).toBe(500);
    expect(await ownerQuery(store.db, 'SELECT id FROM patient')).toEqual(patientsBefore);
    await app.close();
  });
});
