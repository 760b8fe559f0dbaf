import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../src/ledger/append.ts';
import { checkpointMessage, writeCheckpoint } from '../src/ledger/checkpoint.ts';
import { verifyConsistency, verifyInclusion } from '../src/ledger/merkle.ts';
import { proveConsistency, proveInclusion, type SignedTree } from '../src/ledger/proofs.ts';
import { verifySignature } from '../src/ledger/signing-key.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { asOwner, openTestStore } from './support/test-store.ts';
import { sql } from '../src/store/sql.ts';

/**
 * Proofs served from the database hold against the signed roots: an entry is shown to be
 * in the tree a checkpoint signed, and the later checkpoint to extend the earlier one,
 * with the RFC 9162 verifiers and the public key alone. An entry changed after the
 * checkpoint no longer proves.
 */
let store: Store;
let sizes: number[];
const first = async () => Number((await store.db.one<{ seq: bigint }>(sql`SELECT min(seq) AS seq FROM audit_event`))!.seq);

beforeAll(async () => {
  store = await openTestStore();
  const entries = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ action: 'read' as const, outcome: 'allowed' as const, reason: `read ${i}`, patientId: randomUUID() }));
  for (let i = 0; i < 10; i++) await appendAudit(store.db, entries(10));
  const a = await writeCheckpoint(store.db, store.ledger);
  await appendAudit(store.db, entries(37));
  const b = await writeCheckpoint(store.db, store.ledger);
  sizes = [Number(a!.treeSize), Number(b!.treeSize)];
});
afterAll(() => store?.close());

const signedBy = (tree: SignedTree) =>
  verifySignature(
    store.ledger.publicKey,
    checkpointMessage(BigInt(tree.treeSize), Buffer.from(tree.root, 'hex'), new Date(tree.signedAt)),
    Buffer.from(tree.signature, 'base64'),
  );
class Rollback extends Error {}
const hashes = (hex: string[]) => hex.map((h) => Buffer.from(h, 'hex'));

describe('ledger proofs', () => {
  it('prove that an entry is in the signed tree, for every entry', async () => {
    const start = await first();
    for (let seq = start; seq < start + sizes[1]!; seq++) {
      const proof = await proveInclusion(store.db, BigInt(seq));
      expect(proof.leafIndex).toBe(String(seq - start));
      expect(proof.checkpoint.treeSize).toBe(String(sizes[1])); // the latest signed root
      expect(proof.proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(sizes[1]!)));
      const ok = verifyInclusion(
        Buffer.from(proof.leaf, 'hex'),
        Number(proof.leafIndex),
        Number(proof.checkpoint.treeSize),
        hashes(proof.proof),
        Buffer.from(proof.checkpoint.root, 'hex'),
      );
      expect(ok, `entry ${seq}`).toBe(true);
      expect(signedBy(proof.checkpoint)).toBe(true);
    }
  });

  it('prove that the later checkpoint extends the earlier one', async () => {
    const proof = await proveConsistency(store.db, sizes[0]!, sizes[1]!);
    expect(signedBy(proof.first) && signedBy(proof.second)).toBe(true);
    const root = (tree: SignedTree) => Buffer.from(tree.root, 'hex');
    expect(verifyConsistency(sizes[0]!, sizes[1]!, hashes(proof.proof), root(proof.first), root(proof.second))).toBe(true);
    await expect(proveConsistency(store.db, sizes[0]! + 1, sizes[1]!)).rejects.toThrow(/signed checkpoints/);
  });

  it("no longer prove an entry changed behind the application's back, and name those that cannot be proven", async () => {
    const seq = (await first()) + 42;
    let proves: boolean | undefined;
    await asOwner(store.db, async (tx) => {
      await tx.run(sql`SET LOCAL session_replication_role = 'replica'`);
      await tx.run(sql`UPDATE audit_event SET reason = 'nothing to see' WHERE seq = ${seq}`);
      const proof = await proveInclusion(tx, BigInt(seq));
      proves = verifyInclusion(
        Buffer.from(proof.leaf, 'hex'),
        Number(proof.leafIndex),
        Number(proof.checkpoint.treeSize),
        hashes(proof.proof),
        Buffer.from(proof.checkpoint.root, 'hex'),
      );
      throw new Rollback();
    }).catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
    expect(proves).toBe(false);
    await expect(proveInclusion(store.db, 10_000_000n)).rejects.toThrow(/no entry/);
    await appendAudit(store.db, [{ action: 'login', outcome: 'allowed', reason: 'not yet signed' }]);
    const [{ last }] = (await store.db.rows<{ last: bigint }>(sql`SELECT max(seq) AS last FROM audit_event`)) as [{ last: bigint }];
    await expect(proveInclusion(store.db, BigInt(last))).rejects.toThrow(/No checkpoint covers/);
  });
});
