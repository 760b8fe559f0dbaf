import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { asOwner, openTestStore } from './support/test-store.ts';
import { sql } from '../src/store/sql.ts';

/** The probes an orchestrator polls: open to anyone, saying nothing but whether the server can serve. */
let store: Store;
let app: FastifyInstance;
beforeAll(async () => {
  store = await openTestStore();
  app = await buildApp({ store });
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

describe('the health probes', () => {
  it('say the process is live, and ready once the database, its migrations and the signing key are', async () => {
    const live = await app.inject({ url: '/health/live' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'live' });
    const ready = await app.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok', signingKey: 'ok' } });
    expect(ready.headers['cache-control']).toBe('no-store');
  });

  it('are not ready while a migration this version expects is missing, and ready again once it is applied', async () => {
    const last = await store.db.one<{ version: number; name: string }>(sql`SELECT version, name FROM schema_migration ORDER BY version DESC LIMIT 1`);
    await asOwner(store.db, (tx) => tx.rows(sql`DELETE FROM schema_migration WHERE version = ${last!.version}`));
    try {
      const behind = await app.inject({ url: '/health/ready' });
      expect(behind.statusCode).toBe(503);
      expect(behind.json()).toEqual({ status: 'not-ready', checks: { database: 'ok', migrations: 'failing', signingKey: 'ok' } });
    } finally {
      await asOwner(store.db, (tx) => tx.rows(sql`INSERT INTO schema_migration (version, name) VALUES (${last!.version}, ${last!.name})`));
    }
    expect((await app.inject({ url: '/health/ready' })).statusCode).toBe(200);
  });

  it('take no parameter and no other method', async () => {
    const asked = await app.inject({ url: '/health/ready?verbose=1' });
    expect(asked.statusCode).toBe(400);
    expect(asked.json().resourceType).toBe('OperationOutcome');
    expect((await app.inject({ method: 'POST', url: '/health/live' })).statusCode).toBe(405);
  });
});
