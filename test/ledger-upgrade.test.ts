import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../src/ledger/append.ts';
import { checkpointMessage, writeCheckpoint } from '../src/ledger/checkpoint.ts';
import { chainNext, entryLeaf, GENESIS_HASH } from '../src/ledger/entry-hash.ts';
import { MerkleFrontier } from '../src/ledger/merkle.ts';
import { signerFromSeed } from '../src/ledger/signing-key.ts';
import { verifyLedger } from '../src/ledger/verify.ts';
import type { Database } from '../src/store/database.ts';
import { sql } from '../src/store/sql.ts';
import { migrate } from '../src/store/migrate.ts';
import { prepareStore, type Store } from '../src/runtime/open-store.ts';
import { openPglite } from '../src/store/pglite-driver.ts';

/**
 * A ledger written as one chain (migrations 007–008) keeps verifying after the move to
 * lanes (009): its entries become lane 0, hashes untouched, its checkpoints still hold,
 * and new entries chain on in any lane.
 */
let store: Store | undefined;
afterAll(() => store?.close());

/** Appends as the single-chain ledger did: under the head row, numbered in commit order. */
async function appendSingleChain(db: Database, count: number): Promise<MerkleFrontier> {
  let chain = GENESIS_HASH;
  const frontier = new MerkleFrontier();
  for (let seq = 1; seq <= count; seq++) {
    const occurredAt = new Date(Date.now() - (count - seq) * 1000);
    const fields = {
      seq,
      occurredAt: occurredAt.toISOString(),
      action: 'read',
      outcome: 'allowed',
      reason: `before lanes ${seq}`,
      actorId: null,
      actorRole: 'doctor',
      sessionId: null,
      patientId: null,
      resourceType: 'Patient',
      resourceId: `p${seq}`,
      establishmentId: null,
      address: null,
      detail: { n: seq },
    };
    const leaf = entryLeaf(fields);
    chain = chainNext(chain, leaf);
    frontier.push(leaf);
    await db.run(sql`INSERT INTO audit_event (seq, occurred_at, action, outcome, reason, actor_role, resource_type, resource_id, detail, chain_hash)
       VALUES (${seq}, ${occurredAt}, 'read', 'allowed', ${fields.reason}, 'doctor', 'Patient', ${fields.resourceId}, ${JSON.stringify(fields.detail)}, ${chain})`);
    await db.run(sql`UPDATE ledger_head SET seq = ${seq}, chain_hash = ${chain}`);
  }
  return frontier;
}

describe('the move to ledger lanes', () => {
  it('keeps the single chain and its checkpoints verifiable, and chains on', async () => {
    const db = await openPglite();
    await migrate(db, 8);
    const signer = signerFromSeed(randomBytes(32));
    const frontier = await appendSingleChain(db, 30);
    const root = frontier.root();
    const signedAt = new Date();
    await db.run(
      sql`INSERT INTO ledger_checkpoint (tree_size, root, signed_at, key_id, signature, frontier) VALUES (30, ${root}, ${signedAt}, ${signer.keyId}, ${signer.sign(checkpointMessage(30n, root, signedAt))}, ${JSON.stringify(frontier.toJSON())})`,
    );

    store = await prepareStore(db, randomBytes(32), signer);
    const trusted = { publicKeys: [signer.publicKey] };
    expect(await verifyLedger(store.db, trusted)).toMatchObject({ intact: true, entries: 30n, checkpoints: 1 });
    expect(await store.db.rows(sql`SELECT DISTINCT lane FROM audit_event`)).toEqual([{ lane: 0 }]);

    await appendAudit(store.db, [{ action: 'login', outcome: 'allowed', reason: 'after lanes' }]);
    await appendAudit(store.db, [{ action: 'read', outcome: 'allowed', reason: 'after lanes, again' }]);
    const latest = await store.db.one<{ seq: bigint }>(sql`SELECT max(seq) AS seq FROM audit_event`);
    expect(Number(latest!.seq)).toBe(32);
    expect((await writeCheckpoint(store.db, signer))?.treeSize).toBe(32n);
    expect(await verifyLedger(store.db, trusted)).toMatchObject({ intact: true, entries: 32n, checkpoints: 2 });
  });
});
