import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { TEXT_LIMITS } from '../src/domain/validate/limits.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { seedFixture, signIn, type Fixture } from './support/fixture.ts';
import { encounterExample, patientExample } from './support/examples.ts';
import { openTestStore } from './support/test-store.ts';
import { StoreDigest } from './fuzz/store-digest.ts';

/**
 * Bad input is a 4xx OperationOutcome and changes nothing (DESIGN.md invariant 8), wherever
 * it is: the path, the query, a header, the body; and Fastify's own refusals too.
 */
let store: Store;
let app: FastifyInstance;
let fixture: Fixture;
let doctor: Record<string, string>;
let digest: StoreDigest;
let before: Map<string, string>;
let patientId: string;

beforeAll(async () => {
  store = await openTestStore();
  fixture = await seedFixture(store);
  app = await buildApp({ store });
  doctor = await signIn(app, fixture, 'doctor');
  const created = await app.inject({ method: 'POST', url: '/fhir/Patient', headers: doctor, payload: patientExample() });
  expect(created.statusCode, created.body).toBe(201);
  patientId = created.json().id;
  digest = new StoreDigest(store.db);
});
afterAll(async () => {
  await app.close();
  await store.close();
});
beforeEach(async () => {
  before = await digest.take();
});

/** The answer is `status` with an OperationOutcome naming `expression` when given, and no table changed. */
async function refused(request: InjectOptions | string, status: number, expression?: string): Promise<LightMyRequestResponse> {
  const response = await app.inject(request);
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toContain('application/fhir+json');
  const outcome = response.json();
  expect(outcome.resourceType).toBe('OperationOutcome');
  expect(outcome.issue[0].severity).toBe('error');
  if (expression) expect(outcome.issue.flatMap((issue: { expression?: string[] }) => issue.expression ?? [])).toContain(expression);
  expect(StoreDigest.changed(before, await digest.take())).toEqual([]);
  return response;
}
const post = (url: string, payload: string | object, headers: Record<string, string> = doctor): InjectOptions => ({
  method: 'POST',
  url,
  headers: { ...headers, 'content-type': 'application/fhir+json' },
  payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
});

describe('NUL and invalid Unicode, wherever they are', () => {
  it('in the login username: a 400, not a 500', async () => {
    await refused({ method: 'POST', url: '/api/auth/login', payload: { username: 'doctor.test\u0000', password: 'x' } }, 400, 'body.username');
    await refused({ method: 'POST', url: '/api/auth/login', payload: { username: 'doctor\uD800.test', password: 'x' } }, 400, 'body.username');
  });

  it('in the path', async () => {
    await refused({ url: '/fhir/Patient/%00', headers: doctor }, 400, 'id');
    await refused({ url: `/fhir/Patient/${patientId}%00`, headers: doctor }, 400, 'id');
    // %ED%A0%80 is a surrogate written as UTF-8: not UTF-8 at all.
    await refused({ url: '/fhir/Patient/%ED%A0%80', headers: doctor }, 400);
    await refused({ url: '/fhir/Patient/%zz', headers: doctor }, 400);
  });

  it('in the query, and a broken percent-escape there', async () => {
    await refused({ url: '/fhir/Patient?family=ab%00c', headers: doctor }, 400, 'family');
    await refused({ url: '/fhir/Patient?family=%ED%A0%80', headers: doctor }, 400, 'query');
    await refused({ url: '/fhir/Patient?family=%zz', headers: doctor }, 400, 'query');
    await refused({ url: '/fhir/Patient?fam%00ily=abc', headers: doctor }, 400, 'query');
  });

  it('in a header', async () => {
    await refused({ url: '/api/me', headers: { ...doctor, 'user-agent': 'Firefox\u0000' } }, 400, 'user-agent');
    await refused({ url: '/api/me', headers: { ...doctor, 'x-anything': '\uDC00' } }, 400, 'x-anything');
    await refused({ url: '/fhir/Patient?family=abc', headers: { ...doctor, host: 'evil example' } }, 400, 'host');
  });

  it('in a JSON body, as a value or a key, however deep', async () => {
    await refused(post('/fhir/Patient', '{"resourceType":"Patient","name":[{"family":"\\ud800"}]}'), 400, 'body.name[0].family');
    await refused(post('/fhir/Patient', '{"resourceType":"Patient","name":[{"family":"Mar\\u0000tin"}]}'), 400, 'body.name[0].family');
    await refused(post('/fhir/Patient', '{"resourceType":"Patient","name":[{"fam\\u0000ily":"Martin"}]}'), 400);
    await refused(post('/fhir/Patient', `{"a":${'['.repeat(50_000)}"\\u0000"${']'.repeat(50_000)}}`), 400);
    await refused(post('/fhir/Patient', '{"resourceType":"Patient","__proto__":{"admin":true}}'), 400, 'body.__proto__');
    await refused(post('/api/break-glass', { patient: patientId, reason: 'emergency', text: 'x\u0000' }), 400, 'body.text');
  });
});

describe('malformed references and sizes', () => {
  it('a reference whose id is not a UUID is a 400 from validation, never a database error', async () => {
    for (const reference of ['Practitioner/not-a-uuid', 'Patient/00000000-0000-4000-8000-000000000004', 'https://evil.example/Practitioner/1']) {
      await refused(post('/fhir/Patient', patientExample({ generalPractitioner: [{ reference }] })), 400, 'Patient.generalPractitioner[0].reference');
    }
    const encounter = { ...encounterExample(patientId), serviceProvider: { reference: 'Organization/unit-1' } };
    await refused(post('/fhir/Encounter', encounter), 400, 'Encounter.serviceProvider.reference');
  });

  it('a 1 MB family name is refused with the bound, not stored', async () => {
    const response = await refused(post('/fhir/Patient', patientExample({ name: [{ family: 'x'.repeat(1_000_000) }] })), 400, 'Patient.name[0].family');
    expect(response.json().issue[0]).toMatchObject({ code: 'too-long', diagnostics: expect.stringContaining(`at most ${TEXT_LIMITS.namePart}`) });
    expect(response.body.length).toBeLessThan(1_000);
  });

  it("a body past its route family's limit is a 413 OperationOutcome", async () => {
    const response = await refused(post('/fhir/Patient', `"${'x'.repeat(1024 * 1024)}"`), 413);
    expect(response.json().issue[0].code).toBe('too-costly');
    await refused({ method: 'POST', url: '/api/auth/login', payload: { username: 'x'.repeat(200 * 1024), password: 'x' } }, 413);
    await refused({ ...post('/api/auth/login', '{}'), headers: { 'content-type': 'application/json', 'content-length': String(64 * 1024 * 1024) } }, 413);
  });
});

describe('query parameters', () => {
  it('unknown or repeated ones are refused on every route, by name', async () => {
    const outcome = (await refused({ url: '/fhir/Observation?patient=a&subject=b', headers: doctor }, 400, 'subject')).json();
    expect(outcome.issue[0].diagnostics).toContain('not both');
    await refused({ url: `/fhir/Observation?patient=${patientId}&patient=${patientId}`, headers: doctor }, 400, 'patient');
    await refused({ url: '/fhir/Patient?family=abc&colour=blue', headers: doctor }, 400, 'colour');
    await refused({ url: `/fhir/Patient/${patientId}?_summary=true`, headers: doctor }, 400, '_summary');
    await refused({ url: '/api/me?verbose=1', headers: doctor }, 400, 'verbose');
    await refused({ url: '/api/exports?status=ready', headers: doctor }, 400, 'status');
    await refused({ url: '/api/portal/record?id=1', headers: doctor }, 400, 'id');
    await refused({ url: '/api/security/alerts?status=open&status=all', headers: doctor }, 400, 'status');
    await refused({ url: '/fhir/$export?_type=Patient', headers: { ...doctor, prefer: 'respond-async' } }, 400, '_type');
    await refused({ url: '/api/auth/methods?x', headers: doctor }, 400, 'x');
  });

  it('_format: JSON is served, XML is a 406', async () => {
    await refused('/fhir/metadata?_format=xml', 406, '_format');
    await refused('/fhir/metadata?_format=application/fhir%2Bxml', 406, '_format');
    for (const format of ['json', 'application/json', 'application/fhir%2Bjson', 'application/fhir+json']) {
      const response = await app.inject(`/fhir/metadata?_format=${format}`);
      expect(response.statusCode, format).toBe(200);
    }
    const read = await app.inject({ url: `/fhir/Patient/${patientId}?_format=json`, headers: doctor });
    expect(read.statusCode, read.body).toBe(200);
  });
});

describe("Fastify's own refusals are OperationOutcomes", () => {
  it('malformed JSON, another content type, an unknown route, a known path with another method, a too long segment', async () => {
    await refused(post('/fhir/Patient', '{"resourceType": "Patient", '), 400);
    await refused({ method: 'POST', url: '/fhir/Patient', headers: { ...doctor, 'content-type': 'application/xml' }, payload: '<Patient/>' }, 415);
    await refused({ url: '/fhir/nowhere/at/all', headers: doctor }, 404);
    const deleting = await refused({ method: 'DELETE', url: `/fhir/Patient/${patientId}`, headers: doctor }, 405);
    expect(deleting.headers.allow).toBe('GET, HEAD, PUT');
    // /fhir/metadata is also a /fhir/:type, to which one may POST (and be told metadata is no resource type).
    expect((await refused({ method: 'PATCH', url: '/fhir/metadata' }, 405)).headers.allow).toBe('GET, HEAD, POST');
    await refused({ url: `/fhir/Patient/${'a'.repeat(500)}`, headers: doctor }, 414);
  });
});
