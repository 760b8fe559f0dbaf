import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { baselineApp } from '../bench/http/baseline.ts';
import { allowPlainReads } from '../bench/plain-reads.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { seedFixture } from './support/fixture.ts';
import { stayingInUnit } from './support/patient-rows.ts';
import { openTestStore } from './support/test-store.ts';

/** The baseline of `npm run bench:http` answers what Vigie is compared with, and only to its token. */
describe('the HTTP benchmark baseline', () => {
  let store: Store;
  let app: FastifyInstance;
  let id: string;
  const headers = { authorization: 'Bearer bench-token' };

  beforeAll(async () => {
    store = await openTestStore();
    await seedFixture(store);
    [id] = (await stayingInUnit(store, 1, 'Baseline')) as [string];
    await allowPlainReads(store.db);
    app = baselineApp(store.db, { token: 'bench-token', indexKey: store.keys.secret('index') });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('reads a patient, finds it by family name and gives its everything, as stored', async () => {
    const read = await app.inject({ url: `/fhir/Patient/${id}`, headers });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id });
    const search = await app.inject({ url: '/fhir/Patient?family=Baseline&_count=10', headers });
    expect(search.json().entry.map((row: { id: string }) => row.id)).toEqual([id]);
    const everything = await app.inject({ url: `/fhir/Patient/${id}/$everything`, headers });
    expect(everything.json().entry[0].id).toBe(id);
  });

  it('refuses a request without its token', async () => {
    expect((await app.inject({ url: `/fhir/Patient/${id}` })).statusCode).toBe(401);
    expect((await app.inject({ url: `/fhir/Patient/${id}`, headers: { authorization: 'Bearer another' } })).statusCode).toBe(401);
  });
});
