import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, type AuditEntry } from '../src/ledger/append.ts';
import { writeCheckpoint } from '../src/ledger/checkpoint.ts';
import { verifyLedger } from '../src/ledger/verify.ts';
import type { Sql } from '../src/store/database.ts';
import { sql } from '../src/store/sql.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { asOwner, onPostgres, openTestStore } from './support/test-store.ts';

/**
 * On a server, verification reads and hashes in worker threads, each on its own
 * connection in the verifier's snapshot, over ranges of numbers handed back in order.
 * Tamperings committed behind the application's back are found at their place across
 * range and worker boundaries, as they are by the single-thread path.
 */
const ENTRIES = 20_000; // three ranges of 8,192: both workers, and a range boundary
let store: Store;
const parallel = { parallelFrom: 0 };

beforeAll(async () => {
  if (!onPostgres) return;
  store = await openTestStore();
  // Some entries carry what COPY's text format escapes (tabs, newlines, backslashes, \N) and more.
  const odd = 'tab\there, new\nline, back\\slash, \\N, « é », 🩺, "quoted"';
  const entry = (i: number): AuditEntry =>
    i % 97 === 0
      ? {
          action: 'read',
          outcome: 'allowed',
          reason: `${odd} ${i}`,
          patientId: randomUUID(),
          address: '\\N',
          detail: { i, note: odd, nested: { '\t': [odd, null] } },
        }
      : { action: 'read', outcome: 'allowed', reason: `read ${i}`, patientId: randomUUID(), detail: { i } };
  await Promise.all(
    Array.from({ length: 4 }, async (_, worker) => {
      for (let i = worker; i < ENTRIES / 500; i += 4)
        await appendAudit(
          store.db,
          Array.from({ length: 500 }, (_, j) => entry(i * 500 + j)),
        );
    }),
  );
  await writeCheckpoint(store.db, store.ledger);
});
afterAll(() => store?.close());

/** Commits a tampering as the superuser, verifies in parallel, then puts the entry back. */
async function committed(seq: number, tamper: (tx: Sql) => Promise<unknown>) {
  await asOwner(store.db, async (tx) => {
    await tx.run(sql`SET LOCAL session_replication_role = 'replica'`);
    await tx.run(sql`CREATE TABLE IF NOT EXISTS tamper_saved AS SELECT * FROM audit_event WITH NO DATA`);
    await tx.run(sql`INSERT INTO tamper_saved SELECT * FROM audit_event WHERE seq = ${seq}`);
    await tamper(tx);
  });
  const report = await verifyLedger(store.db, { ...parallel, publicKeys: [store.ledger.publicKey] });
  await asOwner(store.db, async (tx) => {
    await tx.run(sql`SET LOCAL session_replication_role = 'replica'`);
    await tx.run(sql`DELETE FROM audit_event WHERE seq IN (${seq}::bigint, ${seq}::bigint + 1000000)`);
    await tx.run(sql`INSERT INTO audit_event SELECT * FROM tamper_saved`);
    await tx.run(sql`DELETE FROM tamper_saved`);
  });
  return report;
}

describe.runIf(onPostgres)('parallel verification', () => {
  it('verifies an intact ledger, as the single thread does', async () => {
    const inThread = await verifyLedger(store.db, { publicKeys: [store.ledger.publicKey] });
    const inWorkers = await verifyLedger(store.db, { ...parallel, publicKeys: [store.ledger.publicKey] });
    expect(inWorkers).toEqual(inThread);
    expect(inWorkers).toMatchObject({ intact: true, entries: BigInt(ENTRIES), checkpoints: 1 });
  });

  it('reads the times alike whatever date style the server is configured with', async () => {
    const setStyle = (style: string) =>
      asOwner(store.db, (tx) => tx.query(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET datestyle = %L', current_database(), '${style}'); END $$`));
    await setStyle('SQL, DMY');
    try {
      // The workers' connections are new ones: they would get the database's setting.
      expect(await verifyLedger(store.db, { ...parallel, publicKeys: [store.ledger.publicKey] })).toMatchObject({ intact: true, entries: BigInt(ENTRIES) });
    } finally {
      await setStyle('ISO, MDY');
    }
  });

  it('names the place of a change, a removal or a move committed behind its back, in any range', async () => {
    const [{ first }] = (await store.db.rows<{ first: bigint }>(sql`SELECT min(seq) AS first FROM audit_event`)) as [{ first: bigint }];
    const start = Number(first);
    for (const seq of [start, start + 8191, start + 8192, start + 12_345, start + ENTRIES - 1]) {
      const altered = await committed(seq, (tx) => tx.rows(sql`UPDATE audit_event SET reason = 'nothing to see' WHERE seq = ${seq}`));
      expect(altered.problem).toMatchObject({ seq: BigInt(seq), kind: 'altered' });
      const removed = await committed(seq, (tx) => tx.rows(sql`DELETE FROM audit_event WHERE seq = ${seq}`));
      expect(removed.problem?.seq).toBe(BigInt(seq));
      const moved = await committed(seq, (tx) => tx.rows(sql`UPDATE audit_event SET seq = seq + 1000000 WHERE seq = ${seq}`));
      // Found where it left, or, moved past the end, where it now stands.
      expect([BigInt(seq), BigInt(seq + 1_000_000)]).toContain(moved.problem?.seq);
    }
    expect(await verifyLedger(store.db, parallel)).toMatchObject({ intact: true });
  });
});
