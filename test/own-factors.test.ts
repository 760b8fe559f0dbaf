import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { allowAnotherTotp, bearer, clientAt, enrolAtFirstSignIn, passwordAndTotp, passwordOnly, type Client } from './support/ceremony.ts';
import { testAccount, type TestAccount } from './support/sign-in.ts';
import { SoftwareAuthenticator } from './support/software-authenticator.ts';
import { openTestStore } from './support/test-store.ts';
import { sql } from '../src/store/sql.ts';

/**
 * A person's own second factors over HTTP: recovery codes (single use, in place of the
 * last factor, told to the owner), passkeys added and removed, step-up, and notices of
 * sign-ins from new devices.
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
const account = (role: 'security_officer' | 'nurse') => testAccount(store, `${role}.${++accounts}`, role);
const auditsOf = async (who: TestAccount, action: string) =>
  store.db.rows<{ outcome: string; reason: string }>(
    sql`SELECT outcome, reason FROM audit_event WHERE actor_id = ${who.id} AND action = ${action} ORDER BY seq`,
  );
/** Asked from where the session was opened (the guard closes a session used from elsewhere). */
const noticeKinds = async (client: Client, headers: Record<string, string>) =>
  ((await client.get('/api/me/notices', headers)).json().notices as Array<{ kind: string }>).map((notice) => notice.kind);

describe('recovery codes', () => {
  it('stand in for the passkey of a privileged account, once each, audited and told to the owner', async () => {
    const officer = await account('security_officer');
    const { recoveryCodes } = await enrolAtFirstSignIn(app, officer);
    const client = clientAt(app);
    const { ticket } = await passwordAndTotp(client, officer);
    // Typed the way people type: capitals, spaces for dashes.
    const typed = recoveryCodes[0]!.toUpperCase().replaceAll('-', ' ');
    const used = await client.post('/api/auth/recovery-code', { ticket, code: typed });
    expect(used.statusCode, used.body).toBe(200);
    const headers = bearer(used.json().token);
    expect(await noticeKinds(client, headers)).toContain('recovery-code-used');
    expect(await auditsOf(officer, 'recovery-code')).toEqual([{ outcome: 'allowed', reason: 'recovery code used in place of the passkey, session opened' }]);

    await allowAnotherTotp(store, officer);
    const again = await passwordAndTotp(client, officer);
    const replay = await client.post('/api/auth/recovery-code', { ticket: again.ticket, code: recoveryCodes[0] });
    expect(replay.statusCode).toBe(401);
    expect((await auditsOf(officer, 'recovery-code')).at(-1)).toEqual({ outcome: 'refused', reason: 'wrong or spent recovery code' });
    // The next code still works on that ticket.
    expect((await client.post('/api/auth/recovery-code', { ticket: again.ticket, code: recoveryCodes[1] })).statusCode).toBe(200);
  });

  it('do not replace TOTP for a privileged account', async () => {
    const officer = await account('security_officer');
    const { recoveryCodes } = await enrolAtFirstSignIn(app, officer);
    const client = clientAt(app);
    const { ticket } = await passwordOnly(client, officer);
    expect((await client.post('/api/auth/recovery-code', { ticket, code: recoveryCodes[0] })).statusCode).toBe(401);
    expect(await store.db.rows(sql`SELECT 1 FROM recovery_code WHERE account_id = ${officer.id} AND used_at IS NOT NULL`)).toEqual([]);
  });

  it('stand in for TOTP for everyone else, and renewing them voids the old ones', async () => {
    const nurse = await account('nurse');
    const client = clientAt(app);
    const headers = bearer((await passwordAndTotp(client, nurse)).totp.json().token);
    const first = await client.post('/api/me/recovery-codes', undefined, headers);
    expect(first.statusCode).toBe(200);
    const oldCodes: string[] = first.json().recoveryCodes;
    expect(oldCodes).toHaveLength(10);

    const { ticket } = await passwordOnly(client, nurse);
    const signedIn = await client.post('/api/auth/recovery-code', { ticket, code: oldCodes[0] });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expect(await auditsOf(nurse, 'recovery-code')).toContainEqual({
      outcome: 'allowed',
      reason: 'recovery code used in place of the TOTP code, session opened',
    });

    const renewed: string[] = (await client.post('/api/me/recovery-codes', undefined, headers)).json().recoveryCodes;
    expect(renewed.filter((code) => oldCodes.includes(code))).toEqual([]);
    const second = await passwordOnly(client, nurse);
    expect((await client.post('/api/auth/recovery-code', { ticket: second.ticket, code: oldCodes[1] })).statusCode).toBe(401);
    expect((await client.post('/api/auth/recovery-code', { ticket: second.ticket, code: renewed[0] })).statusCode).toBe(200);
    expect(await noticeKinds(client, headers)).toEqual(expect.arrayContaining(['recovery-codes-renewed', 'recovery-code-used']));
  });

  it('answer a malformed body with a 400', async () => {
    const nurse = await account('nurse');
    const client = clientAt(app);
    const { ticket } = await passwordOnly(client, nurse);
    for (const payload of [{ ticket }, { ticket, code: 12 }, { code: 'abc' }]) {
      const answer = await client.post('/api/auth/recovery-code', payload);
      expect(answer.statusCode).toBe(400);
      expect(answer.json().resourceType).toBe('OperationOutcome');
    }
  });
});

describe('own passkeys', () => {
  it('are listed, added and removed, never the last one of a privileged account', async () => {
    const officer = await account('security_officer');
    const { headers, client } = await enrolAtFirstSignIn(app, officer);
    const list = async () => (await client.get('/api/me/passkeys', headers)).json().passkeys as Array<{ id: string; lastUsedAt: string | null }>;
    const [only] = await list();
    expect(only).toMatchObject({ id: expect.any(String), transports: ['internal'], createdAt: expect.any(String) });

    const last = await client.delete(`/api/me/passkeys/${only!.id}`, headers);
    expect(last.statusCode).toBe(409);
    expect(last.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'conflict' }] });
    expect(await list()).toHaveLength(1);
    expect((await auditsOf(officer, 'passkey')).at(-1)).toMatchObject({ outcome: 'refused' });

    const laptop = new SoftwareAuthenticator();
    const options = (await client.post('/api/me/passkeys/options', undefined, headers)).json();
    expect(options.excludeCredentials).toEqual([{ id: expect.any(String), type: 'public-key', transports: ['internal'] }]);
    const registration = laptop.register(options);
    const added = await client.post('/api/me/passkeys', { response: registration }, headers);
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).not.toHaveProperty('recoveryCodes');
    // The same registration again: its challenge is spent.
    expect((await client.post('/api/me/passkeys', { response: registration }, headers)).statusCode).toBe(401);
    expect(await list()).toHaveLength(2);

    expect((await client.delete(`/api/me/passkeys/${only!.id}`, headers)).statusCode).toBe(204);
    expect((await list()).map((passkey) => passkey.id)).toEqual([added.json().passkey.id]);
    expect(await noticeKinds(client, headers)).toEqual(expect.arrayContaining(['passkey-added', 'passkey-removed']));
    expect((await client.delete(`/api/me/passkeys/${only!.id}`, headers)).statusCode).toBe(404);
    expect((await client.delete('/api/me/passkeys/not-an-id', headers)).statusCode).toBe(400);
  });

  it('come with recovery codes for the first one of any account, which may remove it', async () => {
    const nurse = await account('nurse');
    const client = clientAt(app);
    const headers = bearer((await passwordAndTotp(client, nurse)).totp.json().token);
    const key = new SoftwareAuthenticator();
    const added = await client.post(
      '/api/me/passkeys',
      { response: key.register((await client.post('/api/me/passkeys/options', undefined, headers)).json()) },
      headers,
    );
    expect(added.statusCode).toBe(201);
    expect(added.json().recoveryCodes).toHaveLength(10);
    expect((await client.delete(`/api/me/passkeys/${added.json().passkey.id}`, headers)).statusCode).toBe(204);
    // A passkey is no sign-in factor for a nurse: login is unchanged.
    expect((await passwordOnly(client, nurse)).mfa).toEqual(['totp']);
  });

  it("refuse another account's passkey and a malformed body without changing anything", async () => {
    const officer = await account('security_officer');
    const other = await enrolAtFirstSignIn(app, await account('security_officer'));
    const { headers, client } = await enrolAtFirstSignIn(app, officer);
    const theirs = (await other.client.get('/api/me/passkeys', other.headers)).json().passkeys[0].id;
    expect((await client.delete(`/api/me/passkeys/${theirs}`, headers)).statusCode).toBe(404);
    expect((await client.post('/api/me/passkeys', { response: 'nope' }, headers)).statusCode).toBe(400);
    expect((await client.post('/api/me/passkeys', [], headers)).statusCode).toBe(400);
    expect(await store.db.rows(sql`SELECT 1 FROM passkey WHERE account_id = ${officer.id}`)).toHaveLength(1);
  });
});

describe('step-up', () => {
  it("stamps the session after a fresh assertion; a replay, a wrong key or another session's challenge is refused", async () => {
    const officer = await account('security_officer');
    const { headers, client, authenticator } = await enrolAtFirstSignIn(app, officer);
    const stampOf = async () =>
      (await store.db.one<{ step_up_at: Date | null }>(sql`SELECT step_up_at FROM session WHERE account_id = ${officer.id}`))!.step_up_at;
    expect(await stampOf()).toBeNull();

    const options = (await client.post('/api/me/step-up/options', undefined, headers)).json();
    const wrong = await client.post('/api/me/step-up/verify', { response: authenticator.assert(options, { wrongKey: true }) }, headers);
    expect(wrong.statusCode).toBe(401);
    expect(await stampOf()).toBeNull();

    const fresh = (await client.post('/api/me/step-up/options', undefined, headers)).json();
    const answer = authenticator.assert(fresh);
    const verified = await client.post('/api/me/step-up/verify', { response: answer }, headers);
    expect(verified.statusCode, verified.body).toBe(200);
    expect(new Date(verified.json().stepUpAt).getTime()).toBe((await stampOf())!.getTime());
    // The same answer again, and a new signature over the same, spent challenge.
    expect((await client.post('/api/me/step-up/verify', { response: answer }, headers)).statusCode).toBe(401);
    expect((await client.post('/api/me/step-up/verify', { response: authenticator.assert(fresh) }, headers)).statusCode).toBe(401);
    expect((await auditsOf(officer, 'step-up')).map((entry) => entry.outcome)).toEqual(['refused', 'allowed', 'refused', 'refused']);
    expect((await auditsOf(officer, 'step-up')).at(-1)!.reason).toBe('step-up refused: challenge unknown, already used or expired');

    // A challenge issued to one session cannot be answered in another of the same account.
    await allowAnotherTotp(store, officer);
    const otherClient = clientAt(app);
    const { ticket } = await passwordAndTotp(otherClient, officer);
    const login = (await otherClient.post('/api/auth/webauthn/options', { ticket })).json();
    const otherHeaders = bearer((await otherClient.post('/api/auth/webauthn/verify', { ticket, response: authenticator.assert(login) })).json().token);
    const mine = (await client.post('/api/me/step-up/options', undefined, headers)).json();
    expect((await otherClient.post('/api/me/step-up/verify', { response: authenticator.assert(mine) }, otherHeaders)).statusCode).toBe(401);
  });

  it('needs a registered passkey', async () => {
    const nurse = await account('nurse');
    const client = clientAt(app);
    const headers = bearer((await passwordAndTotp(client, nurse)).totp.json().token);
    const answer = await client.post('/api/me/step-up/options', undefined, headers);
    expect(answer.statusCode).toBe(409);
    expect(answer.json().resourceType).toBe('OperationOutcome');
  });
});

describe('notices of a new device or address', () => {
  it('are left when a session opens from a user agent and address never seen for the account', async () => {
    const nurse = await account('nurse');
    const home = clientAt(app);
    const first = bearer((await passwordAndTotp(home, nurse)).totp.json().token);
    expect(await noticeKinds(home, first)).toEqual([]); // an account's first sign-in is not news
    await allowAnotherTotp(store, nurse);
    await passwordAndTotp(home, nurse);
    expect(await noticeKinds(home, first)).toEqual([]); // the same device and address
    const elsewhere = clientAt(app);
    await passwordAndTotp(elsewhere, nurse);
    const notices = (await home.get('/api/me/notices', first)).json().notices;
    expect(notices).toEqual([expect.objectContaining({ kind: 'new-device', detail: expect.objectContaining({ address: elsewhere.address }) })]);
    expect(await auditsOf(nurse, 'account-notice')).toEqual([{ outcome: 'allowed', reason: expect.stringContaining('device or address not seen before') }]);
  });

  it("are the account holder's own", async () => {
    expect((await app.inject({ url: '/api/me/notices' })).statusCode).toBe(401);
  });
});
