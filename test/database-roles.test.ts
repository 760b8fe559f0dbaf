import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inGate } from '../src/gate/gate-role.ts';
import { appendAudit } from '../src/ledger/append.ts';
import { verifyLedger } from '../src/ledger/verify.ts';
import { openStore, type Store } from '../src/runtime/open-store.ts';
import { onPostgres, openTestStore } from './support/test-store.ts';

/**
 * Invariant 6 at the database: Vigie works as vigie_app, which may read the ledger and
 * append to it, and nothing else — the refusal comes from PostgreSQL's privileges, before
 * any trigger, and the triggers themselves are out of its reach. On a server, a login
 * that is only a member of vigie_app serves, and cannot get out of it.
 */
let store: Store;
beforeAll(async () => {
  store = await openTestStore();
  await appendAudit(store.db, [{ action: 'login', outcome: 'allowed', reason: 'before the attempts' }]);
});
afterAll(() => store?.close());

const LEDGER_CHANGES = [
  "UPDATE audit_event SET reason = 'nothing to see'",
  'DELETE FROM audit_event',
  'TRUNCATE audit_event',
  "UPDATE ledger_checkpoint SET key_id = 'x'",
  'DELETE FROM ledger_checkpoint',
  'UPDATE ledger_genesis SET genesis_seq = genesis_seq + 1',
  'DELETE FROM schema_migration',
  // Claiming that the entries up to a number were archived, so that verification skips them.
  "INSERT INTO ledger_archive (through_seq, tree_size, frontier, lanes, file_sha256) VALUES (1000, 1000, '[]', '[]', '\\x00')",
  "SELECT setval('audit_event_seq', 1)",
];
const OWNER_ONLY = [
  'ALTER TABLE audit_event DISABLE TRIGGER audit_event_insert_only',
  'DROP TRIGGER audit_event_insert_only ON audit_event',
  'DROP TABLE audit_event',
  'CREATE OR REPLACE FUNCTION ledger_insert_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$',
];

async function refusals(run: (statement: string) => Promise<unknown>): Promise<Record<string, string>> {
  // A grant to oneself without the owner's rights grants nothing (PostgreSQL only warns).
  await run('GRANT UPDATE, DELETE, TRUNCATE ON audit_event, ledger_checkpoint TO CURRENT_USER');
  const outcomes: Record<string, string> = {};
  for (const statement of [...LEDGER_CHANGES, ...OWNER_ONLY]) {
    outcomes[statement] = await run(statement).then(
      () => 'done',
      (error: Error) => (/permission denied|must be owner/.test(error.message) ? 'refused' : error.message),
    );
  }
  return outcomes;
}
const allRefused = () => Object.fromEntries([...LEDGER_CHANGES, ...OWNER_ONLY].map((statement) => [statement, 'refused']));

describe('the application role', () => {
  it('is what Vigie works as', async () => {
    expect(await store.db.query('SELECT current_user AS role')).toEqual([{ role: 'vigie_app' }]);
  });

  it('may not change, remove or unprotect a ledger entry, nor set its numbers back', async () => {
    expect(await refusals((statement) => store.db.query(statement))).toEqual(allRefused());
    expect(await verifyLedger(store.db)).toMatchObject({ intact: true, entries: 1n });
  });

  it('still reads and writes the records, and appends to the ledger', async () => {
    await appendAudit(store.db, [{ action: 'read', outcome: 'allowed', reason: 'after the attempts', patientId: randomUUID() }]);
    const [row] = await store.db.query<{ n: bigint }>('SELECT count(*) AS n FROM audit_event');
    expect(Number(row!.n)).toBe(2);
    expect(await store.db.query('SELECT count(*) AS n FROM account')).toHaveLength(1);
  });
});

describe.runIf(onPostgres)('a server login that is only a member of vigie_app', () => {
  const login = `vigie_server_${randomBytes(4).toString('hex')}`;
  const name = `vigie_test_${randomBytes(6).toString('hex')}`;
  const env = { VIGIE_MASTER_KEY: randomBytes(32).toString('hex'), VIGIE_LEDGER_KEY: randomBytes(32).toString('hex') };
  let admin: pg.Client;
  const urlOf = (user?: string) => {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    if (user) url.username = user;
    url.pathname = `/${name}`;
    return url.toString();
  };
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.query(`CREATE ROLE ${login} LOGIN IN ROLE vigie_app`);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${login}`);
    await admin.end();
  });

  it('may not migrate: a database with pending migrations says who must', async () => {
    // PostgreSQL 15 gives no one but the owner CREATE on the public schema.
    await expect(openStore({ dataDir: '/nonexistent', databaseUrl: urlOf(login), env })).rejects.toThrow(/migrations are pending.*vigie migrate/);
  });

  it("takes back a right on the ledger granted by hand, at the owner's next start", async () => {
    const asLogin = async (statement: string) => {
      const client = new pg.Client({ connectionString: urlOf(login) });
      await client.connect();
      return client.query(statement).finally(() => client.end());
    };
    const first = await openStore({ dataDir: '/nonexistent', databaseUrl: urlOf(), env });
    await appendAudit(first.db, [{ action: 'login', outcome: 'allowed', reason: 'an entry to update' }]);
    await first.close();
    const owner = new pg.Client({ connectionString: urlOf() });
    await owner.connect();
    await owner.query('GRANT UPDATE ON audit_event TO vigie_app');
    await owner.end();
    // Granted, only the trigger stands in the way...
    await expect(asLogin("UPDATE audit_event SET reason = 'x'")).rejects.toThrow(/insert-only/);
    await (await openStore({ dataDir: '/nonexistent', databaseUrl: urlOf(), env })).close();
    // ...until the owner's next start takes the right back.
    await expect(asLogin("UPDATE audit_event SET reason = 'x'")).rejects.toThrow(/permission denied/);
  });

  it('serves once the owner has migrated, and cannot get out of the role', async () => {
    await (await openStore({ dataDir: '/nonexistent', databaseUrl: urlOf(), env })).close();
    const served = await openStore({ dataDir: '/nonexistent', databaseUrl: urlOf(login), env });
    try {
      await appendAudit(served.db, [{ action: 'login', outcome: 'allowed', reason: 'served by the application login' }]);
      expect(await verifyLedger(served.db)).toMatchObject({ intact: true });
      // The gate's role is reachable from the login through the application's, and its rights are not inherited.
      expect(await inGate(served.db, (tx) => tx.query('SELECT count(*)::int AS n FROM patient'))).toEqual([{ n: 0 }]);
      await expect(served.db.query('SELECT count(*) FROM patient')).rejects.toThrow(/permission denied/);
    } finally {
      await served.close();
    }

    const client = new pg.Client({ connectionString: urlOf(login) });
    await client.connect();
    try {
      // No way back to more rights: the login itself holds none.
      await client.query('RESET ROLE');
      await client.query('SET ROLE NONE');
      expect(await refusals((statement) => client.query(statement))).toEqual(allRefused());
      await expect(client.query('SELECT count(*) FROM patient')).rejects.toThrow(/permission denied/);
    } finally {
      await client.end();
    }
  });
});
