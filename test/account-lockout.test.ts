import { describe, expect, it } from 'vitest';
import { totpCode } from '../src/identity/totp.ts';
import { PASSWORD } from './support/fixture.ts';
import { fixtureApp } from './support/fixture-app.ts';

/**
 * Backoff and lockout through the HTTP contract (NIST SP 800-63B §3.2.2): the same for a
 * username that exists and one that does not, per username and per source address.
 */
const opened = fixtureApp();

const login = (username: string, password: string, address: string) =>
  opened.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: address });

/** Lets every short backoff run out at once, as if time had passed; lockouts stay. */
const letBackoffPass = () => opened.store.db.query(`UPDATE login_failure SET blocked_until = NULL WHERE blocked_until < now() + interval '2 minutes'`);

/** What an attacker sees of ten wrong passwords and what follows, with the waits skipped. */
async function guessTenTimes(username: string, address: string) {
  const seen: Array<{ status: number; body: string; retryAfter: string | undefined }> = [];
  const record = async (password: string) => {
    const response = await login(username, password, address);
    seen.push({ status: response.statusCode, body: response.body, retryAfter: response.headers['retry-after'] as string | undefined });
  };
  for (let i = 1; i <= 10; i++) {
    await record(`wrong guess number ${i}`);
    if (i === 3) await record('too soon after the third'); // backoff: 429, 1 s
    await letBackoffPass();
  }
  await record('after the tenth'); // locked: 429, 15 minutes
  return seen;
}

describe('lockout after repeated failures', () => {
  it('answers an existing and an unknown username identically, and locks both for 15 minutes', async () => {
    const known = await guessTenTimes('doctor.test', '10.0.0.1');
    const unknown = await guessTenTimes('no.such.user', '10.0.0.2');
    expect(known.map((seen) => seen.status)).toEqual([401, 401, 401, 429, 401, 401, 401, 401, 401, 401, 401, 429]);
    expect(unknown.map(({ status, body }) => ({ status, body }))).toEqual(known.map(({ status, body }) => ({ status, body })));
    expect(known[3]!.retryAfter).toBe('1');
    expect(unknown[3]!.retryAfter).toBe('1');
    const lockout = (seen: typeof known) => Number(seen.at(-1)!.retryAfter);
    expect(lockout(known)).toBeGreaterThan(895);
    expect(Math.abs(lockout(known) - lockout(unknown))).toBeLessThanOrEqual(1);
    expect(JSON.parse(known.at(-1)!.body)).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'throttled' }] });
  });

  it('keeps a locked account locked even with the right password, from any address', async () => {
    const response = await login('doctor.test', PASSWORD, '10.0.0.3');
    expect(response.statusCode).toBe(429);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(890);
  });

  it('counts wrong TOTP codes: three of them slow the next sign-in down', async () => {
    const address = '10.0.0.4';
    const { ticket } = (await login('nurse.test', PASSWORD, address)).json() as { ticket: string };
    for (let i = 0; i < 3; i++) {
      const wrong = await opened.app.inject({ method: 'POST', url: '/api/auth/totp', payload: { ticket, code: '000000' }, remoteAddress: address });
      expect(wrong.statusCode).toBe(401);
    }
    expect((await login('nurse.test', PASSWORD, address)).statusCode).toBe(429);
    await letBackoffPass();
    // A complete sign-in wipes the slate.
    const again = (await login('nurse.test', PASSWORD, address)).json() as { ticket: string };
    const totp = await opened.app.inject({
      method: 'POST',
      url: '/api/auth/totp',
      payload: { ticket: again.ticket, code: totpCode(opened.fixture.secrets.nurse) },
      remoteAddress: address,
    });
    expect(totp.statusCode).toBe(200);
    expect((await login('nurse.test', 'one more mistake', address)).statusCode).toBe(401);
    expect((await login('nurse.test', PASSWORD, address)).statusCode).toBe(200);
  });
});

describe('per-address throttling across accounts (credential stuffing)', () => {
  it('slows an address that fails across twenty usernames, and only that address', async () => {
    const stuffer = '10.0.0.9';
    for (let i = 0; i < 20; i++) expect((await login(`listed.user.${i}`, 'leaked password', stuffer)).statusCode).toBe(401);
    const next = await login('listed.user.20', 'leaked password', stuffer);
    expect(next.statusCode).toBe(429);
    expect(next.headers['retry-after']).toBe('1');
    // Even a right password is not looked at from there until the wait is over…
    expect((await login('lab.test', PASSWORD, stuffer)).statusCode).toBe(429);
    // …while another address, and the same usernames elsewhere, are not slowed.
    expect((await login('listed.user.20', 'leaked password', '10.0.0.10')).statusCode).toBe(401);
    expect((await login('lab.test', PASSWORD, '10.0.0.10')).statusCode).toBe(200);
  });
});
