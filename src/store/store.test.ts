import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataFolderInUse, lockDataFolder } from './folder-lock.ts';
import { listMigrations, splitStatements } from './migrate.ts';
import { openStore } from '../runtime/open-store.ts';
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
  it('writes COPY text lines with nulls, bytes and arrays, and refuses values needing escapes', async () => {
    const { copyLine } = await import('./database.ts');
    expect(copyLine(['a', null, new Uint8Array([1, 255]), [1n, -2n], 3])).toBe('a\t\\N\t\\\\x01ff\t{1,-2}\t3');
    expect(() => copyLine(['tab\there'])).toThrow(/escaping/);
  });

  it('loads the same rows through COPY (PGlite) as through INSERT', async () => {
    const { openPglite } = await import('./pglite-driver.ts');
    const db = await openPglite();
    await db.exec('CREATE TABLE t (id int, b bytea, s bigint[], n text)');
    await db.transaction((tx) => tx.copyRows!('t', ['id', 'b', 's', 'n'], [[1, new Uint8Array([0, 92, 9]), [5n], null]]));
    const rows = await db.query<{ id: number; b: Uint8Array; s: bigint[]; n: null }>('SELECT * FROM t');
    expect(rows).toEqual([{ id: 1, b: new Uint8Array([0, 92, 9]), s: [5], n: null }]);
    await db.close();
  });

  it.skipIf(!onPostgres)('streams COPY rows to PostgreSQL, chunk after chunk, bytes, big integers and nulls intact', async () => {
    const store = await openTestStore();
    try {
      // More rows than one chunk of the stream (pg-copy.ts), so that the chunks must join up.
      const sent = Array.from({ length: 600 }, (_, id) => [id, new Uint8Array([0, 92, 9, id % 256]), [5n, -(2n ** 62n)], id % 2 ? null : `n${id}`] as const);
      const rows = await asOwner(store.db, async (tx) => {
        await tx.query('CREATE TABLE t (id int, b bytea, s bigint[], n text)');
        await tx.copyRows!('t', ['id', 'b', 's', 'n'], sent);
        return tx.query<{ id: number; b: Buffer; s: bigint[]; n: string | null }>('SELECT * FROM t ORDER BY id');
      });
      expect(rows).toEqual(sent.map(([id, b, s, n]) => ({ id, b: Buffer.from(b), s, n })));
    } finally {
      await store.close();
    }
  });
});
