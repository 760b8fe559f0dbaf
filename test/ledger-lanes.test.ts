import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, type AuditEntry } from '../src/ledger/append.ts';
import { writeCheckpoint } from '../src/ledger/checkpoint.ts';
import { verifyLedger } from '../src/ledger/verify.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { sql } from '../src/store/sql.ts';
import { onPostgres, openTestStore } from './support/test-store.ts';

/**
 * Appends go to parallel lanes (migration 009). Whatever the interleaving — concurrent
 * appends, checkpoints taken meanwhile, appends rolled back with their act, a transaction
 * appending twice — every lane stays a gapless chain, the checkpoints' trees cover the
 * entries in number order, and the ledger verifies.
 */
let store: Store;
beforeAll(async () => {
  store = await openTestStore();
});
afterAll(() => store?.close());

const entry = (i: number): AuditEntry => ({ action: 'read', outcome: 'allowed', reason: `read ${i}`, patientId: randomUUID() });
class Rollback extends Error {}

describe('ledger lanes', () => {
  it('stay gapless chains under concurrent appends, checkpoints and rollbacks', async () => {
    let signed = 0;
    let rolledBack = 0;
    await Promise.all(
      Array.from({ length: 8 }, async (_, worker) => {
        for (let i = 0; i < 60; i++) {
          const n = worker * 1000 + i;
          // One worker signs checkpoints between its appends, while the others append.
          if (worker === 0 && i % 15 === 7 && (await writeCheckpoint(store.db, store.ledger))) signed++;
          if (i % 10 === 9) {
            // The act fails after its entry was appended: the entry goes with it.
            await store.db
              .transaction(async (tx) => {
                await appendAudit(tx, [entry(n)]);
                throw new Rollback();
              })
              .catch((error: unknown) => {
                if (!(error instanceof Rollback)) throw error;
                rolledBack++;
              });
          } else if (i % 10 === 4) {
            // Two appends in one transaction, as a write and its read-back do.
            await store.db.transaction(async (tx) => {
              await appendAudit(tx, [entry(n)]);
              await appendAudit(tx, [entry(n + 500), entry(n + 600)]);
            });
          } else {
            await appendAudit(store.db, [entry(n)]);
          }
        }
      }),
    );
    await writeCheckpoint(store.db, store.ledger);

    const kept = 8 * 60 - rolledBack + 8 * 6 * 2;
    const [count] = await store.db.query<{ n: bigint; lanes: bigint; top: bigint }>(
      'SELECT count(*) AS n, count(DISTINCT lane) AS lanes, max(seq) AS top FROM audit_event',
    );
    expect(rolledBack).toBe(8 * 6);
    expect(Number(count!.n)).toBeGreaterThanOrEqual(kept);
    expect(Number(count!.top)).toBeGreaterThan(Number(count!.n)); // numbers drawn by rolled-back appends are gaps
    if (onPostgres) expect(Number(count!.lanes)).toBeGreaterThan(1);
    expect(signed).toBeGreaterThan(0);

    const report = await verifyLedger(store.db, { publicKeys: [store.ledger.publicKey] });
    expect(report.problem).toBeUndefined();
    expect(report).toMatchObject({ intact: true, entries: BigInt(count!.n) });
    expect(report.checkpoints).toBeGreaterThan(1);

    // Each lane's positions run 1, 2, 3... in the order of its numbers.
    const lanes = await store.db.query<{ ok: boolean }>(
      `SELECT bool_and(lane_seq = rank) AS ok FROM (SELECT lane_seq, row_number() OVER (PARTITION BY lane ORDER BY seq) AS rank FROM audit_event) AS t`,
    );
    expect(lanes[0]!.ok).toBe(true);
  });

  it('refuses an append whose tails and entries do not pair, and writes nothing', async () => {
    const [before] = await store.db.query<{ n: bigint }>('SELECT count(*) AS n FROM audit_event');
    const fields = [{ occurredAt: new Date().toISOString(), action: 'read', outcome: 'allowed', reason: 'one' }];
    await expect(store.db.run(sql`SELECT ledger_append(0::smallint, ${[Buffer.from('a'), Buffer.from('b')]}, ${JSON.stringify(fields)})`)).rejects.toThrow(
      /2 tails for 1 entries/,
    );
    const [after] = await store.db.query<{ n: bigint }>('SELECT count(*) AS n FROM audit_event');
    expect(after!.n).toBe(before!.n);
  });
});
