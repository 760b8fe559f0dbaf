import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { entriesFrom, leafOfRow } from './entry-rows.ts';
import { MerkleFrontier, type Hash } from './merkle.ts';
import type { LedgerSigner } from './signing-key.ts';

/**
 * Signs the ledger's current state: the Merkle root of every chained entry so far, in
 * number order. It extends the previous checkpoint's frontier with the entries since, so
 * the cost is that of the new entries only.
 */
export interface Checkpoint {
  treeSize: bigint;
  root: Hash;
  signedAt: Date;
  keyId: string;
  signature: Buffer;
}

const BATCH = 5000;

/** The bytes signed: a fixed prefix, the tree size, the root, the time. */
export function checkpointMessage(treeSize: bigint, root: Hash, signedAt: Date): Buffer {
  return Buffer.from(`vigie ledger checkpoint\n${treeSize}\n${root.toString('hex')}\n${signedAt.toISOString()}\n`, 'utf8');
}

/**
 * The number up to which the ledger is final: every lane's lock is held for an instant,
 * to find the highest committed number; once they are released, any entry still to
 * commit draws a higher one (migration 009). Entries are numbered, not ordered, by
 * commit: a reader that follows the ledger reads up to here, and misses none.
 */
export async function finalThrough(db: Database): Promise<bigint> {
  return db.transaction(async (tx) => {
    await tx.run(sql`SELECT lane FROM ledger_lane ORDER BY lane FOR UPDATE`);
    const row = await tx.one<{ seq: bigint | string | null }>(sql`SELECT max(seq) AS seq FROM audit_event`);
    return BigInt(row!.seq ?? 0);
  });
}

/**
 * Writes a checkpoint if entries were appended since the last one; returns it, or
 * undefined. The entries it covers are final (finalThrough), so the tree is computed
 * without holding any lane.
 */
export async function writeCheckpoint(db: Database, signer: LedgerSigner): Promise<Checkpoint | undefined> {
  const sealed = await finalThrough(db);
  return db.transaction(async (tx) => {
    const genesis = await tx.one<{ genesis_seq: bigint | string }>(sql`SELECT genesis_seq FROM ledger_genesis`);
    const last = await tx.one<{ tree_size: bigint | string; last_seq: bigint | string; frontier: Array<[number, string]> }>(
      sql`SELECT tree_size, last_seq, frontier FROM ledger_checkpoint ORDER BY tree_size DESC LIMIT 1`,
    );
    const lastSeq = last ? BigInt(last.last_seq) : BigInt(genesis!.genesis_seq);
    if (sealed <= lastSeq) return undefined;
    const frontier = last ? MerkleFrontier.fromJSON(last.frontier) : new MerkleFrontier();
    let through = lastSeq;
    for (let rows = await entriesFrom(tx, lastSeq + 1n, BATCH, sealed); rows.length > 0; rows = await entriesFrom(tx, through + 1n, BATCH, sealed)) {
      for (const row of rows) frontier.push(leafOfRow(row));
      through = BigInt(rows.at(-1)!.seq);
    }
    if (through === lastSeq) return undefined; // numbers drawn by appends that rolled back
    const treeSize = BigInt(frontier.size);
    const root = frontier.root();
    const signedAt = new Date();
    const signature = signer.sign(checkpointMessage(treeSize, root, signedAt));
    await tx.run(
      sql`INSERT INTO ledger_checkpoint (tree_size, last_seq, root, signed_at, key_id, signature, frontier) VALUES (${treeSize.toString()}, ${through.toString()}, ${root}, ${signedAt}, ${signer.keyId}, ${signature}, ${JSON.stringify(frontier.toJSON())})`,
    );
    return { treeSize, root, signedAt, keyId: signer.keyId, signature };
  });
}
