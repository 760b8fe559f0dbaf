import { PGlite } from '@electric-sql/pglite';
import type { Database, Sql } from './database.ts';

/**
 * PGlite has one connection: its `transaction` holds a mutex, so concurrent requests
 * queue instead of interleaving inside a transaction.
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  const pg = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  const query = async <T>(text: string, params?: readonly unknown[]) =>
    (await pg.query<T>(text, params as unknown[] | undefined)).rows;
  return {
    kind: 'pglite',
    query,
    transaction: (work) =>
      pg.transaction((tx) => {
        const sql: Sql = {
          query: async <T>(text: string, params?: readonly unknown[]) =>
            (await tx.query<T>(text, params as unknown[] | undefined)).rows,
        };
        return work(sql);
      }),
    exec: async (script) => {
      await pg.exec(script);
    },
    close: () => pg.close(),
  };
}
