import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { insertDirectory } from '../src/directory/directory.ts';
import { idNatPs, makeRpps } from '../src/domain/rpps.ts';
import { RPPS_SYSTEM } from '../src/domain/systems.ts';
import { createAccount } from '../src/identity/accounts.ts';
import type { Role } from '../src/domain/roles.ts';
import { clearLoginFailures, recordLoginFailure, USERNAME_RULE } from '../src/identity/throttle.ts';
import { DEFAULT_RPPS_CLAIM, type SsoConfig } from '../src/identity/sso/config.ts';
import { totpCode } from '../src/identity/totp.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { CLINIC_ID, PASSWORD, PRACTITIONER_ID, UNIT_ID, seedFixture, type Fixture } from './support/fixture.ts';
import { patientExample } from './support/examples.ts';
import { Browser, freePort, startOidcProvider, type ProviderProcess } from './support/oidc-provider.ts';
import { openTestStore } from './support/test-store.ts';
import { sql } from '../src/store/sql.ts';

/**
 * Single sign-on end to end: Vigie listening on a real port, a real OpenID Connect
 * provider (oidc-provider) in its own process, and a "browser" made of fetch calls.
 * The provider's login form takes what a Pro Santé Connect sign-in would assert: the
 * IdNat_PS ("8" + RPPS) and the acr/amr of the card or app used.
 */
const CLIENT = { clientId: 'vigie-test', clientSecret: 'a client secret long enough for HS256 0123456789' };
const RPPS = {
  doctor: makeRpps(1000000001), // the fixture's doctor, doctor.test
  officer: makeRpps(1000000002), // a physician who is also the DPO: a privileged account
  suspended: makeRpps(1000000003),
  contained: makeRpps(1000000004),
  noAccount: makeRpps(1000000005), // in the directory, but no account in Vigie
};

let store: Store;
let fixture: Fixture;
let app: FastifyInstance;
let provider: ProviderProcess;
let vigie: string;
let redirectUri: string;
let sso: SsoConfig;
let officerTotpSecret: string;

beforeAll(async () => {
  store = await openTestStore();
  fixture = await seedFixture(store);
  await giveRpps(PRACTITIONER_ID, RPPS.doctor);
  officerTotpSecret = await addPractitionerAccount('dpo', RPPS.officer, '00000000-0000-4000-8000-0000000000a1');
  await addPractitionerAccount('doctor', RPPS.suspended, '00000000-0000-4000-8000-0000000000a2', 'suspended');
  await addPractitionerAccount('doctor', RPPS.contained, '00000000-0000-4000-8000-0000000000a3', 'contained');
  await insertDirectory(store.db, { organizations: [], practitioners: [practitioner('00000000-0000-4000-8000-0000000000a4', RPPS.noAccount)], roles: [] });

  const port = await freePort();
  vigie = `http://127.0.0.1:${port}`;
  redirectUri = `${vigie}/api/auth/sso/callback`;
  provider = await startOidcProvider({ ...CLIENT, redirectUri });
  sso = {
    issuer: new URL(provider.issuer),
    ...CLIENT,
    redirectUri: new URL(redirectUri),
    scope: 'openid scope_all',
    acrValues: 'eidas1',
    rppsClaim: DEFAULT_RPPS_CLAIM,
    strongAcr: ['eidas2', 'eidas3'],
    strongAmr: ['mfa', 'hwk'],
  };
  app = await buildApp({ store, sso });
  await app.listen({ port, host: '127.0.0.1' });
});
afterAll(async () => {
  await app?.close();
  await provider?.stop();
  await store?.close();
});

function practitioner(id: string, rpps: string): fhir4.Practitioner & { id: string } {
  return { resourceType: 'Practitioner', id, identifier: [{ system: RPPS_SYSTEM, value: idNatPs(rpps) }], name: [{ family: 'Exemple', given: ['Camille'] }] };
}

async function giveRpps(practitionerId: string, rpps: string): Promise<void> {
  await store.db.run(
    sql`UPDATE practitioner SET resource = resource || jsonb_build_object('identifier', ${JSON.stringify(practitioner(practitionerId, rpps).identifier)}::jsonb) WHERE id = ${practitionerId}`,
  );
}

/** Returns the account's TOTP secret. */
async function addPractitionerAccount(role: Role, rpps: string, practitionerId: string, status = 'active'): Promise<string> {
  await insertDirectory(store.db, { organizations: [], practitioners: [practitioner(practitionerId, rpps)], roles: [] });
  const { id, totpSecret } = await createAccount(store.db, store.keys, {
    username: `sso.${rpps}`,
    role,
    password: PASSWORD,
    establishmentId: CLINIC_ID,
    practitionerId,
    unitId: UNIT_ID,
  });
  await store.db.run(sql`UPDATE account SET status = ${status} WHERE id = ${id}`);
  return totpSecret;
}

interface ProviderLogin {
  SubjectNameID: string;
  acr?: string;
  amr?: string;
}

/** Starts at Vigie, signs in at the provider, and returns the callback URL the provider sends the browser to. */
async function signInAtProvider(browser: Browser, login: ProviderLogin): Promise<URL> {
  const interaction = await browser.followUntil(`${vigie}/api/auth/sso/start`, (url) => url.pathname.startsWith('/interaction/'));
  const loggedIn = await browser.postForm(`${interaction.href}/login`, { acr: '', amr: '', ...login });
  expect(loggedIn.status, await loggedIn.clone().text()).toBe(303);
  return browser.followUntil(new URL(loggedIn.headers.get('location')!, interaction), (url) => url.href.startsWith(redirectUri));
}

async function callback(browser: Browser, url: URL): Promise<{ status: number; body: any }> {
  const response = await browser.get(url);
  return { status: response.status, body: await response.json() };
}

async function lastSsoAudit(): Promise<{ outcome: string; reason: string; actor_role: string | null; session_id: string | null; detail: any }> {
  const row = await store.db.one<{ outcome: string; reason: string; actor_role: string | null; session_id: string | null; detail: any }>(
    sql`SELECT outcome, reason, actor_role, session_id, detail FROM audit_event WHERE action = 'login' AND detail->>'method' = 'sso' ORDER BY seq DESC LIMIT 1`,
  );
  return row!;
}

const sessionCount = async () => store.db.count(sql`SELECT count(*) FROM session`);

function expectUniformRefusal(answer: { status: number; body: any }) {
  expect(answer.status).toBe(401);
  expect(answer.body.resourceType).toBe('OperationOutcome');
  expect(answer.body.issue[0].code).toBe('login');
  expect(JSON.stringify(answer.body)).not.toMatch(/RPPS|suspended|contained|state/i);
}

describe('single sign-on start', () => {
  it('redirects to the provider with PKCE (S256), state and nonce, and binds the state to the browser', async () => {
    const response = await new Browser().get(`${vigie}/api/auth/sso/start`);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.origin).toBe(provider.issuer);
    const params = location.searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(params.get('client_id')).toBe(CLIENT.clientId);
    expect(params.get('nonce')?.length).toBeGreaterThanOrEqual(32);
    const state = params.get('state')!;
    expect(response.headers.get('set-cookie')).toMatch(new RegExp(`^vigie_sso_state=${state}; .*HttpOnly; SameSite=Lax`));
    // The state is kept as a hash only, and nothing of the verifier is in clear.
    const rows = await store.db.rows<Record<string, unknown>>(sql`SELECT * FROM sso_attempt`);
    const dump = rows
      .flatMap((row) => Object.values(row).map((value) => (value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : String(value))))
      .join('\n');
    expect(dump).not.toContain(state);
    expect(dump).not.toContain(params.get('nonce')!);
  });

  it('does not exist when single sign-on is not configured', async () => {
    const plain = await buildApp({ store });
    const response = await plain.inject({ url: '/api/auth/sso/start' });
    await plain.close();
    expect(response.statusCode).toBe(404);
  });

  it('answers 503 while the provider cannot be reached', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const unreachable = await buildApp({ store, sso: { ...sso, issuer: new URL(closed) } });
    const response = await unreachable.inject({ url: '/api/auth/sso/start' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'transient' }] });
    await unreachable.close();
  });
});

describe('single sign-on callback', () => {
  it('opens a session at once when the provider verified two factors (acr eidas2), and the doctor reads a patient', async () => {
    const browser = new Browser();
    const { status, body } = await callback(browser, await signInAtProvider(browser, { SubjectNameID: idNatPs(RPPS.doctor), acr: 'eidas2' }));
    expect(status, JSON.stringify(body)).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['expiresAt', 'token']);
    const audit = await lastSsoAudit();
    expect(audit).toMatchObject({ outcome: 'allowed', actor_role: 'doctor', detail: { rpps: RPPS.doctor, acr: 'eidas2' } });
    expect(audit.reason).toContain('two factors');
    expect(audit.session_id).not.toBeNull();

    const headers = { authorization: `Bearer ${body.token}`, 'content-type': 'application/fhir+json' };
    const created = await fetch(`${vigie}/fhir/Patient`, { method: 'POST', headers, body: JSON.stringify(patientExample()) });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const read = await fetch(`${vigie}/fhir/Patient/${id}`, { headers });
    expect(read.status).toBe(200);
    expect(((await read.json()) as fhir4.Patient).id).toBe(id);
  });

  it('hands a navigating browser on to the web application, which claims the session once with an HttpOnly cookie', async () => {
    const browser = new Browser();
    const back = await browser.navigate(await signInAtProvider(browser, { SubjectNameID: idNatPs(RPPS.doctor), acr: 'eidas2' }));
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('/#/sso');
    const cookies = back.headers.getSetCookie().join('\n');
    expect(cookies).toMatch(/vigie_sso_handoff=[\w-]{43}; Path=\/api\/auth\/sso; Max-Age=60; HttpOnly; SameSite=Lax/);
    expect(await back.text()).not.toMatch(/token/);
    expect((await new Browser().post(`${vigie}/api/auth/sso/handoff`)).status).toBe(401);
    const claimed = await browser.post(`${vigie}/api/auth/sso/handoff`);
    expect(claimed.status).toBe(200);
    const grant = (await claimed.json()) as { token: string };
    expect((await fetch(`${vigie}/api/me`, { headers: { authorization: `Bearer ${grant.token}` } })).status).toBe(200);
    // Once: the cookie is cleared and the code spent.
    expect((await browser.post(`${vigie}/api/auth/sso/handoff`)).status).toBe(401);
  });

  it('opens a session when amr says the provider used several factors', async () => {
    const browser = new Browser();
    const { status, body } = await callback(browser, await signInAtProvider(browser, { SubjectNameID: idNatPs(RPPS.doctor), acr: 'eidas1', amr: 'pwd,mfa' }));
    expect(status).toBe(200);
    expect(body.token).toBeTypeOf('string');
  });

  it("hands a ticket for Vigie's TOTP when the provider verified one factor (acr eidas1), like a password", async () => {
    const browser = new Browser();
    const sessionsBefore = await sessionCount();
    const { status, body } = await callback(browser, await signInAtProvider(browser, { SubjectNameID: idNatPs(RPPS.doctor), acr: 'eidas1', amr: 'pwd' }));
    expect(status).toBe(200);
    expect(body).toEqual({ ticket: expect.any(String), mfa: ['totp'] });
    expect(await sessionCount()).toBe(sessionsBefore);
    expect((await lastSsoAudit()).reason).toContain('single factor');

    const wrong = await fetch(`${vigie}/api/auth/totp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ticket: body.ticket, code: '000000' }),
    });
    expect(wrong.status).toBe(401);
    const totp = await fetch(`${vigie}/api/auth/totp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ticket: body.ticket, code: totpCode(fixture.secrets.doctor) }),
    });
    expect(totp.status).toBe(200);
    const { token } = (await totp.json()) as { token: string };
    const read = await fetch(`${vigie}/fhir/Patient?_count=1`, { headers: { authorization: `Bearer ${token}` } });
    expect(read.status).toBe(200);
  });

  it('hands a privileged account a ticket whatever the provider verified', async () => {
    const browser = new Browser();
    const { status, body } = await callback(browser, await signInAtProvider(browser, { SubjectNameID: idNatPs(RPPS.officer), acr: 'eidas3', amr: 'hwk,mfa' }));
    expect(status).toBe(200);
    // The same factors as a password sign-in: TOTP, then a passkey (to enrol, at a first sign-in).
    expect(body).toEqual({ ticket: expect.any(String), mfa: ['totp', 'webauthn-enrol'] });
    expect(await lastSsoAudit()).toMatchObject({ outcome: 'allowed', actor_role: 'dpo', session_id: null, reason: expect.stringContaining('privileged') });
    const totp = await fetch(`${vigie}/api/auth/totp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ticket: body.ticket, code: totpCode(officerTotpSecret) }),
    });
    expect(await totp.json()).toEqual({ next: 'webauthn-enrol' }); // still no session
  });

  it("gives no ticket while the account's sign-ins are locked, but still a session when the provider verified two factors", async () => {
    for (let failure = 0; failure < USERNAME_RULE.lockEvery; failure++) await recordLoginFailure(store.db, 'doctor.test', undefined);
    try {
      const weak = new Browser();
      const refused = await weak.get(await signInAtProvider(weak, { SubjectNameID: idNatPs(RPPS.doctor), acr: 'eidas1' }));
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await lastSsoAudit()).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('throttled') });
      const strong = new Browser();
      expect((await callback(strong, await signInAtProvider(strong, { SubjectNameID: idNatPs(RPPS.doctor), acr: 'eidas3' }))).status).toBe(200);
    } finally {
      await clearLoginFailures(store.db, 'doctor.test');
    }
  });

  it('refuses an RPPS number with no account, uniformly, and audits why', async () => {
    const browser = new Browser();
    expectUniformRefusal(await callback(browser, await signInAtProvider(browser, { SubjectNameID: idNatPs(RPPS.noAccount), acr: 'eidas3' })));
    expect(await lastSsoAudit()).toMatchObject({
      outcome: 'refused',
      actor_role: null,
      reason: expect.stringContaining('no account'),
      detail: { rpps: RPPS.noAccount },
    });
  });

  it('refuses an identifier that is not an RPPS number', async () => {
    const browser = new Browser();
    expectUniformRefusal(await callback(browser, await signInAtProvider(browser, { SubjectNameID: '012345678901', acr: 'eidas3' })));
    expect((await lastSsoAudit()).reason).toContain('no valid RPPS number');
  });

  it.each(['suspended', 'contained'] as const)('refuses a %s account', async (status) => {
    const browser = new Browser();
    const sessionsBefore = await sessionCount();
    expectUniformRefusal(await callback(browser, await signInAtProvider(browser, { SubjectNameID: idNatPs(RPPS[status]), acr: 'eidas3' })));
    expect(await lastSsoAudit()).toMatchObject({ outcome: 'refused', actor_role: 'doctor', reason: expect.stringContaining(`account ${status}`) });
    expect(await sessionCount()).toBe(sessionsBefore);
  });

  it('honours a callback once: a replay opens nothing', async () => {
    const browser = new Browser();
    const url = await signInAtProvider(browser, { SubjectNameID: idNatPs(RPPS.doctor), acr: 'eidas2' });
    expect((await callback(browser, url)).status).toBe(200);
    const sessionsAfterFirst = await sessionCount();
    // The same browser cannot replay (its state cookie is spent), nor can one that forged the cookie.
    expectUniformRefusal(await callback(browser, url));
    const forged = await fetch(url, { headers: { cookie: `vigie_sso_state=${url.searchParams.get('state')}` } });
    expectUniformRefusal({ status: forged.status, body: await forged.json() });
    expect(await lastSsoAudit()).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('already used') });
    expect(await sessionCount()).toBe(sessionsAfterFirst);
  });

  it('refuses a callback brought to another browser than the one that started (login CSRF)', async () => {
    const url = await signInAtProvider(new Browser(), { SubjectNameID: idNatPs(RPPS.doctor), acr: 'eidas2' });
    const sessionsBefore = await sessionCount();
    expectUniformRefusal(await callback(new Browser(), url));
    expect(await lastSsoAudit()).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('not bound to this browser') });
    expect(await sessionCount()).toBe(sessionsBefore);
  });

  it('refuses a tampered state', async () => {
    const browser = new Browser();
    const url = await signInAtProvider(browser, { SubjectNameID: idNatPs(RPPS.doctor), acr: 'eidas2' });
    const state = url.searchParams.get('state')!;
    url.searchParams.set('state', `${state.slice(0, -2)}${state.endsWith('AA') ? 'BB' : 'AA'}`);
    const sessionsBefore = await sessionCount();
    expectUniformRefusal(await callback(browser, url));
    expect(await lastSsoAudit()).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('unknown state') });
    expect(await sessionCount()).toBe(sessionsBefore);
  });

  it('refuses a tampered code and spends the attempt', async () => {
    const browser = new Browser();
    const url = await signInAtProvider(browser, { SubjectNameID: idNatPs(RPPS.doctor), acr: 'eidas2' });
    url.searchParams.set('code', `${url.searchParams.get('code')}x`);
    expectUniformRefusal(await callback(browser, url));
    expect(await lastSsoAudit()).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('provider answer rejected') });
  });

  it('refuses an expired attempt', async () => {
    const browser = new Browser();
    const url = await signInAtProvider(browser, { SubjectNameID: idNatPs(RPPS.doctor), acr: 'eidas2' });
    await store.db.run(sql`UPDATE sso_attempt SET expires_at = now() - interval '1 second' WHERE used_at IS NULL`);
    expectUniformRefusal(await callback(browser, url));
    expect((await lastSsoAudit()).reason).toContain('expired');
  });
});
