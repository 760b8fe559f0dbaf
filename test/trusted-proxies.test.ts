import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { trustedProxiesFrom } from '../src/api/trusted-proxies.ts';
import { totpCode } from '../src/identity/totp.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { CLINIC_ID, seedFixture, UNIT_ID } from './support/fixture.ts';
import { testAccount } from './support/sign-in.ts';
import { openTestStore } from './support/test-store.ts';
import { sql } from '../src/store/sql.ts';

/**
 * Behind a reverse proxy named in VIGIE_TRUSTED_PROXIES, the client is the address the
 * proxy forwards, as the guard's detectors must see it; anyone else's header is ignored.
 */
let store: Store;
let app: FastifyInstance;
const PROXY = '10.9.0.1';
beforeAll(async () => {
  store = await openTestStore();
  await seedFixture(store);
  app = await buildApp({ store, trustedProxies: trustedProxiesFrom({ VIGIE_TRUSTED_PROXIES: '10.9.0.0/24, 192.0.2.1' }) });
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const via = (client: string, remoteAddress = PROXY) => ({ remoteAddress, headers: { 'x-forwarded-for': client } });

describe('trusted proxies', () => {
  it('take the forwarded client as the address of a sign-in and of its requests', async () => {
    const account = await testAccount(store, 'proxied.nurse', 'nurse', { establishmentId: CLINIC_ID, unitId: UNIT_ID });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: account.username, password: account.password },
      ...via('198.51.100.5'),
    });
    const totp = await app.inject({
      method: 'POST',
      url: '/api/auth/totp',
      payload: { ticket: login.json().ticket, code: totpCode(account.totpSecret) },
      ...via('198.51.100.5'),
    });
    const authorization = `Bearer ${totp.json().token}`;
    const session = await store.db.one<{ address: string }>(sql`SELECT address FROM session WHERE account_id = ${account.id}`);
    expect(session!.address).toBe('198.51.100.5');
    const me = (client: string, remoteAddress?: string) =>
      app.inject({ url: '/api/me', remoteAddress: remoteAddress ?? PROXY, headers: { authorization, 'x-forwarded-for': client } });
    expect((await me('198.51.100.5')).statusCode).toBe(200);
    // Not a proxy: its header says nothing, and its own address is another place.
    expect((await me('198.51.100.5', '203.0.113.50')).statusCode).toBe(401);
    expect((await me('198.51.100.5')).statusCode).toBe(401); // the token was used elsewhere: its sessions are closed
  });

  it('are addresses or networks, nothing else', () => {
    expect(trustedProxiesFrom({})).toEqual([]);
    expect(trustedProxiesFrom({ VIGIE_TRUSTED_PROXIES: '10.0.0.1,2001:db8::/120' })).toEqual(['10.0.0.1', '2001:db8::/120']);
    for (const bad of ['proxy.example', '10.0.0.0/8', '10.0.0.0/16', '10.0.0.0/33', '2001:db8::/64', '10.0.0.1/24/2', '*']) {
      expect(() => trustedProxiesFrom({ VIGIE_TRUSTED_PROXIES: bad }), bad).toThrow(/VIGIE_TRUSTED_PROXIES/);
    }
  });
});
