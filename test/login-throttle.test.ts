import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { seedFixture } from './support/fixture.ts';
import { openTestStore } from './support/test-store.ts';

/**
 * Guessing from one address is slowed to 30 requests a minute on the auth routes, before
 * any account is looked at (per-account backoff and lockout: test/account-lockout.test.ts).
 */
let store: Store;
beforeAll(async () => {
  store = await openTestStore();
  await seedFixture(store);
});
afterAll(() => store.close());

describe('login throttling', () => {
  it('answers 429 with an OperationOutcome past 30 attempts a minute, and leaves FHIR reads alone', async () => {
    const app = await buildApp({ store });
    // Invented tickets: refused without touching an account, so only the route's brake answers 429.
    const attempt = () => app.inject({ method: 'POST', url: '/api/auth/totp', payload: { ticket: 'guessed ticket', code: '123456' } });
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await attempt()).statusCode);
    expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
    const throttled = await attempt();
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'throttled' }] });
    expect((await app.inject({ url: '/fhir/metadata' })).statusCode).toBe(200);
    // Only the routes that take a credential are braked: a page asking which methods exist is not a guess.
    for (let i = 0; i < 40; i++) expect((await app.inject({ url: '/api/auth/methods' })).statusCode).toBe(200);
    await app.close();
  });
});
