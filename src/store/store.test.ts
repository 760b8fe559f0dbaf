import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataFolderInUse, lockDataFolder } from './folder-lock.ts';
import { listMigrations, splitStatements } from './migrate.ts';
import { openStore } from '../runtime/open-store.ts';
import { encodeCopy, type CopyShape, type CopyValue } from './copy-binary.ts';
import { asOwner, onPostgres, openTestStore } from '../../test/support/test-store.ts';

describe('migrations', () => {
  it('are numbered without gaps', () => {
    const versions = listMigrations().map((migration) => migration.version);
    expect(versions).toEqual(versions.map((_, index) => index + 1));
  });

  it('split statements but keep $$ bodies whole', () => {
    const sql = 'CREATE TABLE a (x int);\n-- comment;\nCREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  RETURN NULL;\nEND;\n$$ LANGUAGE plpgsql;\n';
    expect(splitStatements(sql)).toHaveLength(2);
  });
});

describe('the embedded data folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is locked against a second process, with a clear message', () => {
    const release = lockDataFolder(dir);
    // Same pid counts as ours; simulate another live process with pid 1 (init).
    release();
    const path = join(dir, 'vigie.lock');
    writeFileSync(path, '1');
    expect(() => lockDataFolder(dir)).toThrow(DataFolderInUse);
    expect(() => lockDataFolder(dir)).toThrow(/in use by another Vigie process \(pid 1\)/);
    rmSync(path);
  });

  it('takes over a stale lock', () => {
    writeFileSync(join(dir, 'vigie.lock'), '999999999');
    const release = lockDataFolder(dir);
    release();
  });

  it('opens, migrates once, and keeps its demo master key private', async () => {
    const env = {} as NodeJS.ProcessEnv;
    const first = await openStore({ dataDir: dir, env });
    const migrations = await first.db.query<{ version: number }>('SELECT version FROM schema_migration');
    expect(migrations.length).toBe(listMigrations().length);
    await first.close();
    const second = await openStore({ dataDir: dir, env });
    expect((await second.db.query('SELECT version FROM schema_migration')).length).toBe(listMigrations().length);
    await second.close();
    expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);
  });
});

describe('bulk loading', () => {
  it('loads every column type through binary COPY on PGlite, as it was given', async () => {
    const { openPglite } = await import('./pglite-driver.ts');
    const db = await openPglite();
    await db.exec(COPY_TABLE);
    await db.transaction((tx) => tx.copy!(encodeCopy(COPY_SHAPE, COPY_ROWS)));
    expect(await db.query(READ_BACK)).toEqual(COPY_ROWS.map(copied));
    await db.close();
  });

  it.skipIf(!onPostgres)('streams binary COPY rows to PostgreSQL, chunk after chunk, every column type intact', async () => {
    const store = await openTestStore();
    try {
      // Megabytes: more than the socket takes in one write.
      const sent = Array.from({ length: 60 }, (_, i) => COPY_ROWS[i % COPY_ROWS.length]!.map((value, column) => (column === 0 ? i : value)));
      const rows = await asOwner(store.db, async (tx) => {
        await tx.query(COPY_TABLE);
        await tx.copy!(encodeCopy(COPY_SHAPE, sent));
        return tx.query(READ_BACK);
      });
      expect(rows).toEqual(sent.map(copied));
    } finally {
      await store.close();
    }
  });
});

const COPY_TABLE = 'CREATE TABLE t (id int, u uuid, k text, b bytea, s bigint[], at timestamptz, m smallint)';
const COPY_SHAPE: CopyShape<readonly CopyValue[]> = {
  table: 't',
  columns: { id: 'int4', u: 'uuid', k: 'text', b: 'bytea', s: 'int8[]', at: 'timestamptz', m: 'int2' },
  values: (row) => row,
};
/** Arrays as text: the drivers read int8 elements as numbers or bigints. */
const READ_BACK = 'SELECT id, u, k, b, s::text AS s, at, m FROM t ORDER BY id';
const COPY_ROWS = [
  [
    1,
    '0b4e7a52-9f4f-4c1e-8a59-3c2d1e0f9a8b',
    'Hélène\t"\\',
    Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7) % 256) /* past the writer's first guess: it grows */,
    [5n, -(2n ** 62n)],
    '2024-11-19T08:30:00.123+01:00',
    -3,
  ],
  [2, null, '', new Uint8Array([]), [], '1999-12-31T23:59:59Z', 0],
  [3, undefined, null, null, null, null, null],
] as const;

/** A row as the drivers read it back: bytes as Buffers or Uint8Arrays, instants as Dates, nothing for undefined. */
function copied(row: readonly unknown[]): Record<string, unknown> {
  const [id, u, k, b, s, at, m] = row;
  return {
    id,
    u: u ?? null,
    k: k ?? null,
    b: b ? expect.toSatisfy((read: Uint8Array) => Buffer.from(read).equals(Buffer.from(b as Uint8Array))) : null,
    s: s ? `{${(s as bigint[]).join(',')}}` : null,
    at: at ? new Date(at as string) : null,
    m: m ?? null,
  };
}
