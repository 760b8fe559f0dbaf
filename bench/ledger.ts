/**
 * `npm run bench:ledger [-- --seconds S]`: the audit ledger's cost, on PGlite and on a
 * PostgreSQL server. Chained appends (lane lock, hashes; one entry per transaction as a
 * read appends, twenty as a page of search hits) against plain inserts of the same rows
 * into a copy of the table with its indexes, side by side in the same run; then the
 * checkpoint and verification rates over what was appended (filled up to 1,000,000
 * entries on PostgreSQL), and the size of inclusion proofs at 1M and 100M (computed).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { appendAudit, type AuditEntry } from '../src/ledger/append.ts';
import { writeCheckpoint } from '../src/ledger/checkpoint.ts';
import { signerFromSeed } from '../src/ledger/signing-key.ts';
import { entriesFrom } from '../src/ledger/entry-rows.ts';
import { verifyLedger } from '../src/ledger/verify.ts';
import type { Database, Sql } from '../src/store/database.ts';
import { prepareStore } from '../src/runtime/open-store.ts';
import { openPglite } from '../src/store/pglite-driver.ts';
import { openPostgres } from '../src/store/pg-driver.ts';
import { LOGIN_CLAIM } from '../src/store/login-claim.ts';
import { measureSideBySide } from './measure.ts';
import { benchPostgres } from './postgres.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' } } });
const SECONDS = Number(values.seconds);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const lines: string[] = [];

const entry = (): AuditEntry => ({
  action: 'read',
  outcome: 'allowed',
  reason: "care relationship: stay in the actor's unit",
  actorId: randomUUID(),
  actorRole: 'doctor',
  sessionId: randomUUID(),
  patientId: randomUUID(),
  resourceType: 'Patient',
  resourceId: randomUUID(),
  establishmentId: randomUUID(),
  address: '10.1.2.3',
  detail: { basis: { kind: 'stay', sourceId: randomUUID() } },
});

/** The same rows into the same table, without lanes or hashes. */
async function plainInsert(tx: Sql, entries: AuditEntry[]): Promise<void> {
  const columns = 12;
  const values = entries.map(
    (_, i) => `(nextval('plain_audit_seq'), now(), ${Array.from({ length: columns }, (_, j) => `$${i * columns + j + 1}`).join(', ')})`,
  );
  await tx.query(
    `INSERT INTO plain_audit (seq, occurred_at, action, outcome, reason, actor_id, actor_role, session_id, patient_id, resource_type, resource_id, establishment_id, address, detail)
     VALUES ${values.join(', ')}`,
    entries.flatMap((e) => [
      e.action,
      e.outcome,
      e.reason,
      e.actorId,
      e.actorRole,
      e.sessionId,
      e.patientId,
      e.resourceType,
      e.resourceId,
      e.establishmentId,
      e.address,
      JSON.stringify(e.detail),
    ]),
  );
}

async function benchOne(database: string, login: Database, concurrency: number, verifyAt: number): Promise<void> {
  const store = await prepareStore(login, randomBytes(32), signerFromSeed(randomBytes(32)));
  const db = store.db;
  try {
    // The same table, indexes and all, without the chain: what the entries alone cost.
    await db.transaction(async (tx) => {
      await tx.query('CREATE TABLE plain_audit (LIKE audit_event INCLUDING DEFAULTS INCLUDING INDEXES)');
      await tx.query('CREATE SEQUENCE plain_audit_seq');
      await tx.query('GRANT SELECT, INSERT ON plain_audit TO vigie_app');
      await tx.query('GRANT USAGE ON SEQUENCE plain_audit_seq TO vigie_app');
    }, LOGIN_CLAIM);
    // As the gate appends: in the transaction of the act, one entry for a read, twenty for a page of search hits.
    for (const perTransaction of [1, 20]) {
      const { subject: chained, baseline: plain } = await measureSideBySide(
        SECONDS,
        concurrency,
        () => db.transaction((tx) => appendAudit(tx, Array.from({ length: perTransaction }, entry))),
        () => db.transaction((tx) => plainInsert(tx, Array.from({ length: perTransaction }, entry))),
      );
      const rate = (r: { perSecond: number }) => `${fmt(r.perSecond * perTransaction)} entries/s`;
      lines.push(
        `| ${database} | appends, ${perTransaction} per transaction (${concurrency} at a time) | ${rate(chained)} | ${rate(plain)} | ${(chained.perSecond / plain.perSecond).toFixed(2)} |`,
      );
    }

    // Verification is measured over a ledger of verifyAt entries (at least).
    const [{ n } = { n: 0n }] = await db.query<{ n: bigint }>('SELECT count(*) AS n FROM audit_event');
    let toAppend = Math.ceil((verifyAt - Number(n)) / 1000);
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (toAppend-- > 0) await appendAudit(db, Array.from({ length: 1000 }, entry));
      }),
    );

    const signing = performance.now();
    await writeCheckpoint(db, store.ledger);
    const signSeconds = (performance.now() - signing) / 1000;
    // Verification against reading the same entries alone, in one thread; on a server, worker threads against one thread.
    const timed = async <T>(work: (started: number) => Promise<T>) => {
      const started = performance.now();
      const result = await work(started);
      return { result, seconds: (performance.now() - started) / 1000 };
    };
    const reading = await timed(async () => {
      let read = 0;
      for (let rows = await entriesFrom(db, 1n, 5000); rows.length > 0; rows = await entriesFrom(db, BigInt(rows.at(-1)!.seq) + 1n, 5000)) read += rows.length;
      return read;
    });
    const oneThread = await timed(() => verifyLedger(db, { publicKeys: [store.ledger.publicKey], parallelFrom: Number.MAX_SAFE_INTEGER }));
    const report = oneThread.result;
    if (!report.intact) throw new Error(`ledger not intact: ${report.problem?.message}`);
    const entries = Number(report.entries);
    const perSecond = (seconds: number) => `${fmt(entries / seconds)} entries/s`;
    lines.push(`| ${database} | first checkpoint over ${fmt(entries)} entries | ${perSecond(signSeconds)} | — | — |`);
    lines.push(
      `| ${database} | verification of ${fmt(entries)} entries, one thread (baseline: reading them alone) | ${perSecond(oneThread.seconds)} | ${perSecond(reading.seconds)} | ${(reading.seconds / oneThread.seconds).toFixed(2)} |`,
    );
    if (db.server) {
      let firstBatchMs = 0;
      const workers = await timed((started) =>
        verifyLedger(db, { publicKeys: [store.ledger.publicKey], onProgress: () => (firstBatchMs ||= performance.now() - started) }),
      );
      if (!workers.result.intact) throw new Error(`ledger not intact: ${workers.result.problem?.message}`);
      lines.push(
        `| ${database} | verification of ${fmt(entries)} entries, worker threads (baseline: one thread; first batch after ${fmt(firstBatchMs)} ms) | ${perSecond(workers.seconds)} | ${perSecond(oneThread.seconds)} | ${(oneThread.seconds / workers.seconds).toFixed(2)} |`,
      );
    }
  } finally {
    await store.close();
  }
}

await benchOne('pglite', await openPglite(), 1, 0);
const server = benchPostgres();
try {
  await benchOne('postgres', await openPostgres(server.url, 8), 8, 1_000_000);
} finally {
  server.stop();
}

const proof = (n: number) => Math.ceil(Math.log2(n));
console.log(
  [
    '| database | measure | chained ledger | baseline (plain inserts) | ratio |',
    '|---|---|---|---|---|',
    ...lines,
    '',
    `Inclusion and consistency proofs: at most ${proof(1e6)} hashes (${proof(1e6) * 32} bytes) at 1M entries, ${proof(1e8)} (${proof(1e8) * 32} bytes) at 100M.`,
  ].join('\n'),
);
