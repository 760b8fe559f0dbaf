import { describe, expect, it } from 'vitest';
import { asOwner, onPostgres, openTestStore } from './support/test-store.ts';

/**
 * A database server that ends Vigie's idle connections (a restart, a failover, an
 * administrator's pg_terminate_backend) costs a warning, not the process: the pool opens
 * new connections for the next queries.
 */
describe.skipIf(!onPostgres)('the PostgreSQL pool', () => {
  it('survives its idle connections being terminated by the server', async () => {
    const store = await openTestStore();
    try {
      // Several connections open and idle in the pool.
      await Promise.all(Array.from({ length: 4 }, () => store.db.transaction((tx) => tx.query('SELECT pg_sleep(0.05)'))));
      // The pool's warning is the condition waited for: no fixed sleep.
      let listen: (warning: Error) => void = () => {};
      const warned = new Promise<string>((resolve) => {
        listen = (warning: Error) => {
          if (/closed by the server/.test(warning.message)) resolve(warning.message);
        };
        process.on('warning', listen);
      });
      await asOwner(store.db, (tx) =>
        tx.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()'),
      );
      expect(await warned).toMatch(/closed by the server/);
      process.off('warning', listen);
      expect(await store.db.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await store.close();
    }
  });
});
