import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import type { Store } from '../../src/runtime/open-store.ts';
import { seedFixture, type Fixture } from './fixture.ts';
import { openTestStore } from './test-store.ts';

/** A test file's store, seeded with the fixture, and the application on it: opened before its tests, closed after. */
export function fixtureApp(): { readonly store: Store; readonly fixture: Fixture; readonly app: FastifyInstance } {
  const opened = {} as { store: Store; fixture: Fixture; app: FastifyInstance };
  beforeAll(async () => {
    opened.store = await openTestStore();
    opened.fixture = await seedFixture(opened.store);
    opened.app = await buildApp({ store: opened.store });
  });
  afterAll(async () => {
    await opened.app?.close();
    await opened.store?.close();
  });
  return opened;
}
