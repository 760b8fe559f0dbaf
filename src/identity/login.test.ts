import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../../test/support/test-store.ts';
import type { Store } from '../runtime/open-store.ts';
import { createAccount } from './accounts.ts';
import { Unauthenticated } from '../domain/actor.ts';
import { completeTotp, startLogin } from './login.ts';
import { authenticate, revokeSession } from './sessions.ts';
import { totpCode } from './totp.ts';
import { sql } from '../store/sql.ts';

const origin = { address: '127.0.0.1', userAgent: 'test' };
const PASSWORD = 'correct horse battery staple';

describe('login: password, then TOTP, then a revocable session', () => {
  let store: Store;
  let totpSecret: string;

  beforeAll(async () => {
    store = await openTestStore();
    ({ totpSecret } = await createAccount(store.db, store.keys, { username: 'dr.test', role: 'doctor', password: PASSWORD }));
    await createAccount(store.db, store.keys, { username: 'rssi.test', role: 'security_officer', password: PASSWORD });
  });
  afterAll(() => store.close());

  const auditCount = async (action: string, outcome: string) =>
    (await store.db.rows(sql`SELECT 1 FROM audit_event WHERE action = ${action} AND outcome = ${outcome}`)).length;

  it('opens a session with the right password and the current code', async () => {
    const { ticket, mfa } = await startLogin(store.db, 'dr.test', PASSWORD, origin);
    expect(mfa).toEqual(['totp']);
    const opened = await completeTotp(store.db, store.keys, ticket, totpCode(totpSecret), origin);
    if (!('token' in opened)) throw new Error(`no session: ${JSON.stringify(opened)}`);
    const { token, expiresAt } = opened;
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    const session = await authenticate(store.db, token, origin);
    expect(session?.actor).toMatchObject({ username: 'dr.test', role: 'doctor' });
    expect(session?.openedFrom).toEqual(origin);
    await revokeSession(store.db, session!.actor, 'test');
    expect(await authenticate(store.db, token, origin)).toBeUndefined();
  });

  it('refuses a wrong password and an unknown user alike, and audits both', async () => {
    const before = await auditCount('login', 'refused');
    await expect(startLogin(store.db, 'dr.test', 'wrong password!', origin)).rejects.toThrow(Unauthenticated);
    await expect(startLogin(store.db, 'nobody', PASSWORD, origin)).rejects.toThrow(Unauthenticated);
    expect(await auditCount('login', 'refused')).toBe(before + 2);
  });

  it('never accepts a code twice, nor a wrong code, and burns a ticket after five wrong codes', async () => {
    const code = totpCode(totpSecret, Date.now() + 30_000); // next step's code, accepted for drift
    const first = await startLogin(store.db, 'dr.test', PASSWORD, origin);
    await completeTotp(store.db, store.keys, first.ticket, code, origin);
    const replay = await startLogin(store.db, 'dr.test', PASSWORD, origin);
    await expect(completeTotp(store.db, store.keys, replay.ticket, code, origin)).rejects.toThrow(Unauthenticated);
    const second = await startLogin(store.db, 'dr.test', PASSWORD, origin);
    for (let i = 0; i < 5; i++) {
      await expect(completeTotp(store.db, store.keys, second.ticket, '000000', origin)).rejects.toThrow(Unauthenticated);
    }
    expect(await auditCount('mfa', 'refused')).toBeGreaterThanOrEqual(6);
  });

  it('refuses a ticket used twice and an invented ticket', async () => {
    await expect(completeTotp(store.db, store.keys, 'invented', '123456', origin)).rejects.toThrow(Unauthenticated);
  });

  it('opens no session for a privileged role on TOTP alone: its passkey comes next', async () => {
    const account = await store.db.rows<{ totp_secret: Uint8Array; id: string }>(sql`SELECT id, totp_secret FROM account WHERE username = 'rssi.test'`);
    const secret = store.keys.accounts.decrypt(`account/${account[0]!.id}/totp`, account[0]!.totp_secret).toString();
    const { ticket, mfa } = await startLogin(store.db, 'rssi.test', PASSWORD, origin);
    expect(mfa).toEqual(['totp', 'webauthn-enrol']);
    const sessions = async () => (await store.db.rows(sql`SELECT 1 FROM session WHERE account_id = ${account[0]!.id}`)).length;
    expect(await completeTotp(store.db, store.keys, ticket, totpCode(secret), origin)).toEqual({ next: 'webauthn-enrol' });
    expect(await sessions()).toBe(0);
    // The ticket's TOTP step is spent: a second code does not reopen it.
    await expect(completeTotp(store.db, store.keys, ticket, totpCode(secret, Date.now() + 30_000), origin)).rejects.toThrow(Unauthenticated);
  });

  it('stores no usable secret: only hashes of tokens and an encrypted TOTP secret', async () => {
    const row = await store.db.one<{ totp_secret: Uint8Array; password_hash: string }>(sql`SELECT * FROM account WHERE username = 'dr.test'`);
    expect(Buffer.from(row!.totp_secret).includes(Buffer.from(totpSecret))).toBe(false);
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);
  });
});
