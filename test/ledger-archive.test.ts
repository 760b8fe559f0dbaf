import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, type AuditEntry } from '../src/ledger/append.ts';
import { archiveLedger } from '../src/ledger/archive.ts';
import { openArchiveFile } from '../src/ledger/archive-segments.ts';
import { writeCheckpoint } from '../src/ledger/checkpoint.ts';
import { verifyInclusion } from '../src/ledger/merkle.ts';
import { proveInclusion } from '../src/ledger/proofs.ts';
import { verifyLedger } from '../src/ledger/verify.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { openTestStore } from './support/test-store.ts';

/**
 * Retention: past the period (six months at least), the oldest sealed segment moves to
 * an archive file and out of the database. The database alone still verifies from where
 * the segment ended; with the file, verification spans the whole history, and finds a
 * changed entry in the file as it would in the database.
 */
const DAY = 86_400_000;
const later = (days: number) => new Date(Date.now() + days * DAY);
let store: Store;
let dir: string;
const entry = (i: number): AuditEntry => ({ action: 'read', outcome: 'allowed', reason: `read ${i}`, patientId: randomUUID(), detail: { i } });
const count = async () => Number((await store.db.query<{ n: bigint }>('SELECT count(*) AS n FROM audit_event'))[0]!.n);

beforeAll(async () => {
  store = await openTestStore();
  dir = mkdtempSync(join(tmpdir(), 'vigie-archive-'));
  for (let i = 0; i < 300; i += 10)
    await appendAudit(
      store.db,
      Array.from({ length: 10 }, (_, j) => entry(i + j)),
    );
  await writeCheckpoint(store.db, store.ledger);
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('archiving the audit ledger', () => {
  it('keeps six months at least: a shorter period is refused, and nothing younger moves', async () => {
    await expect(archiveLedger(store.db, join(dir, 'short.ndjson'), { keepDays: 30, now: later(400) })).rejects.toThrow(/at least 183 days/);
    expect(await archiveLedger(store.db, join(dir, 'young.ndjson'), { now: later(100) })).toBeUndefined();
    expect(await archiveLedger(store.db, join(dir, 'young.ndjson'), { keepDays: 400, now: later(300) })).toBeUndefined();
    expect(await count()).toBe(300);
  });

  it('moves the sealed segment out; the database alone verifies from its end, the file with it spans the whole history', async () => {
    const file = join(dir, 'segment-1.ndjson');
    const archived = await archiveLedger(store.db, file, { now: later(200) });
    expect(archived).toMatchObject({ entries: 300 });
    expect(await count()).toBe(0);
    await appendAudit(store.db, [entry(300), entry(301)]);
    await writeCheckpoint(store.db, store.ledger);

    const trusted = { publicKeys: [store.ledger.publicKey] };
    expect(await verifyLedger(store.db, trusted)).toMatchObject({ intact: true, entries: 302n, archived: 300n });
    const spanning = await verifyLedger(store.db, { ...trusted, archives: [await openArchiveFile(file)] });
    expect(spanning).toMatchObject({ intact: true, entries: 302n, checkpoints: 2 });

    // A proof for an entry after the segment takes the archived subtrees from its frontier.
    const [{ last }] = (await store.db.query<{ last: bigint }>('SELECT max(seq) AS last FROM audit_event')) as [{ last: bigint }];
    const proof = await proveInclusion(store.db, BigInt(last));
    expect(proof).toMatchObject({ leafIndex: '301', checkpoint: { treeSize: '302' } });
    const hashes = proof.proof.map((h) => Buffer.from(h, 'hex'));
    expect(verifyInclusion(Buffer.from(proof.leaf, 'hex'), 301, 302, hashes, Buffer.from(proof.checkpoint.root, 'hex'))).toBe(true);
    await expect(proveInclusion(store.db, 5n)).rejects.toThrow(/archived/);
  });

  it('finds a changed entry in an archive file, and a file that is not the one written', async () => {
    const file = join(dir, 'segment-1.ndjson');
    const lines = readFileSync(file, 'utf8').split('\n');
    const seq = Number(JSON.parse(lines[42]!)[0]);
    const forged = join(dir, 'forged.ndjson');
    writeFileSync(forged, lines.map((line, i) => (i === 42 ? line.replace(/"read \d+"/, '"nothing to see"') : line)).join('\n'));
    const report = await verifyLedger(store.db, { archives: [await openArchiveFile(forged)] });
    expect(report.problem).toMatchObject({ seq: BigInt(seq), kind: 'altered' });

    const padded = join(dir, 'padded.ndjson');
    writeFileSync(padded, `${lines.join('\n')}\n`);
    expect((await verifyLedger(store.db, { archives: [await openArchiveFile(padded)] })).problem).toMatchObject({ kind: 'archive' });
    await expect(openArchiveFile(join(dir, 'missing.ndjson'))).rejects.toThrow();
  });

  it("is the archivist role's alone: the application cannot remove entries or say where they begin", async () => {
    await expect(store.db.query('DELETE FROM audit_event')).rejects.toThrow(/permission denied/);
    await expect(
      store.db.query("INSERT INTO ledger_archive (through_seq, tree_size, frontier, lanes, file_sha256) VALUES (9999, 9999, '[]', '[]', '\\x00')"),
    ).rejects.toThrow(/permission denied/);
  });
});
