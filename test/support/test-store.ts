import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database, Sql } from '../../src/store/database.ts';
import { openPglite } from '../../src/store/pglite-driver.ts';
import { openPostgres } from '../../src/store/pg-driver.ts';
import { prepareStore, type Store } from '../../src/runtime/open-store.ts';
import { signerFromSeed } from '../../src/ledger/signing-key.ts';
import { LOGIN_CLAIM } from '../../src/store/login-claim.ts';

/**
 * A fresh, empty store for one test file: in-memory PGlite by default, or a new database
 * on the PostgreSQL server of TEST_DATABASE_URL (dropped on close).
 */
export async function openTestStore(): Promise<Store> {
  const master = randomBytes(32);
  const serverUrl = process.env.TEST_DATABASE_URL;
  const ledger = signerFromSeed(randomBytes(32));
  if (!serverUrl) return prepareStore(await openPglite(), master, ledger);

  const name = `vigie_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), 4);
  const store = await prepareStore(db, master, ledger);
  const opened: Store = {
    ...store,
    close: async () => {
      await store.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
  databaseUrls.set(opened, url.toString());
  return opened;
}

/** The URL of each test store's own database on the PostgreSQL server. */
const databaseUrls = new WeakMap<Store, string>();

/**
 * VACUUM (ANALYZE) of the tables with the login's rights, outside any transaction, on a
 * test store's PostgreSQL database: the visibility map and statistics a server's
 * autovacuum keeps, which plans depend on (index-only scans).
 */
export async function vacuumAsOwner(store: Store, tables: readonly string[]): Promise<void> {
  const url = databaseUrls.get(store);
  if (!url) throw new Error('vacuumAsOwner needs a test store on PostgreSQL');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const table of tables) await client.query(`VACUUM (ANALYZE) ${pg.escapeIdentifier(table)}`);
  } finally {
    await client.end();
  }
}

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/**
 * Runs `work` in one transaction with the login's own rights (a superuser's, in tests)
 * instead of the application role's: how a test plays the owner or an attacker with the
 * superuser's power, behind the application's back.
 */
export async function asOwner<T>(db: Database, work: (tx: Sql) => Promise<T>): Promise<T> {
  return db.transaction(work, LOGIN_CLAIM);
}

/** One query with the login's own rights: a test's ground truth on the patient tables, which the application's role may not read. */
export const ownerQuery = <T = Record<string, unknown>>(db: Database, text: string, params?: readonly unknown[]): Promise<T[]> =>
  asOwner(db, (tx) => tx.query<T>(text, params));
