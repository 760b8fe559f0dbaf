import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../../test/support/test-store.ts';
import type { Store } from '../runtime/open-store.ts';
import { ADDRESS_RULE, clearLoginFailures, loginWait, PERMANENT, recordLoginFailure, USERNAME_RULE, waitAfter } from './throttle.ts';
import { sql } from '../store/sql.ts';

describe('backoff and lockout schedule', () => {
  const schedule = (rule: typeof USERNAME_RULE, upTo: number) => Array.from({ length: upTo }, (_, i) => waitAfter(i + 1, rule));

  it('lets a username mistype twice, then doubles the wait, then locks for 15 minutes at ten', () => {
    expect(schedule(USERNAME_RULE, 10)).toEqual([0, 0, 1, 2, 4, 8, 16, 32, 60, 900]);
  });

  it('escalates each lockout, caps it at a day, and never allows more than 100 in a row', () => {
    expect([20, 30, 40, 90].map((n) => waitAfter(n, USERNAME_RULE))).toEqual([1800, 3600, 7200, 86_400]);
    expect(waitAfter(99, USERNAME_RULE)).toBe(60);
    expect(waitAfter(100, USERNAME_RULE)).toBe(PERMANENT);
    expect(waitAfter(250, USERNAME_RULE)).toBe(PERMANENT);
  });

  it('gives an address room for a care site behind one NAT, but not for a list of accounts', () => {
    expect(schedule(ADDRESS_RULE, 19).every((wait) => wait === 0)).toBe(true);
    expect([20, 21, 50, 100].map((n) => waitAfter(n, ADDRESS_RULE))).toEqual([1, 2, 900, 1800]);
    expect(waitAfter(10_000, ADDRESS_RULE)).toBe(86_400);
  });
});

describe('failures in the database', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  it('blocks a username after its 100th failure until a reset, whatever the address', async () => {
    await recordLoginFailure(store.db, 'someone', '192.0.2.1');
    await store.db.run(sql`UPDATE login_failure SET failures = 98, blocked_until = NULL WHERE kind = 'username'`);
    await recordLoginFailure(store.db, 'someone', undefined);
    expect(await loginWait(store.db, 'someone', undefined)).toBe(60);
    await recordLoginFailure(store.db, 'someone', undefined);
    expect(await loginWait(store.db, 'someone', '192.0.2.99')).toBe(86_400);
    const row = await store.db.one<{ failures: number; permanent: boolean }>(
      sql`SELECT failures, blocked_until = 'infinity' AS permanent FROM login_failure WHERE kind = 'username'`,
    );
    expect(row).toEqual({ failures: 100, permanent: true });
    expect(await loginWait(store.db, 'someone else', '192.0.2.99')).toBeUndefined();
    expect(await clearLoginFailures(store.db, 'someone')).toBe(true);
    expect(await loginWait(store.db, 'someone', undefined)).toBeUndefined();
  });

  it('keeps only hashes: no username or address in clear', async () => {
    await recordLoginFailure(store.db, 'clear.name', '192.0.2.7');
    const dump = JSON.stringify(await store.db.rows(sql`SELECT * FROM login_failure`));
    expect(dump).not.toContain('clear.name');
    expect(dump).not.toContain('192.0.2.7');
  });
});
