import { PGlite, type Transaction } from '@electric-sql/pglite';
import { copyLine, type CopyValue, type Database, type Sql } from './database.ts';

/**
 * PGlite has one connection: its `transaction` holds a mutex, so concurrent requests
 * queue instead of interleaving inside a transaction.
 *
 * It is PostgreSQL in single-user mode: there is no checkpointer process, so the WAL
 * grows without bound (11 GB after 400,000 seeded patients, measured) unless someone
 * asks for checkpoints. The driver does, once a minute; a checkpoint recycles the WAL
 * down to max_wal_size.
 */
const CHECKPOINT_EVERY_MS = 60_000;

export async function openPglite(dataDir?: string): Promise<Database> {
  const pg = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  const checkpoints = dataDir ? setInterval(() => void pg.query('CHECKPOINT').catch(() => undefined), CHECKPOINT_EVERY_MS) : undefined;
  checkpoints?.unref();
  const db: Database = {
    kind: 'pglite',
    ...sqlOf(pg),
    transaction: (work) => pg.transaction((tx) => work(sqlOf(tx))),
    exec: async (script) => {
      await pg.exec(script);
    },
    // One connection: it takes the role itself. Bulk loads COPY from PGlite's in-memory
    // /dev/blob, a "server file" to PostgreSQL: the role may read those (the only host
    // folder the WASM file system reaches is this database's own).
    withRole: async (role) => {
      await pg.exec(`GRANT pg_read_server_files TO ${role}; SET ROLE ${role}`);
      return db;
    },
    close: async () => {
      clearInterval(checkpoints);
      if (!pg.closed) await pg.close();
    },
  };
  return db;
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
