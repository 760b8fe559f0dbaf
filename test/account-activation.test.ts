import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { issueActivationCode, normaliseActivationCode } from '../src/identity/activation.ts';
import { totpCode } from '../src/identity/totp.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { CLINIC_ID, seedFixture, UNIT_ID } from './support/fixture.ts';
import { activateOverHttp } from './support/activation.ts';
import { signInAs, testAccount } from './support/sign-in.ts';
import { openTestStore } from './support/test-store.ts';
import { sql } from '../src/store/sql.ts';

/**
 * The owner's side of activation (DESIGN invariant 9): the code from the letter, once,
 * within 72 hours, for the account it was issued to; the owner's own password and
 * authenticator; every refusal the uniform 401 of a failed sign-in, and nothing changed.
 */
let store: Store;
let app: FastifyInstance;
beforeAll(async () => {
  store = await openTestStore();
  await seedFixture(store);
  app = await buildApp({ store });
});
afterAll(async () => {
  await app.close();
  await store.close();
});

let made = 0;
let addresses = 0;
/** An account as a confirmed request leaves it: active, credentials unknown to all, a fresh code. */
async function confirmedAccount() {
  const account = await testAccount(store, `arriving.${++made}`, 'nurse', { establishmentId: CLINIC_ID, unitId: UNIT_ID });
  await store.db.run(sql`UPDATE account SET activated_at = NULL WHERE id = ${account.id}`);
  const { code } = await issueActivationCode(store.db, account.id, undefined);
  return { ...account, code };
}
const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload, remoteAddress: `10.198.0.${++addresses}` });
const credentialsOf = async (id: string) => await store.db.one(sql`SELECT password_hash, totp_secret, activated_at FROM account WHERE id = ${id}`);

describe('activation', () => {
  it('reads a code typed loosely: either case, spaces, O for 0 and I or L for 1', () => {
    expect(normaliseActivationCode('abcd efgh jkmn pqrs tvwx yz01')).toBe('ABCDEFGHJKMNPQRSTVWXYZ01');
    expect(normaliseActivationCode('ABCD-EFGH-JKMN-PQRS-TVWX-YZOl')).toBe('ABCDEFGHJKMNPQRSTVWXYZ01');
    expect(normaliseActivationCode('ABCD-EFGH-JKMN-PQRS-TVWX-YZU1')).toBeUndefined();
    expect(normaliseActivationCode('short')).toBeUndefined();
  });

  it("sets the owner's password and authenticator once; the code then opens nothing", async () => {
    const account = await confirmedAccount();
    const owner = await activateOverHttp(app, account.id, account.username, account.code);
    expect((await credentialsOf(account.id))!.activated_at).not.toBeNull();
    await signInAs(app, owner);
    expect((await post('/api/auth/activation/start', { username: account.username, activationCode: account.code })).statusCode).toBe(401);
    const notices = await store.db.rows<{ kind: string }>(sql`SELECT kind FROM account_notice WHERE account_id = ${account.id}`);
    expect(notices.map((notice) => notice.kind)).toContain('account-activated');
  });

  it('answers a wrong code, another account, an unknown username and a lapsed code alike, changing nothing', async () => {
    const [account, other, third, fourth] = [await confirmedAccount(), await confirmedAccount(), await confirmedAccount(), await confirmedAccount()];
    const before = await credentialsOf(account.id);
    // One attempt per username: the sign-in throttle slows a username from its third failure.
    const attempts = [
      { username: account.username, activationCode: '0000-0000-0000-0000-0000-0000' },
      { username: third.username, activationCode: other.code },
      { username: 'nobody.here', activationCode: account.code },
      { username: fourth.username, activationCode: 'not a code' },
    ];
    const answers = [];
    for (const body of attempts) answers.push(await post('/api/auth/activation/start', body));
    for (const answer of answers) expect({ status: answer.statusCode, body: answer.json() }).toEqual({ status: 401, body: answers[0]!.json() });
    await store.db.run(sql`UPDATE activation_code SET expires_at = now() - interval '1 second' WHERE account_id = ${account.id}`);
    expect((await post('/api/auth/activation/start', { username: account.username, activationCode: account.code })).statusCode).toBe(401);
    expect(await credentialsOf(account.id)).toEqual(before);
    const refused = await store.db.rows(sql`SELECT 1 FROM audit_event WHERE action = 'account-activation' AND outcome = 'refused'`);
    expect(refused.length).toBeGreaterThanOrEqual(5);
  });

  it('refuses a pending or suspended account, whose request was not confirmed', async () => {
    const account = await confirmedAccount();
    for (const status of ['pending', 'suspended', 'contained']) {
      await store.db.run(sql`UPDATE account SET status = ${status} WHERE id = ${account.id}`);
      expect((await post('/api/auth/activation/start', { username: account.username, activationCode: account.code })).statusCode, status).toBe(401);
    }
  });

  it('refuses a weak password and a wrong authenticator code with a 400 saying why, and keeps the code live', async () => {
    const account = await confirmedAccount();
    const start = await post('/api/auth/activation/start', { username: account.username, activationCode: account.code });
    const secret = new URL(start.json().totpUri).searchParams.get('secret')!;
    const finish = (password: string, code: string) =>
      post('/api/auth/activation/finish', { username: account.username, activationCode: account.code, password, code });
    const weak = await finish('motdepasse2026', totpCode(secret));
    expect(weak.statusCode).toBe(400);
    expect(weak.json().issue[0].diagnostics).toMatch(/common or leaked/);
    const wrong = await finish('une phrase que seule la titulaire connaît', totpCode(secret, Date.now() - 10 * 60_000));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().issue[0].diagnostics).toMatch(/authenticator code does not match/);
    expect((await credentialsOf(account.id))!.activated_at).toBeNull();
    expect((await finish('une phrase que seule la titulaire connaît', totpCode(secret))).statusCode).toBe(200);
  });

  it('refuses to finish before the authenticator was offered, and bodies that are not what it takes', async () => {
    const account = await confirmedAccount();
    const early = await post('/api/auth/activation/finish', {
      username: account.username,
      activationCode: account.code,
      password: 'une phrase que seule la titulaire connaît',
      code: '123456',
    });
    expect(early.statusCode).toBe(400);
    expect((await post('/api/auth/activation/start', { username: account.username, activationCode: account.code, role: 'sysadmin' })).statusCode).toBe(400);
    expect((await post('/api/auth/activation/start', { username: account.username })).statusCode).toBe(400);
  });
});
