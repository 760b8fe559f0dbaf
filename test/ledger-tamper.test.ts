import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, type AuditEntry } from '../src/ledger/append.ts';
import { writeCheckpoint } from '../src/ledger/checkpoint.ts';
import { exportCheckpoints, readCheckpointFile } from '../src/ledger/checkpoint-file.ts';
import { chainNext, GENESIS_HASH } from '../src/ledger/entry-hash.ts';
import { entriesFrom, leafOfRow } from '../src/ledger/entry-rows.ts';
import { signerFromSeed } from '../src/ledger/signing-key.ts';
import { verifyLedger } from '../src/ledger/verify.ts';
import type { Sql } from '../src/store/database.ts';
import { sql } from '../src/store/sql.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { asOwner, openTestStore } from './support/test-store.ts';

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
  for (let i = 0; i < ENTRIES; i += 8)
    await appendAudit(
      store.db,
      Array.from({ length: 8 }, (_, j) => entry(i + j)),
    );
});
afterAll(async () => {
  await store?.close();
});

/** Runs a tampering as the superuser, triggers off, verifies, then rolls it all back. */
async function tampered(tamper: (tx: Sql) => Promise<void>, options: Parameters<typeof verifyLedger>[1] = {}) {
  let report: Awaited<ReturnType<typeof verifyLedger>> | undefined;
  await asOwner(store.db, async (tx) => {
    await tx.run(sql`SET LOCAL session_replication_role = 'replica'`);
    await tamper(tx);
    report = await verifyLedger(tx, options);
    throw new Rollback();
  }).catch((error: unknown) => {
    if (!(error instanceof Rollback)) throw error;
  });
  return report!;
}
class Rollback extends Error {}

const TAMPERINGS: Array<{ name: string; apply: (tx: Sql, seq: number, other: number) => Promise<void>; place: (seq: number, other: number) => number }> = [
  {
    name: 'reason rewritten',
    apply: (tx, seq) => tx.rows(sql`UPDATE audit_event SET reason = reason || ' ' WHERE seq = ${seq}`).then(() => undefined),
    place: (seq) => seq,
  },
  {
    name: 'outcome flipped',
    apply: (tx, seq) =>
      tx.rows(sql`UPDATE audit_event SET outcome = CASE outcome WHEN 'allowed' THEN 'failed' ELSE 'allowed' END WHERE seq = ${seq}`).then(() => undefined),
    place: (seq) => seq,
  },
  {
    name: 'patient changed',
    apply: (tx, seq) => tx.rows(sql`UPDATE audit_event SET patient_id = ${randomUUID()} WHERE seq = ${seq}`).then(() => undefined),
    place: (seq) => seq,
  },
  {
    name: 'time moved',
    apply: (tx, seq) => tx.rows(sql`UPDATE audit_event SET occurred_at = occurred_at - interval '1 millisecond' WHERE seq = ${seq}`).then(() => undefined),
    place: (seq) => seq,
  },
  {
    name: 'time moved by a microsecond',
    apply: (tx, seq) => tx.rows(sql`UPDATE audit_event SET occurred_at = occurred_at + interval '1 microsecond' WHERE seq = ${seq}`).then(() => undefined),
    place: (seq) => seq,
  },
  // Times the server writes in other shapes than a plain ISO date (see entry-rows.ts): they stay as written, so cannot match.
  {
    name: 'time moved before the year 1',
    apply: (tx, seq) => tx.rows(sql`UPDATE audit_event SET occurred_at = occurred_at - interval '2026 years' WHERE seq = ${seq}`).then(() => undefined),
    place: (seq) => seq,
  },
  {
    name: 'time set to infinity',
    apply: (tx, seq) => tx.rows(sql`UPDATE audit_event SET occurred_at = 'infinity' WHERE seq = ${seq}`).then(() => undefined),
    place: (seq) => seq,
  },
  {
    name: 'detail edited',
    apply: (tx, seq) =>
      tx.rows(sql`UPDATE audit_event SET detail = coalesce(detail, '{}'::jsonb) || '{"x": 1}'::jsonb WHERE seq = ${seq}`).then(() => undefined),
    place: (seq) => seq,
  },
  {
    name: 'address erased',
    apply: (tx, seq) => tx.rows(sql`UPDATE audit_event SET address = NULL WHERE seq = ${seq}`).then(() => undefined),
    place: (seq) => seq,
  },
  {
    name: 'hash replaced',
    apply: (tx, seq) => tx.rows(sql`UPDATE audit_event SET chain_hash = sha256(chain_hash) WHERE seq = ${seq}`).then(() => undefined),
    place: (seq) => seq,
  },
  { name: 'entry deleted', apply: (tx, seq) => tx.rows(sql`DELETE FROM audit_event WHERE seq = ${seq}`).then(() => undefined), place: (seq) => seq },
  {
    name: 'two entries swapped',
    apply: async (tx, seq, other) => {
      await tx.run(sql`UPDATE audit_event SET seq = -1 WHERE seq = ${seq}`);
      await tx.run(sql`UPDATE audit_event SET seq = ${seq} WHERE seq = ${other}`);
      await tx.run(sql`UPDATE audit_event SET seq = ${other} WHERE seq = -1`);
    },
    place: (seq, other) => Math.min(seq, other),
  },
  {
    name: 'entry inserted',
    apply: async (tx, seq) => {
      // Make room at seq, then slip in a copy of its neighbour at the end of its lane, head and all.
      await tx.run(sql`UPDATE audit_event SET seq = seq + 1000000 WHERE seq >= ${seq}`);
      await tx.run(sql`UPDATE audit_event SET seq = seq - 999999 WHERE seq >= 1000000`);
      await tx.run(sql`INSERT INTO audit_event (seq, occurred_at, action, outcome, reason, chain_hash, lane, lane_seq)
         SELECT ${seq}, e.occurred_at, e.action, e.outcome, 'inserted', e.chain_hash, e.lane, l.lane_seq + 1
         FROM audit_event e JOIN ledger_lane l USING (lane) WHERE e.seq = ${seq + 1}`);
      await tx.run(sql`UPDATE ledger_lane SET lane_seq = lane_seq + 1 WHERE lane = (SELECT lane FROM audit_event WHERE seq = ${seq})`);
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

  it('refuses updates, deletions and truncation by the owner too, triggers on', async () => {
    const asTheOwner = (statement: string) => asOwner(store.db, (tx) => tx.query(statement));
    await expect(asTheOwner("UPDATE audit_event SET reason = 'x' WHERE seq = 1")).rejects.toThrow(/insert-only/);
    await expect(asTheOwner('DELETE FROM audit_event WHERE seq = 1')).rejects.toThrow(/insert-only/);
    await expect(asTheOwner('TRUNCATE audit_event')).rejects.toThrow(/insert-only/);
    await expect(asTheOwner('TRUNCATE ledger_checkpoint')).rejects.toThrow(/insert-only/);
    await expect(asTheOwner('UPDATE ledger_genesis SET genesis_seq = genesis_seq + 1')).rejects.toThrow(/insert-only/);
    expect((await verifyLedger(store.db)).intact).toBe(true);
  });

  it('names the place of each of 1,000 random tamperings with one entry', async () => {
    const first = Number((await store.db.one<{ seq: bigint }>(sql`SELECT min(seq) AS seq FROM audit_event`))!.seq);
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

describe('signed checkpoints', () => {
  /** The full forgery: one entry rewritten, then every chain hash after it and the lane heads recomputed. */
  async function rewriteHistory(tx: Sql, seq: number): Promise<void> {
    await tx.run(sql`UPDATE audit_event SET reason = 'nothing to see' WHERE seq = ${seq}`);
    const chains = new Map<number, Buffer>();
    for (const row of await entriesFrom(tx, 0n, 100_000)) {
      const chain = chainNext(chains.get(row.lane!) ?? GENESIS_HASH, leafOfRow(row));
      chains.set(row.lane!, chain);
      await tx.run(sql`UPDATE audit_event SET chain_hash = ${chain} WHERE seq = ${String(row.seq)}`);
    }
    for (const [lane, chain] of chains) await tx.run(sql`UPDATE ledger_lane SET chain_hash = ${chain} WHERE lane = ${lane}`);
  }

  it('commit to the history: a rewrite that recomputes every hash is still found', async () => {
    const first = await writeCheckpoint(store.db, store.ledger);
    expect(first?.treeSize).toBe(BigInt(ENTRIES));
    expect(await writeCheckpoint(store.db, store.ledger)).toBeUndefined(); // nothing new to sign
    await appendAudit(store.db, [{ action: 'login', outcome: 'allowed', reason: 'after the checkpoint' }]);
    await writeCheckpoint(store.db, store.ledger);
    const trusted = { publicKeys: [store.ledger.publicKey] };
    expect(await verifyLedger(store.db, trusted)).toMatchObject({ intact: true, checkpoints: 2 });

    const forged = await tampered((tx) => rewriteHistory(tx, 100), trusted);
    expect(forged.problem).toMatchObject({ kind: 'checkpoint', seq: BigInt(ENTRIES) });
    // Without the checkpoints, the same forgery would pass: they are what holds it.
    const unwitnessed = await tampered(
      async (tx) => {
        await rewriteHistory(tx, 100);
        await tx.run(sql`DELETE FROM ledger_checkpoint`);
      },
      { ...trusted, unsignedGraceMs: 60 * 60_000 },
    );
    expect(unwitnessed.intact).toBe(true);
    // ...unless the entries are older than the checkpoint interval allows: then removal shows.
    const removed = await tampered(
      async (tx) => {
        await rewriteHistory(tx, 100);
        await tx.run(sql`DELETE FROM ledger_checkpoint`);
      },
      { ...trusted, unsignedGraceMs: 0 },
    );
    expect(removed.problem).toMatchObject({ kind: 'unsigned', seq: 1n });
  });

  it('must be signed by a trusted key', async () => {
    const stranger = signerFromSeed(Buffer.alloc(32, 7));
    const report = await verifyLedger(store.db, { publicKeys: [stranger.publicKey] });
    expect(report.problem).toMatchObject({ kind: 'checkpoint', seq: BigInt(ENTRIES) });
    expect(report.problem!.message).toMatch(/not signed by a trusted key/);
  });

  it('exported to a witness file, expose a truncated or forked ledger that the database alone would not', async () => {
    const witness = readCheckpointFile(JSON.stringify(await exportCheckpoints(store.db, store.ledger)));
    const withWitness = { publicKeys: [witness.publicKey], witnessed: witness.checkpoints, unsignedGraceMs: 60 * 60_000 };
    expect(await verifyLedger(store.db, withWitness)).toMatchObject({ intact: true });
    const last = Number((await store.db.one<{ seq: bigint }>(sql`SELECT max(seq) AS seq FROM audit_event`))!.seq);

    // The last ten entries removed, with the checkpoints that covered them and a head to match.
    const truncate = async (tx: Sql) => {
      await tx.run(sql`DELETE FROM audit_event WHERE seq > ${last - 10}`);
      await tx.run(sql`DELETE FROM ledger_checkpoint WHERE last_seq > ${last - 10}`);
      await tx.run(sql`UPDATE ledger_lane l SET lane_seq = coalesce(e.lane_seq, 0), chain_hash = coalesce(e.chain_hash, decode(repeat('00', 32), 'hex'))
         FROM ledger_lane l2 LEFT JOIN LATERAL (SELECT lane_seq, chain_hash FROM audit_event WHERE lane = l2.lane ORDER BY lane_seq DESC LIMIT 1) e ON true
         WHERE l.lane = l2.lane`);
    };
    expect((await tampered(truncate, { ...withWitness, witnessed: [] })).intact).toBe(true);
    expect((await tampered(truncate, withWitness)).problem).toMatchObject({ kind: 'missing', seq: BigInt(last - 9) });
  });
});
