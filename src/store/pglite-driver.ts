import { PGlite, type Transaction } from '@electric-sql/pglite';
import { copyLine, type CopyValue, type Database, type Sql } from './database.ts';

/**
 * PGlite has one connection: its `transaction` holds a mutex, so concurrent requests
 * queue instead of interleaving inside a transaction.
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  const pg = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  return {
    kind: 'pglite',
    ...sqlOf(pg),
    transaction: (work) => pg.transaction((tx) => work(sqlOf(tx))),
    exec: async (script) => {
      await pg.exec(script);
    },
    close: () => pg.close(),
  };
}

function sqlOf(connection: PGlite | Transaction): Sql {
  return {
    query: async <T>(text: string, params?: readonly unknown[]) => (await connection.query<T>(text, params as unknown[] | undefined)).rows,
    copyRows: async (table: string, columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<CopyValue>>) => {
      if (rows.length === 0) return;
      const blob = new Blob([rows.map(copyLine).join('\n') + '\n']);
      await connection.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob });
    },
  };
}
