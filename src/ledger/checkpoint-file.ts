import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { keyIdOf, type LedgerSigner } from './signing-key.ts';
import type { WitnessedCheckpoint } from './verify.ts';

/**
 * The ledger's signed checkpoints as a JSON file, to keep outside the database (another
 * host, write-once storage, the security officer's archive): a witness that a later
 * `vigie audit verify --checkpoints FILE` holds the database to. Each checkpoint is signed
 * on its own; the file carries the public key that checks them.
 */
export const CHECKPOINT_FILE_FORMAT = 'vigie-ledger-checkpoints/1';

export interface CheckpointFile {
  format: typeof CHECKPOINT_FILE_FORMAT;
  publicKey: string;
  keyId: string;
  checkpoints: Array<{ treeSize: string; root: string; signedAt: string; keyId: string; signature: string }>;
}

export async function exportCheckpoints(tx: Sql, signer: LedgerSigner): Promise<CheckpointFile> {
  const rows = await tx.rows<{ tree_size: bigint | string; root: Uint8Array; signed_at: Date; key_id: string; signature: Uint8Array }>(
    sql`SELECT tree_size, root, signed_at, key_id, signature FROM ledger_checkpoint ORDER BY tree_size`,
  );
  return {
    format: CHECKPOINT_FILE_FORMAT,
    publicKey: signer.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    keyId: signer.keyId,
    checkpoints: rows.map((row) => ({
      treeSize: String(row.tree_size),
      root: Buffer.from(row.root).toString('hex'),
      signedAt: new Date(row.signed_at).toISOString(),
      keyId: row.key_id,
      signature: Buffer.from(row.signature).toString('base64'),
    })),
  };
}

export function readCheckpointFile(text: string): { publicKey: KeyObject; checkpoints: WitnessedCheckpoint[] } {
  const file = JSON.parse(text) as CheckpointFile;
  if (file.format !== CHECKPOINT_FILE_FORMAT || !Array.isArray(file.checkpoints)) throw new Error(`Not a ${CHECKPOINT_FILE_FORMAT} file`);
  const publicKey = createPublicKey({ key: Buffer.from(file.publicKey, 'base64'), format: 'der', type: 'spki' });
  if (keyIdOf(publicKey) !== file.keyId) throw new Error('The checkpoint file names a key that is not the one it carries');
  return {
    publicKey,
    checkpoints: file.checkpoints.map((c) => ({
      treeSize: BigInt(c.treeSize),
      root: Buffer.from(c.root, 'hex'),
      signedAt: new Date(c.signedAt),
      keyId: c.keyId,
      signature: Buffer.from(c.signature, 'base64'),
    })),
  };
}
