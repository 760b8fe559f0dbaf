import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { SimulatedClock } from '../../src/guard/clock.ts';
import { createAccount } from '../../src/identity/accounts.ts';
import { STAFF_ROLES } from '../../src/domain/roles.ts';
import type { Store } from '../../src/runtime/open-store.ts';
import { encounterExample, patientExample } from '../support/examples.ts';
import { CLINIC_ID, seedFixture, signIn, UNIT_ID } from '../support/fixture.ts';
import { signInAs, testAccount } from '../support/sign-in.ts';
import { asOwner, openTestStore } from '../support/test-store.ts';
import { hostileText, hostileValue, mutated, tainted, urlPart } from './hostile.ts';
import { FUZZ_TABLE, type Plan, type RouteFuzz, type Who, type World } from './route-plans.ts';
import { StoreDigest } from './store-digest.ts';

/**
 * Every route the app registers, driven with plausible and hostile input (issue: bad input
 * is a 4xx everywhere): every answer is 2xx/3xx, or a 4xx OperationOutcome that changed
 * nothing (DESIGN.md invariant 8); never a 5xx. Seeded: a failure prints its seed and path,
 * and TEST_FUZZ_SEED=… replays it (TEST_FUZZ_RUNS=… for more runs, TEST_FUZZ_TRACE=1 to see
 * every request and what each route answered).
 */
const SEED = Number(process.env.TEST_FUZZ_SEED ?? 17_2026);
const RUNS = Number(process.env.TEST_FUZZ_RUNS ?? 10);

let store: Store;
let app: FastifyInstance;
let exportDir: string;
let digest: StoreDigest;
let patientId: string;
const clock = new SimulatedClock();
const sessions = new Map<Who, Record<string, string>>();
/** The accounts the fuzzer signs in as: never handed to it as targets (disabling one would end its runs). */
const actorIds: string[] = [];

beforeAll(async () => {
  store = await openTestStore();
  const fixture = await seedFixture(store);
  exportDir = mkdtempSync(join(tmpdir(), 'vigie-fuzz-'));
  app = await buildApp({ store, clock, exportDir });
  for (const role of STAFF_ROLES) sessions.set(role, await signIn(app, fixture, role));
  const doctor = sessions.get('doctor')!;
  const created = await app.inject({ method: 'POST', url: '/fhir/Patient', headers: doctor, payload: patientExample() });
  expect(created.statusCode, created.body).toBe(201);
  patientId = created.json().id;
  expect((await app.inject({ method: 'POST', url: '/fhir/Encounter', headers: doctor, payload: encounterExample(patientId) })).statusCode).toBe(201);
  const password = 'patient fuzz walks along the river';
  const patient = await createAccount(store.db, store.keys, { username: 'patient.fuzz', role: 'patient', password, patientId });
  sessions.set('patient', await signInAs(app, { username: 'patient.fuzz', password, totpSecret: patient.totpSecret, signIns: 0 }));
  await testAccount(store, 'target.fuzz', 'nurse', { establishmentId: CLINIC_ID, unitId: UNIT_ID });
  actorIds.push(...(await store.db.query<{ id: string }>("SELECT id::text FROM account WHERE username <> 'target.fuzz'")).map((row) => row.id));
  digest = new StoreDigest(store.db);
}, 120_000);
/** The statuses each route answered: what the fuzzing reached, printed at the end. */
const answers = new Map<string, number[]>();

afterAll(async () => {
  const reached = [...answers].map(([route, statuses]) => {
    const counts = new Map<number, number>();
    for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
    return `${route}: ${[...counts]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ')}`;
  });
  const all = [...answers.values()].flat();
  console.info(
    `Fuzzed ${all.length} requests (seed ${SEED}): ${all.filter((status) => status < 400).length} accepted, ${all.filter((status) => status >= 400).length} refused${process.env.TEST_FUZZ_TRACE ? `\n${reached.join('\n')}` : ''}`,
  );
  await app?.close();
  await store?.close();
  if (exportDir) rmSync(exportDir, { recursive: true, force: true });
});

/** Ids of rows that exist now, a few of each table that has them (patients, resources, exports, alerts, teams, requests…). */
async function knownIds(): Promise<string[]> {
  return asOwner(store.db, async (sql) => {
    const tables = await sql.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'id' AND data_type = 'uuid' ORDER BY table_name",
    );
    const ids: string[] = [];
    for (const { table_name: table } of tables) {
      const rows = await sql.query<{ id: string }>(`SELECT id::text AS id FROM "${table}" ORDER BY id LIMIT 4`);
      ids.push(...rows.map((row) => row.id).filter((id) => !actorIds.includes(id)));
    }
    return ids;
  });
}

const EVERYONE: readonly Who[] = ['nobody', 'patient', ...STAFF_ROLES];

interface Sent {
  who: Who;
  junkToken: boolean;
  params: Record<string, string>;
  query: Array<[string, string]>;
  body: unknown;
  raw: string | undefined;
}

/** A request for the route: its plan, then each part kept, or swapped for something hostile. */
function requestsFor(entry: RouteFuzz, world: World, method: string): fc.Arbitrary<Sent> {
  const plans = entry.plan?.(world) ?? fc.constant<Plan>({});
  const maybeHostile = (value: string) =>
    fc.oneof({ weight: 10, arbitrary: fc.constant(value) }, { weight: 1, arbitrary: fc.uuid() }, { weight: 1, arbitrary: hostileText });
  return plans.chain((plan) => {
    const known = Object.entries(plan.query ?? {});
    const query = fc
      .tuple(
        fc.tuple(...known.map(([name, value]) => fc.tuple(fc.constant(name), maybeHostile(value)))),
        fc.oneof(
          { weight: 6, arbitrary: fc.constant<Array<[string, string]>>([]) },
          { weight: 1, arbitrary: fc.tuple(hostileText, hostileText).map((pair) => [pair]) },
          { weight: 1, arbitrary: fc.constantFrom<Array<[string, string]>>([['_format', 'json']], [['_format', 'xml']], [['_summary', 'true']]) },
        ),
        fc.nat(5).map((n) => n === 0),
      )
      .map(([pairs, extra, repeat]) => [...pairs, ...(repeat && pairs.length > 0 ? [pairs[0]!] : []), ...extra]);
    const params = fc.record(Object.fromEntries(Object.entries(plan.params ?? {}).map(([name, value]) => [name, maybeHostile(value)])));
    const carriesBody = method !== 'GET';
    const body = !carriesBody
      ? fc.constant(undefined)
      : plan.body === undefined
        ? fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: hostileValue })
        : mutated(fc.constant(plan.body));
    const raw = carriesBody
      ? fc.oneof(
          { weight: 15, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.constantFrom('{"resourceType":', 'not json', '\u0000', '{"a":"\\ud800"}') },
        )
      : fc.constant(undefined);
    const who = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...entry.as) }, { weight: 1, arbitrary: fc.constantFrom(...EVERYONE) });
    return fc.record({ who, junkToken: fc.boolean(), params, query, body, raw });
  });
}

/**
 * Before the random runs, the known failure classes, always: NUL and a lone surrogate in
 * every path parameter, in every query value, and in every string and key of the body.
 */
function taintedExamples(entry: RouteFuzz, world: World, method: string): Sent[] {
  const [plan] = fc.sample(entry.plan?.(world) ?? fc.constant<Plan>({}), { seed: SEED, numRuns: 1 });
  const who = entry.as[0]!;
  const base: Sent = { who, junkToken: false, params: plan!.params ?? {}, query: Object.entries(plan!.query ?? {}), body: plan!.body, raw: undefined };
  return ['\u0000', '\uD800'].flatMap((bad) => [
    ...Object.keys(base.params).map((name) => ({ ...base, params: { ...base.params, [name]: `${base.params[name]}${bad}` } })),
    ...(base.query.length > 0 ? [{ ...base, query: base.query.map(([name, value]): [string, string] => [name, `${value}${bad}`]) }] : []),
    ...(method !== 'GET'
      ? [
          { ...base, body: base.body === undefined ? bad : tainted(base.body, bad) },
          { ...base, body: tainted(base.body, bad, true) },
        ]
      : []),
  ]);
}

let addresses = 0;

async function send(method: string, url: string, entry: RouteFuzz, sent: Sent) {
  const path = url.replace(/:(\w+)/g, (_match, name: string) => urlPart(sent.params[name] ?? ''));
  const search = sent.query.map(([name, value]) => `${urlPart(name)}=${urlPart(value)}`).join('&');
  const headers: Record<string, string> = { ...entry.headers };
  if (sent.who !== 'nobody') Object.assign(headers, sessions.get(sent.who));
  else if (sent.junkToken) headers.authorization = 'Bearer not-a-token';
  const payload =
    sent.raw ?? (sent.body === undefined ? undefined : typeof sent.body === 'string' && entry.contentType ? sent.body : JSON.stringify(sent.body));
  if (payload !== undefined) headers['content-type'] = entry.contentType ?? 'application/json';
  // Signed out, from an address of its own: the per-address brake on sign-ins is tested elsewhere.
  const remoteAddress = sent.who === 'nobody' ? `10.77.${(++addresses >> 8) & 255}.${addresses & 255}` : undefined;
  const target = `${path}${search ? `?${search}` : ''}`;
  const response = await app.inject({ method: method as 'GET', url: target, headers, payload, ...(remoteAddress ? { remoteAddress } : {}) });
  return { response, label: `${method} ${target.slice(0, 300)} as ${sent.who}` };
}

describe(`every route, fuzzed (seed ${SEED}, ${RUNS} runs each)`, () => {
  it('has a fuzz entry for every route the app serves, and none for a route it does not', async () => {
    await app.ready();
    const served = new Set(app.routeTable.served.filter((route) => route.method !== 'HEAD').map((route) => `${route.method} ${route.url}`));
    expect([...served].filter((route) => !(route in FUZZ_TABLE))).toEqual([]);
    expect(Object.keys(FUZZ_TABLE).filter((route) => !served.has(route))).toEqual([]);
  });

  for (const [route, entry] of Object.entries(FUZZ_TABLE)) {
    it(route, async () => {
      const [method, url] = route.split(' ') as [string, string];
      const world: World = { patientId, ids: await knownIds() };
      const examples = taintedExamples(entry, world, method).map((sent): [Sent] => [sent]);
      let before = await digest.take();
      await fc.assert(
        fc.asyncProperty(requestsFor(entry, world, method), async (sent) => {
          // The guard's windows move on between requests, as they would over a working day.
          clock.advance(5 * 60_000);
          const { response, label } = await send(method, url, entry, sent);
          expect(response.statusCode, `${label}: ${response.body.slice(0, 300)}`).toBeLessThan(500);
          answers.set(route, [...(answers.get(route) ?? []), response.statusCode]);
          if (process.env.TEST_FUZZ_TRACE) console.info(label, response.statusCode, response.body.slice(0, 160));
          if (response.statusCode < 400) {
            await app.exportJobs.settled();
            before = await digest.take();
            return;
          }
          expect(response.headers['content-type'], label).toContain('application/fhir+json');
          const outcome = response.json();
          expect(outcome.resourceType, label).toBe('OperationOutcome');
          expect(outcome.issue.length, label).toBeGreaterThan(0);
          const after = await digest.take();
          expect(StoreDigest.changed(before, after), `${label} answered ${response.statusCode} and changed`).toEqual([]);
          before = after;
        }),
        // The examples come first and count among the runs: RUNS random ones follow them.
        { seed: SEED, numRuns: RUNS + examples.length, endOnFailure: true, examples },
      );
    });
  }
});
