import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataFolderInUse, lockDataFolder } from './folder-lock.ts';
import { listMigrations, splitStatements } from './migrate.ts';
import { openStore } from './open-store.ts';

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
