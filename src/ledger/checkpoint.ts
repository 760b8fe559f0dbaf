import type { Database } from '../store/database.ts';
import { entriesFrom, leafOfRow } from './entry-rows.ts';
import { MerkleFrontier, type Hash } from './merkle.ts';
import type { LedgerSigner } from './signing-key.ts';

/**
 * Signs the ledger's current state: the Merkle root of every chained entry so far. It
 * extends the previous checkpoint's frontier with the entries since, so the cost is
 * that of the new entries only. Taken under the head's lock: no append interleaves.
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

/** Writes a checkpoint if entries were appended since the last one; returns it, or undefined. */
export async function writeCheckpoint(db: Database, signer: LedgerSigner): Promise<Checkpoint | undefined> {
  return db.transaction(async (tx) => {
    const [head] = await tx.query<{ genesis_seq: bigint | string; seq: bigint | string }>('SELECT genesis_seq, seq FROM ledger_head FOR UPDATE');
    const genesis = BigInt(head!.genesis_seq);
    const treeSize = BigInt(head!.seq) - genesis;
    const [last] = await tx.query<{ tree_size: bigint | string; frontier: Array<[number, string]> }>(
      'SELECT tree_size, frontier FROM ledger_checkpoint ORDER BY tree_size DESC LIMIT 1',
    );
    const lastSize = last ? BigInt(last.tree_size) : 0n;
    if (treeSize === lastSize) return undefined;
    const frontier = last ? MerkleFrontier.fromJSON(last.frontier) : new MerkleFrontier();
    for (let from = genesis + lastSize + 1n; from <= genesis + treeSize; ) {
      const rows = await entriesFrom(tx, from, BATCH);
      if (rows.length === 0) break;
      for (const row of rows) frontier.push(leafOfRow(row));
      from = BigInt(rows.at(-1)!.seq) + 1n;
    }
    const root = frontier.root();
    const signedAt = new Date();
    const signature = signer.sign(checkpointMessage(treeSize, root, signedAt));
    await tx.query(
      'INSERT INTO ledger_checkpoint (tree_size, root, signed_at, key_id, signature, frontier) VALUES ($1, $2, $3, $4, $5, $6)',
      [treeSize.toString(), root, signedAt, signer.keyId, signature, JSON.stringify(frontier.toJSON())],
    );
    return { treeSize, root, signedAt, keyId: signer.keyId, signature };
  });
}
