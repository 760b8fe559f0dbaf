import { KeyRing } from '../crypto/key-ring.ts';
import { loadMasterKey } from '../crypto/master-key.ts';
import { writeCheckpoint } from '../ledger/checkpoint.ts';
import { loadLedgerSigner, type LedgerSigner } from '../ledger/signing-key.ts';
import type { Database } from '../store/database.ts';
import { lockDataFolder } from '../store/folder-lock.ts';
import { migrate } from '../store/migrate.ts';
import { openPglite } from '../store/pglite-driver.ts';
import { openPostgres } from '../store/pg-driver.ts';
import { APPLICATION_ROLE } from '../store/database-roles.ts';
import { join } from 'node:path';

export interface Store {
  db: Database;
  keys: KeyRing;
  /** Signs the audit ledger's checkpoints; kept outside the database like the master key. */
  ledger: LedgerSigner;
  /** On a PostgreSQL server: whether the login owns the tables, rather than only holding the application's role. */
  ownerLogin: boolean;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Data folder: the embedded database (unless databaseUrl is set) and the demo key file. */
  dataDir: string;
  databaseUrl?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

/** Opens the database, applies pending migrations and unwraps the data keys. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const env = options.env ?? process.env;
  const master = loadMasterKey(env, options.dataDir);
  const ledger = loadLedgerSigner(env, options.dataDir);
  let release = () => {};
  let db: Database;
  if (options.databaseUrl) {
    db = await openPostgres(options.databaseUrl);
  } else {
    release = lockDataFolder(options.dataDir);
    try {
      db = await openPglite(join(options.dataDir, 'pgdata'));
    } catch (error) {
      release();
      throw error;
    }
  }
  return prepareStore(db, master, ledger, release);
}

/** Migrates and loads the key ring of an already opened database (tests use it too). */
export async function prepareStore(login: Database, master: Buffer, ledger: LedgerSigner, release = () => {}): Promise<Store> {
  let db = login;
  try {
    const { owner } = await migrate(login);
    const ownerLogin = login.kind === 'postgres' && owner;
    // From here on Vigie works as the application's role: the login's own rights (an
    // owner's, in a quick start) serve only to migrate.
    db = await login.withRole(APPLICATION_ROLE);
    if (db !== login) await login.close();
    const keys = await KeyRing.load(db, master);
    await keys.ensure(db, 'index');
    await keys.ensure(db, 'accounts');
    await keys.ensure(db, 'exports');
    return {
      db,
      keys,
      ledger,
      ownerLogin,
      close: async () => {
        // What this process appended is signed before it goes.
        await writeCheckpoint(db, ledger).catch((error: Error) => console.error(`The ledger's last entries could not be signed: ${error.message}`));
        await db.close();
        release();
      },
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    if (db !== login) await login.close().catch(() => undefined);
    release();
    throw error;
  }
}
