import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { PRIVILEGED_ROLES } from '../src/domain/roles.ts';
import { totpCode } from '../src/identity/totp.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { allowAnotherTotp as allowAnotherTotpIn, bearer, clientAt, enrolAtFirstSignIn, passwordAndTotp, type Client } from './support/ceremony.ts';
import { testAccount, type TestAccount } from './support/sign-in.ts';
import { SoftwareAuthenticator, type AssertionTweaks } from './support/software-authenticator.ts';
import { openTestStore } from './support/test-store.ts';
import { sql } from '../src/store/sql.ts';

/**
 * Privileged sign-in over HTTP (threat T1: a stolen password and TOTP secret of a
 * privileged account): TOTP, then a passkey — enrolled at the first sign-in — before any
 * token; wrong, replayed and cloned assertions refused with the uniform 401.
 */
let store: Store;
let app: FastifyInstance;
beforeAll(async () => {
  store = await openTestStore();
  app = await buildApp({ store });
});
afterAll(async () => {
  await app.close();
  await store.close();
});

let accounts = 0;
const privilegedAccount = async (role: (typeof PRIVILEGED_ROLES)[number] = 'security_officer') => testAccount(store, `officer.${++accounts}`, role);

const sessionsOf = async (account: TestAccount) => (await store.db.rows(sql`SELECT 1 FROM session WHERE account_id = ${account.id}`)).length;
const lastAudit = async (account: TestAccount, action: string) =>
  (
    await store.db.rows<{ outcome: string; reason: string; session_id: string | null }>(
      sql`SELECT outcome, reason, session_id FROM audit_event WHERE actor_id = ${account.id} AND action = ${action} ORDER BY seq DESC LIMIT 1`,
    )
  )[0];

const enrol = (account: TestAccount) => enrolAtFirstSignIn(app, account);
const allowAnotherTotp = (account: TestAccount) => allowAnotherTotpIn(store, account);

/** Enrolment options of another account, as a thief would get them to craft a registration. */
async function enrolOptionsOf(account: TestAccount) {
  const client = clientAt(app);
  const { ticket } = await passwordAndTotp(client, account);
  return (await client.post('/api/auth/webauthn/register/options', { ticket, activationCode: account.activationCode })).json();
}

/** A later sign-in up to the passkey: the ticket and fresh request options. */
async function upToPasskey(client: Client, account: TestAccount) {
  const { ticket, totp } = await passwordAndTotp(client, account);
  expect(totp.json()).toEqual({ next: 'webauthn' });
  const options = await client.post('/api/auth/webauthn/options', { ticket });
  expect(options.statusCode, options.body).toBe(200);
  return { ticket, options: options.json() };
}

async function expectUniform401(response: { statusCode: number; json(): any }) {
  expect(response.statusCode).toBe(401);
  expect(response.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] });
}

describe('enrolment on first sign-in', () => {
  it('asks TOTP then a passkey enrolment, opens a short session and hands ten recovery codes once', async () => {
    const account = await privilegedAccount('sysadmin');
    const client = clientAt(app);
    const { ticket, mfa, totp } = await passwordAndTotp(client, account);
    expect(mfa).toEqual(['totp', 'webauthn-enrol']);
    expect(totp.statusCode).toBe(200);
    expect(totp.json()).toEqual({ next: 'webauthn-enrol' });
    expect(await sessionsOf(account)).toBe(0);

    const activationCode = account.activationCode;
    const options = await client.post('/api/auth/webauthn/register/options', { ticket, activationCode });
    expect(options.statusCode, options.body).toBe(200);
    expect(options.json()).toMatchObject({
      rp: { id: 'localhost', name: 'Vigie' },
      user: { name: account.username },
      authenticatorSelection: { userVerification: 'required' },
      excludeCredentials: [],
    });
    const authenticator = new SoftwareAuthenticator();
    const verify = await client.post('/api/auth/webauthn/register/verify', { ticket, activationCode, response: authenticator.register(options.json()) });
    expect(verify.statusCode, verify.body).toBe(200);
    const { token, expiresAt, recoveryCodes } = verify.json();
    // The activation code is spent with the enrolment.
    expect(await store.db.rows(sql`SELECT 1 FROM activation_code WHERE account_id = ${account.id} AND used_at IS NULL`)).toEqual([]);
    expect(new Date(expiresAt).getTime()).toBeLessThan(Date.now() + 12 * 3600_000 + 60_000);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[0-9a-f]{8}(-[0-9a-f]{8}){3}$/);
    expect((await client.get('/api/me', bearer(token))).json()).toMatchObject({ username: account.username, role: 'sysadmin' });

    const stored = await store.db.one<{ credential_id: string; transports: string[] }>(
      sql`SELECT credential_id, transports FROM passkey WHERE account_id = ${account.id}`,
    );
    expect(stored).toEqual({ credential_id: authenticator.credentials[0]!.id.toString('base64url'), transports: ['internal'] });
    // Only hashes of the codes are kept.
    const hashes = await store.db.rows<{ code_hash: Uint8Array }>(sql`SELECT code_hash FROM recovery_code WHERE account_id = ${account.id}`);
    expect(hashes).toHaveLength(10);
    for (const { code_hash } of hashes)
      for (const code of recoveryCodes) expect(Buffer.from(code_hash).toString('hex')).not.toContain(code.replaceAll('-', ''));
    expect(await lastAudit(account, 'passkey')).toMatchObject({ outcome: 'allowed', reason: expect.stringContaining('first passkey registered') });

    // The ticket is spent, and the next sign-in asks for the passkey.
    expect((await client.post('/api/auth/webauthn/register/options', { ticket, activationCode })).statusCode).toBe(401);
    expect((await passwordAndTotp(clientAt(app), account)).mfa).toEqual(['totp', 'webauthn']);
  });

  it('enrols only after TOTP, and only once per ticket', async () => {
    const account = await privilegedAccount();
    const client = clientAt(app);
    const login = (await client.post('/api/auth/login', { username: account.username, password: account.password })).json();
    await expectUniform401(await client.post('/api/auth/webauthn/register/options', { ticket: login.ticket, activationCode: account.activationCode }));
    await expectUniform401(await client.post('/api/auth/webauthn/options', { ticket: login.ticket }));
    expect(await store.db.rows(sql`SELECT 1 FROM webauthn_challenge WHERE account_id = ${account.id}`)).toEqual([]);
  });

  it('never enrols the first passkey on the password and TOTP secret alone (threat T9): the activation code is asked for', async () => {
    const account = await privilegedAccount('user_admin');
    const client = clientAt(app);
    const { ticket } = await passwordAndTotp(client, account);
    expect((await client.post('/api/auth/webauthn/register/options', { ticket })).statusCode).toBe(400);
    const authenticator = new SoftwareAuthenticator();
    // A wrong, lapsed or another account's code: the uniform 401, audited, counted against the ticket.
    const other = await privilegedAccount('user_admin');
    for (const activationCode of ['0000-0000-0000-0000-0000-0000', other.activationCode!]) {
      await expectUniform401(await client.post('/api/auth/webauthn/register/options', { ticket, activationCode }));
      await expectUniform401(
        await client.post('/api/auth/webauthn/register/verify', { ticket, activationCode, response: authenticator.register(await enrolOptionsOf(other)) }),
      );
    }
    expect(await lastAudit(account, 'passkey')).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('no live activation code') });
    // The security officer hears of it, once for the day however many times it is tried.
    const alerts = await store.db.rows<{ severity: string; explanation: string }>(
      sql`SELECT severity, explanation FROM guard_alert WHERE account_id = ${account.id} AND detector = 'passkey-enrolment'`,
    );
    expect(alerts).toEqual([{ severity: 'high', explanation: expect.stringMatching(/without a valid activation code/) }]);
    await store.db.run(sql`UPDATE activation_code SET expires_at = now() - interval '1 second' WHERE account_id = ${account.id}`);
    await expectUniform401(await client.post('/api/auth/webauthn/register/options', { ticket, activationCode: account.activationCode }));
    // Five failures burn the ticket; a fresh code from two people and a new sign-in enrol.
    expect((await store.db.one<{ failed_codes: number }>(sql`SELECT failed_codes FROM login_ticket WHERE account_id = ${account.id}`))!.failed_codes).toBe(5);
    expect(await store.db.rows(sql`SELECT 1 FROM passkey WHERE account_id = ${account.id}`)).toEqual([]);
  });
});

describe('privileged roles', () => {
  it.each(PRIVILEGED_ROLES)('%s obtains no token with password and TOTP alone', async (role) => {
    const account = await privilegedAccount(role);
    const client = clientAt(app);
    const { ticket, totp } = await passwordAndTotp(client, account);
    expect(totp.statusCode).toBe(200);
    expect(totp.json()).toEqual({ next: 'webauthn-enrol' });
    // Nor by passing TOTP again on the same ticket.
    await expectUniform401(await client.post('/api/auth/totp', { ticket, code: totpCode(account.totpSecret, Date.now() + 30_000) }));
    expect(await sessionsOf(account)).toBe(0);
    expect(await lastAudit(account, 'mfa')).toMatchObject({ outcome: 'allowed', reason: 'TOTP verified, passkey enrolment required', session_id: null });
  });

  it('sign in with their passkey once enrolled, and its counter and last use are kept', async () => {
    const account = await privilegedAccount('dpo');
    const { authenticator } = await enrol(account);
    const client = clientAt(app);
    const { ticket, options } = await upToPasskey(client, account);
    expect(options).toMatchObject({
      rpId: 'localhost',
      userVerification: 'required',
      allowCredentials: [{ id: authenticator.credentials[0]!.id.toString('base64url'), type: 'public-key' }],
    });
    const verify = await client.post('/api/auth/webauthn/verify', { ticket, response: authenticator.assert(options) });
    expect(verify.statusCode, verify.body).toBe(200);
    expect(Object.keys(verify.json()).sort()).toEqual(['expiresAt', 'token']);
    expect((await client.get('/api/me', bearer(verify.json().token))).statusCode).toBe(200);
    const passkey = await store.db.one<{ counter: unknown; last_used_at: Date | null }>(
      sql`SELECT counter, last_used_at FROM passkey WHERE account_id = ${account.id}`,
    );
    expect(Number(passkey!.counter)).toBe(1);
    expect(passkey!.last_used_at).not.toBeNull();
    expect(await lastAudit(account, 'passkey')).toMatchObject({
      outcome: 'allowed',
      reason: 'passkey verified, session opened',
      session_id: expect.any(String),
    });
  });
});

describe('refused assertions: the uniform 401, audited, no session', () => {
  /** Enrols a fresh account, reaches the passkey step again, sends a tweaked assertion: refused, naming `reason`. */
  async function refused(tweaks: AssertionTweaks, reason: RegExp) {
    const account = await privilegedAccount();
    const { authenticator } = await enrol(account);
    const client = clientAt(app);
    const { ticket, options } = await upToPasskey(client, account);
    await expectUniform401(await client.post('/api/auth/webauthn/verify', { ticket, response: authenticator.assert(options, tweaks) }));
    expect(await sessionsOf(account)).toBe(1); // the enrolment's
    expect(await lastAudit(account, 'passkey')).toMatchObject({ outcome: 'refused', reason: expect.stringMatching(reason) });
  }

  it('refuses a signature by another key', () => refused({ wrongKey: true }, /signature not verified/));
  it('refuses an assertion without user verification', () => refused({ userVerified: false }, /User verification required/));
  it('refuses an assertion made for another origin (a phishing site)', () => refused({ origin: 'https://vigie-login.example' }, /origin/));

  it('refuses a counter that did not move forward (a cloned key)', async () => {
    const account = await privilegedAccount();
    const { authenticator } = await enrol(account);
    const client = clientAt(app);
    const first = await upToPasskey(client, account);
    expect((await client.post('/api/auth/webauthn/verify', { ticket: first.ticket, response: authenticator.assert(first.options) })).statusCode).toBe(200);
    await allowAnotherTotp(account);
    const second = await upToPasskey(client, account);
    await expectUniform401(
      await client.post('/api/auth/webauthn/verify', { ticket: second.ticket, response: authenticator.assert(second.options, { counter: 1 }) }),
    );
    expect(await lastAudit(account, 'passkey')).toMatchObject({
      outcome: 'refused',
      reason: expect.stringContaining('counter value 1 was lower than expected 1'),
    });
    expect(await sessionsOf(account)).toBe(2);
  });
});

describe('challenges and tickets', () => {
  it('refuses a replayed challenge: an answer is good for one challenge, one ticket, once', async () => {
    const account = await privilegedAccount();
    const { authenticator } = await enrol(account);
    const client = clientAt(app);
    const { ticket, options } = await upToPasskey(client, account);
    const answer = authenticator.assert(options);
    expect((await client.post('/api/auth/webauthn/verify', { ticket, response: answer })).statusCode).toBe(200);
    // The same answer on the next sign-in's ticket (a captured response replayed).
    await allowAnotherTotp(account);
    const next = await upToPasskey(client, account);
    await expectUniform401(await client.post('/api/auth/webauthn/verify', { ticket: next.ticket, response: answer }));
    expect(await lastAudit(account, 'passkey')).toMatchObject({
      outcome: 'refused',
      reason: 'passkey assertion refused: challenge unknown, already used or expired',
    });
    // That ticket's own challenge was not spent by the replay: its honest answer opens.
    expect((await client.post('/api/auth/webauthn/verify', { ticket: next.ticket, response: authenticator.assert(next.options) })).statusCode).toBe(200);
  });

  it('refuses an expired challenge', async () => {
    const account = await privilegedAccount();
    const { authenticator } = await enrol(account);
    const client = clientAt(app);
    const { ticket, options } = await upToPasskey(client, account);
    await store.db.run(sql`UPDATE webauthn_challenge SET expires_at = now() - interval '1 second' WHERE account_id = ${account.id} AND used_at IS NULL`);
    await expectUniform401(await client.post('/api/auth/webauthn/verify', { ticket, response: authenticator.assert(options) }));
  });

  it('burns the ticket after five failed assertions', async () => {
    const account = await privilegedAccount();
    const { authenticator } = await enrol(account);
    const client = clientAt(app);
    const { ticket } = await upToPasskey(client, account);
    for (let attempt = 0; attempt < 5; attempt++) {
      const options = (await client.post('/api/auth/webauthn/options', { ticket })).json();
      await expectUniform401(await client.post('/api/auth/webauthn/verify', { ticket, response: authenticator.assert(options, { wrongKey: true }) }));
    }
    await expectUniform401(await client.post('/api/auth/webauthn/options', { ticket }));
  });

  it('answers malformed input with a 400 that spends nothing', async () => {
    const account = await privilegedAccount();
    const { authenticator } = await enrol(account);
    const client = clientAt(app);
    const { ticket, options } = await upToPasskey(client, account);
    const valid = authenticator.assert(options);
    for (const response of [
      undefined,
      'x',
      [],
      { ...valid, type: 'password' },
      { ...valid, response: { ...valid.response, signature: 'not base64url!' } },
      { ...valid, response: { ...valid.response, clientDataJSON: Buffer.from('{}').toString('base64url') } },
    ]) {
      const answer = await client.post('/api/auth/webauthn/verify', { ticket, response });
      expect(answer.statusCode, JSON.stringify(response)).toBe(400);
      expect(answer.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'invalid' }] });
    }
    expect((await client.post('/api/auth/webauthn/verify', { ticket: 42, response: valid })).statusCode).toBe(400);
    const row = await store.db.one<{ failed_codes: number }>(
      sql`SELECT failed_codes FROM login_ticket WHERE account_id = ${account.id} ORDER BY created_at DESC LIMIT 1`,
    );
    expect(row!.failed_codes).toBe(0);
    expect((await client.post('/api/auth/webauthn/verify', { ticket, response: valid })).statusCode).toBe(200);
  });
});

describe('everyone else', () => {
  it('may tap a passkey in place of the TOTP code once they have added one; none enrols one at sign-in', async () => {
    const nurse = await testAccount(store, 'tap.nurse', 'nurse');
    const client = clientAt(app);
    const first = await client.post('/api/auth/login', { username: nurse.username, password: nurse.password });
    // No passkey yet: no passkey step, and no enrolment on a password alone.
    expect(first.json().mfa).toEqual(['totp']);
    expect((await client.post('/api/auth/webauthn/options', { ticket: first.json().ticket })).statusCode).toBe(401);
    expect(
      (await client.post('/api/auth/webauthn/register/options', { ticket: first.json().ticket, activationCode: '0000-0000-0000-0000-0000-0000' })).statusCode,
    ).toBe(401);
    expect(await sessionsOf(nurse)).toBe(0);

    const headers = bearer((await passwordAndTotp(client, nurse)).totp.json().token);
    const key = new SoftwareAuthenticator();
    const added = await client.post(
      '/api/me/passkeys',
      { response: key.register((await client.post('/api/me/passkeys/options', undefined, headers)).json()) },
      headers,
    );
    expect(added.statusCode).toBe(201);

    const login = await client.post('/api/auth/login', { username: nurse.username, password: nurse.password });
    expect(login.json().mfa).toEqual(['totp', 'webauthn-instead']);
    const { ticket } = login.json();
    const options = await client.post('/api/auth/webauthn/options', { ticket });
    expect(options.statusCode).toBe(200);
    const signedIn = await client.post('/api/auth/webauthn/verify', { ticket, response: key.assert(options.json()) });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expect(Object.keys(signedIn.json()).sort()).toEqual(['expiresAt', 'token']);
    expect((await client.get('/api/me', bearer(signedIn.json().token))).json().username).toBe(nurse.username);
    // The ticket is spent: neither the TOTP code nor the passkey opens a second session with it.
    expect((await client.post('/api/auth/totp', { ticket, code: totpCode(nurse.totpSecret) })).statusCode).toBe(401);
    expect((await lastAudit(nurse, 'passkey'))?.reason).toBe('passkey verified, session opened');
    // That session has shown the passkey (the guard's 30-day line asks no more of it); the TOTP one has not.
    const shown = await store.db.rows<{ passkey_shown: boolean }>(
      sql`SELECT s.passkey_shown FROM session s JOIN account a ON a.id = s.account_id WHERE a.username = ${nurse.username} ORDER BY s.created_at`,
    );
    expect(shown.map((row) => row.passkey_shown)).toEqual([false, true]);
  });

  it('signs in exactly as before: password, TOTP, token', async () => {
    const nurse = await testAccount(store, 'plain.nurse', 'nurse');
    const { mfa, totp } = await passwordAndTotp(clientAt(app), nurse);
    expect(mfa).toEqual(['totp']);
    expect(totp.statusCode).toBe(200);
    expect(Object.keys(totp.json()).sort()).toEqual(['expiresAt', 'token']);
  });
});
