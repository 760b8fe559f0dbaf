import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../src/store/sql.ts';
import { authenticate, openSession } from '../src/identity/sessions.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { testAccount } from './support/sign-in.ts';
import { openTestStore } from './support/test-store.ts';

/**
 * A session lives while it is used: each request checks it and moves its idle clock on,
 * in one round trip, writing at most once a quarter minute; idle past its limit, it is over.
 */
let store: Store;
beforeAll(async () => {
  store = await openTestStore();
});
afterAll(() => store?.close());

const ORIGIN = { address: '192.0.2.10', userAgent: 'test' };
const lastSeen = async (sessionId: string) => store.db.count(sql`SELECT extract(epoch FROM now() - last_seen_at)::int FROM session WHERE id = ${sessionId}`);

describe('a session', () => {
  it('moves its idle clock on when used, at most once a quarter minute, and ends when idle too long', async () => {
    const account = await testAccount(store, 'idle.nurse', 'nurse');
    const session = await store.db.transaction((tx) => openSession(tx, { id: account.id, role: 'nurse' }, ORIGIN));
    // Used 10 s after its last request: no write.
    await store.db.run(sql`UPDATE session SET last_seen_at = now() - interval '10 seconds' WHERE id = ${session.sessionId}`);
    expect((await authenticate(store.db, session.token, ORIGIN))?.actor.accountId).toBe(account.id);
    expect(await lastSeen(session.sessionId)).toBe(10);
    // Used 20 minutes after: still within the nurse's idle limit, and the clock starts again.
    await store.db.run(sql`UPDATE session SET last_seen_at = now() - interval '20 minutes' WHERE id = ${session.sessionId}`);
    expect(await authenticate(store.db, session.token, ORIGIN)).toBeDefined();
    expect(await lastSeen(session.sessionId)).toBe(0);
    // Idle past its limit: refused, and not revived.
    await store.db.run(sql`UPDATE session SET last_seen_at = now() - make_interval(secs => idle_seconds + 1) WHERE id = ${session.sessionId}`);
    expect(await authenticate(store.db, session.token, ORIGIN)).toBeUndefined();
    expect(await lastSeen(session.sessionId)).toBeGreaterThan(60);
  });
});
