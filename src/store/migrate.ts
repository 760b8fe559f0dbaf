import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, Sql } from './database.ts';
import { sql } from './sql.ts';
import { grantPrivileges, ownsSchema } from './privileges.ts';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{3}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file.slice(4, -4),
      sql: readFileSync(join(dir, file), 'utf8'),
    }));
}

/**
 * Applies the plain-SQL migrations not yet applied, each in its own transaction, in order,
 * then grants the database roles their rights (privileges.ts). On PostgreSQL an advisory
 * lock keeps two starting servers from racing. A login that does not own the tables (the
 * application's own, in production) may start only once the owner has migrated.
 */
/** (`throughVersion`: stop there, as a database of an older version was; tests use it.) */
export async function migrate(db: Database, throughVersion = Infinity): Promise<{ applied: number[]; owner: boolean }> {
  const pending = (await pendingMigrations(db)).filter((migration) => migration.version <= throughVersion);
  const owner = await ownsSchema(db);
  if (!owner) {
    if (pending.length === 0) return { applied: [], owner };
    throw new Error(
      `${pending.length} database migrations are pending, and this database login may not apply them: run \`vigie migrate\` with the owner's DATABASE_URL first`,
    );
  }
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: number[] = [];
  for (const migration of pending) {
    const done = await db.transaction(async (tx) => {
      await serialise(db, tx);
      const rows = await tx.rows(sql`SELECT 1 FROM schema_migration WHERE version = ${migration.version}`);
      if (rows.length > 0) return false;
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.run(sql`INSERT INTO schema_migration (version, name) VALUES (${migration.version}, ${migration.name})`);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  // Every start by the owner grants the roles their rights again: a right on the ledger added by hand is taken back.
  if (throughVersion === Infinity) {
    await db.transaction(async (tx) => {
      await serialise(db, tx);
      await grantPrivileges(tx);
    });
  }
  return { applied, owner };
}

async function serialise(db: Database, tx: Sql): Promise<void> {
  if (db.kind === 'postgres') await tx.run(sql`SELECT pg_advisory_xact_lock(7414)`);
}

async function pendingMigrations(db: Sql): Promise<Migration[]> {
  const table = await db.one<{ present: boolean }>(sql`SELECT to_regclass('schema_migration') IS NOT NULL AS present`);
  const done = table!.present ? new Set((await db.rows<{ version: number }>(sql`SELECT version FROM schema_migration`)).map((row) => row.version)) : new Set();
  return listMigrations().filter((migration) => !done.has(migration.version));
}

/**
 * Migrations are split on lines ending in ';' so each statement runs inside the
 * transaction. Functions with bodies use $$ ... $$ and are kept whole.
 */
export function splitStatements(script: string): string[] {
  const statements: string[] = [];
  let current = '';
  let inDollar = false;
  for (const line of script.split('\n')) {
    if (/^\s*--/.test(line) && !inDollar) continue;
    current += line + '\n';
    if ((line.match(/\$\$/g) ?? []).length % 2 === 1) inDollar = !inDollar;
    if (!inDollar && /;\s*$/.test(line)) {
      statements.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}
