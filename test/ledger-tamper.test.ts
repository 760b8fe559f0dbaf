import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, type AuditEntry } from '../src/ledger/append.ts';
import { verifyLedger } from '../src/ledger/verify.ts';
import type { Sql } from '../src/store/database.ts';
import type { Store } from '../src/store/open-store.ts';
import { openTestStore } from './support/test-store.ts';

/**
 * DESIGN invariant 6, threat T8: someone with the database superuser's power edits the
 * audit rows behind the application's back. Whatever one entry they alter, delete, move
 * or insert, verification fails and names the place; the intact ledger verifies.
 */
const ENTRIES = 240;
let store: Store;

beforeAll(async () => {
  store = await openTestStore();
  const entry = (i: number): AuditEntry => ({
    action: (['read', 'search', 'login', 'update'] as const)[i % 4]!,
    outcome: i % 7 === 0 ? 'refused' : 'allowed',
    reason: `reason ${i}`,
    actorId: randomUUID(),
    actorRole: 'doctor',
    sessionId: randomUUID(),
    patientId: i % 3 === 0 ? undefined : randomUUID(),
    resourceType: 'Patient',
    resourceId: `id-${i}`,
    address: '10.0.0.' + (i % 250),
    detail: i % 2 === 0 ? { count: i, nested: { b: [1, 'two'], a: null } } : undefined,
  });
  // In batches, as the gate appends them (one per disclosed patient of a page).
  for (let i = 0; i < ENTRIES; i += 8) await appendAudit(store.db, Array.from({ length: 8 }, (_, j) => entry(i + j)));
});
afterAll(async () => {
  await store?.close();
});

/** Runs a tampering as the superuser, triggers off, verifies, then rolls it all back. */
async function tampered(tamper: (tx: Sql) => Promise<void>) {
  let report: Awaited<ReturnType<typeof verifyLedger>> | undefined;
  await store.db
    .transaction(async (tx) => {
      await tx.query("SET LOCAL session_replication_role = 'replica'");
      await tamper(tx);
      report = await verifyLedger(tx);
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
  return report!;
}
class Rollback extends Error {}

const TAMPERINGS: Array<{ name: string; apply: (tx: Sql, seq: number, other: number) => Promise<void>; place: (seq: number, other: number) => number }> = [
  { name: 'reason rewritten', apply: (tx, seq) => tx.query("UPDATE audit_event SET reason = reason || ' ' WHERE seq = $1", [seq]).then(() => undefined), place: (seq) => seq },
  { name: 'outcome flipped', apply: (tx, seq) => tx.query("UPDATE audit_event SET outcome = CASE outcome WHEN 'allowed' THEN 'failed' ELSE 'allowed' END WHERE seq = $1", [seq]).then(() => undefined), place: (seq) => seq },
  { name: 'patient changed', apply: (tx, seq) => tx.query('UPDATE audit_event SET patient_id = $2 WHERE seq = $1', [seq, randomUUID()]).then(() => undefined), place: (seq) => seq },
  { name: 'time moved', apply: (tx, seq) => tx.query("UPDATE audit_event SET occurred_at = occurred_at - interval '1 millisecond' WHERE seq = $1", [seq]).then(() => undefined), place: (seq) => seq },
  { name: 'detail edited', apply: (tx, seq) => tx.query(`UPDATE audit_event SET detail = coalesce(detail, '{}'::jsonb) || '{"x": 1}'::jsonb WHERE seq = $1`, [seq]).then(() => undefined), place: (seq) => seq },
  { name: 'address erased', apply: (tx, seq) => tx.query('UPDATE audit_event SET address = NULL WHERE seq = $1', [seq]).then(() => undefined), place: (seq) => seq },
  { name: 'hash replaced', apply: (tx, seq) => tx.query("UPDATE audit_event SET chain_hash = sha256(chain_hash) WHERE seq = $1", [seq]).then(() => undefined), place: (seq) => seq },
  { name: 'entry deleted', apply: (tx, seq) => tx.query('DELETE FROM audit_event WHERE seq = $1', [seq]).then(() => undefined), place: (seq) => seq },
  {
    name: 'two entries swapped',
    apply: async (tx, seq, other) => {
      await tx.query('UPDATE audit_event SET seq = -1 WHERE seq = $1', [seq]);
      await tx.query('UPDATE audit_event SET seq = $1 WHERE seq = $2', [seq, other]);
      await tx.query('UPDATE audit_event SET seq = $1 WHERE seq = -1', [other]);
    },
    place: (seq, other) => Math.min(seq, other),
  },
  {
    name: 'entry inserted',
    apply: async (tx, seq) => {
      // Make room at seq, then slip in a copy of its neighbour.
      await tx.query('UPDATE audit_event SET seq = seq + 1000000 WHERE seq >= $1', [seq]);
      await tx.query('UPDATE audit_event SET seq = seq - 999999 WHERE seq >= 1000000');
      await tx.query(
        `INSERT INTO audit_event (seq, occurred_at, action, outcome, reason, chain_hash)
         SELECT $1, occurred_at, action, outcome, 'inserted', chain_hash FROM audit_event WHERE seq = $2`,
        [seq, seq + 1],
      );
      await tx.query('UPDATE ledger_head SET seq = seq + 1');
    },
    place: (seq) => seq,
  },
];

describe('the audit ledger', () => {
  it('verifies when intact', async () => {
    const report = await verifyLedger(store.db);
    expect(report).toMatchObject({ intact: true, entries: BigInt(ENTRIES) });
    expect(report.head).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses updates, deletions and truncation by the application', async () => {
    await expect(store.db.query("UPDATE audit_event SET reason = 'x' WHERE seq = 1")).rejects.toThrow(/insert-only/);
    await expect(store.db.query('DELETE FROM audit_event WHERE seq = 1')).rejects.toThrow(/insert-only/);
    await expect(store.db.query('TRUNCATE audit_event')).rejects.toThrow(/insert-only/);
    expect((await verifyLedger(store.db)).intact).toBe(true);
  });

  it('names the place of each of 1,000 random tamperings with one entry', async () => {
    const first = Number((await store.db.query<{ seq: bigint }>('SELECT min(seq) AS seq FROM audit_event'))[0]!.seq);
    let random = 20261122;
    const next = (n: number) => {
      random = (random * 1103515245 + 12345) % 2147483648;
      return random % n;
    };
    const missed: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const tampering = TAMPERINGS[i % TAMPERINGS.length]!;
      const seq = first + next(ENTRIES);
      let other = first + next(ENTRIES);
      if (other === seq) other = seq === first ? seq + 1 : seq - 1;
      const report = await tampered((tx) => tampering.apply(tx, seq, other));
      const place = tampering.place(seq, other);
      if (report.intact || report.problem?.seq !== BigInt(place)) {
        missed.push(`${tampering.name} at ${seq}/${other}: ${report.intact ? 'intact' : `${report.problem!.seq} ${report.problem!.message}`}`);
      }
    }
    expect(missed).toEqual([]);
    expect((await verifyLedger(store.db)).intact).toBe(true);
  });
});
