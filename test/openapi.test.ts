import { readFileSync } from 'node:fs';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { openApiDocument, WEB_TYPES, webTypes } from '../scripts/openapi-types.ts';
import { StoreDigest } from './fuzz/store-digest.ts';
import { CLINIC_ID, seedFixture, signIn } from './support/fixture.ts';
import { openTestStore } from './support/test-store.ts';

/**
 * The routes' schemas: what they refuse (a 400 OperationOutcome naming the field, nothing
 * written), the OpenAPI document they make, and the web application's types made from it.
 */
let store: Store;
let app: FastifyInstance;
let digest: StoreDigest;
let admin: Record<string, string>;
let doctor: Record<string, string>;

beforeAll(async () => {
  store = await openTestStore();
  const fixture = await seedFixture(store);
  app = await buildApp({ store });
  admin = await signIn(app, fixture, 'user_admin');
  doctor = await signIn(app, fixture, 'doctor');
  digest = new StoreDigest(store.db);
}, 120_000);
afterAll(async () => {
  await app.close();
  await store.close();
});

async function refused(request: InjectOptions, expression: string, diagnostics: RegExp): Promise<void> {
  const before = await digest.take();
  const response = await app.inject(request);
  expect(response.statusCode, response.body).toBe(400);
  expect(response.headers['content-type']).toContain('application/fhir+json');
  expect(response.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', expression: [expression] }] });
  expect(response.json().issue[0].diagnostics).toMatch(diagnostics);
  expect(StoreDigest.changed(before, await digest.take())).toEqual([]);
}

describe('a body its schema refuses', () => {
  const account = { username: 'nouveau.medecin', role: 'doctor', establishmentId: CLINIC_ID };
  const create = (payload: unknown): InjectOptions => ({ method: 'POST', url: '/api/admin/accounts', headers: admin, payload: payload as object });

  it('of a wrong type, or a number given as text, is a 400 naming the field, and writes nothing', async () => {
    await refused(create({ ...account, username: 42 }), 'username', /^Field 'username' must be a string$/);
    await refused({ method: 'POST', url: '/api/auth/login', payload: { username: 5, password: 'x' } }, 'username', /must be a string/);
    await refused(create({ ...account, establishmentId: 'x' }), 'establishmentId', /must be an id \(UUID\)/);
    await refused(create({ ...account, role: 'superuser' }), 'role', /must be one of .*doctor/);
    await refused(create([account]), 'body', /must be a JSON object/);
  });

  it('without a required field is a 400 naming it, and writes nothing', async () => {
    await refused(create({ role: 'doctor' }), 'username', /^Field 'username' is required$/);
    const exportAsked = { purpose: 'research', justification: 'cohorte de suivi', ethicsReference: 'CPP-1', scope: {} };
    await refused({ method: 'POST', url: '/api/exports', headers: doctor, payload: exportAsked }, 'scope.kind', /'scope.kind' is required/);
  });

  it('with an unknown field, however deep, is a 400 naming it, and writes nothing', async () => {
    await refused(create({ ...account, admin: true }), 'admin', /^Unknown field 'admin'$/);
    const window = {
      purpose: 'migration',
      justification: 'bascule vers le nouveau DPI',
      scope: { kind: 'establishment' },
      window: { start: 'a', end: 'b', at: 'c' },
    };
    await refused({ method: 'POST', url: '/api/exports', headers: doctor, payload: window }, 'window.at', /^Unknown field 'window.at'$/);
    await refused({ method: 'POST', url: '/api/exports/not-an-id/approve', headers: doctor, payload: { note: 'ok' } }, 'id', /path's 'id' must be an id/);
  });

  it('in the query of an /api route: refused by its schema too', async () => {
    await refused({ url: '/api/security/alerts?status=maybe', headers: doctor }, 'status', /^Parameter 'status' must be one of open, all$/);
  });
});

describe('GET /api/openapi.json', () => {
  it('describes every /api route the server serves, and no other', async () => {
    const response = await app.inject('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    const document = response.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toMatch(/^3\./);
    const described = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const served = app.routeTable.served
      .filter((route) => route.method !== 'HEAD' && route.url.startsWith('/api/'))
      .map((route) => `${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(described.filter((route) => route.includes(' /api/')).sort()).toEqual([...new Set(served)].sort());
  });

  it('is what the web application was typed from: web/src/api/types.gen.ts is not stale', async () => {
    const expected = await webTypes(await openApiDocument());
    expect(readFileSync(WEB_TYPES, 'utf8'), 'run npm run openapi:types').toBe(expected);
  }, 120_000);
});
