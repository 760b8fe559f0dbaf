import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dropExportFiles } from '../src/exports/writer.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { enqueue, Outbox } from '../src/runtime/outbox.ts';
import { openTestStore } from './support/test-store.ts';

/**
 * What a committed transaction leaves to do outside the database: written with it, carried
 * out after it, again and again until done, once, whichever server takes it.
 */
let store: Store;
let dir: string;
beforeAll(async () => {
  store = await openTestStore();
  dir = await mkdtemp(join(tmpdir(), 'vigie-outbox-'));
});
afterAll(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => store.db.query('DELETE FROM outbox'));

const pending = () =>
  store.db.query<{ subject: string; attempts: number; wait: number }>(
    `SELECT subject, attempts, extract(epoch FROM due_at - now())::int AS wait FROM outbox WHERE done_at IS NULL ORDER BY id`,
  );

describe('the outbox', () => {
  it('holds nothing of a transaction that rolled back', async () => {
    await expect(
      store.db.transaction(async (tx) => {
        await enqueue(tx, 'export-files', [randomUUID()]);
        throw new Error('the request failed');
      }),
    ).rejects.toThrow('the request failed');
    expect(await pending()).toEqual([]);
  });

  it('tries a failing item again later and later, and leaves the rest of its kind for the next round', async () => {
    const calls: string[] = [];
    const outbox = new Outbox().on('guard-alert', async (subject) => {
      calls.push(subject);
      if (subject === 'a') throw new Error('the receiver is down');
      return true;
    });
    await store.db.transaction((tx) => enqueue(tx, 'guard-alert', ['a', 'b']));
    expect(await outbox.deliver(store.db)).toEqual({ done: 0, failed: 1 });
    expect(calls).toEqual(['a']);
    expect(await pending()).toMatchObject([
      { subject: 'a', attempts: 1, wait: 5 },
      { subject: 'b', attempts: 0 },
    ]);
    await store.db.query(`UPDATE outbox SET due_at = now() WHERE subject = 'a'`);
    await outbox.deliver(store.db);
    expect(await pending()).toMatchObject([{ subject: 'a', attempts: 2, wait: 10 }, { subject: 'b' }]);
    await store.db.query(`UPDATE outbox SET due_at = now()`);
    expect(await outbox.deliver(store.db)).toEqual({ done: 0, failed: 1 });
    calls.length = 0;
    await store.db.query(`UPDATE outbox SET due_at = now() WHERE subject = 'b'`);
    expect(await outbox.deliver(store.db)).toEqual({ done: 1, failed: 0 });
    expect(calls).toEqual(['b']);
  });

  it('keeps a kind without a handler waiting, and gives each item to one delivery when two run at once', async () => {
    await store.db.transaction((tx) => enqueue(tx, 'guard-alert', ['no webhook yet']));
    const subjects = Array.from({ length: 10 }, (_, i) => `item ${i}`);
    await store.db.transaction((tx) => enqueue(tx, 'export-files', subjects));
    const calls: string[] = [];
    const outbox = () => new Outbox().on('export-files', async (subject) => (calls.push(subject), true));
    const [one, two] = await Promise.all([outbox().deliver(store.db), outbox().deliver(store.db)]);
    expect(one.done + two.done).toBe(10);
    expect(calls.sort()).toEqual(subjects.sort());
    expect((await pending()).map((row) => row.subject)).toEqual(['no webhook yet']);
  });

  it("deletes a cancelled export's folder, and no path that is not an export's id", async () => {
    const id = randomUUID();
    await mkdir(join(dir, id, 'pages'), { recursive: true });
    await mkdir(join(dir, 'kept'), { recursive: true });
    const outbox = new Outbox().on('export-files', (exportId) => dropExportFiles({ db: store.db, dir }, exportId));
    await store.db.transaction((tx) => enqueue(tx, 'export-files', [id, '../kept', 'kept']));
    expect(await outbox.deliver(store.db)).toEqual({ done: 3, failed: 0 });
    expect(existsSync(join(dir, id))).toBe(false);
    expect(existsSync(join(dir, 'kept'))).toBe(true);
  });
});
