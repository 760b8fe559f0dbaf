import type { KeyObject } from 'node:crypto';
import type { Sql } from '../store/database.ts';
import { checkpointMessage, type Checkpoint } from './checkpoint.ts';
import { chainNext, GENESIS_HASH } from './entry-hash.ts';
import { entriesFrom, leafOfRow } from './entry-rows.ts';
import { MerkleFrontier, type Hash } from './merkle.ts';
import { keyIdOf, verifySignature } from './signing-key.ts';

/**
 * Walks the whole chain in order, recomputing every entry's hash from its content and
 * the Merkle root at every signed checkpoint, and names the first place where the ledger
 * is not what was appended: an altered entry, a missing range, an entry beyond the head,
 * a checkpoint whose root or signature does not hold (history rewritten, hashes and all),
 * or old entries no checkpoint covers (checkpoints removed).
 */
export interface LedgerReport {
  intact: boolean;
  /** Entries checked (from the first chained one to the head, or to the problem). */
  entries: bigint;
  head: string;
  checkpoints: number;
  /** Entries written before the chain existed (only on databases older than it). */
  beforeChain: bigint;
  problem?: { seq: bigint; kind: 'altered' | 'missing' | 'unexpected' | 'head' | 'checkpoint' | 'unsigned'; message: string };
}

export interface VerifyOptions {
  /** Checkpoints exported earlier and kept elsewhere: the database must still agree with them. */
  witnessed?: readonly WitnessedCheckpoint[];
  /** Keys trusted to sign checkpoints (kept outside the database). Without them, roots are checked but not signatures. */
  publicKeys?: readonly KeyObject[];
  /** Entries older than this and covered by no checkpoint mean checkpoints were removed. */
  unsignedGraceMs?: number;
  onProgress?: (checked: bigint, total: bigint) => void;
}

interface CheckpointRow {
  tree_size: bigint | string;
  root: Uint8Array;
  signed_at: Date;
  key_id: string;
  signature: Uint8Array;
  witnessed?: boolean;
}

/** A checkpoint as exported to a witness file: the same fields as the one signed. */
export type WitnessedCheckpoint = Checkpoint;

const BATCH = 5000;
const UNSIGNED_GRACE_MS = 10 * 60_000;

export async function verifyLedger(sql: Sql, options: VerifyOptions = {}): Promise<LedgerReport> {
  const [head] = await sql.query<{ genesis_seq: bigint | string; seq: bigint | string; chain_hash: Uint8Array }>(
    'SELECT genesis_seq, seq, chain_hash FROM ledger_head',
  );
  const genesis = BigInt(head!.genesis_seq);
  const headSeq = BigInt(head!.seq);
  const stored = await sql.query<CheckpointRow>('SELECT tree_size, root, signed_at, key_id, signature FROM ledger_checkpoint ORDER BY tree_size');
  const witnessed = (options.witnessed ?? []).map(
    (c): CheckpointRow => ({ tree_size: c.treeSize, root: c.root, signed_at: c.signedAt, key_id: c.keyId, signature: c.signature, witnessed: true }),
  );
  const checkpoints = [...stored, ...witnessed].sort((a, b) => (BigInt(a.tree_size) < BigInt(b.tree_size) ? -1 : 1));
  const trusted = new Map((options.publicKeys ?? []).map((key) => [keyIdOf(key), key]));
  let nextCheckpoint = 0;
  let expected = genesis + 1n;
  let chain: Hash = GENESIS_HASH;
  const frontier = new MerkleFrontier();
  let firstUnsigned: { seq: bigint; at: Date } | undefined;
  const report = (problem?: LedgerReport['problem']): LedgerReport => ({
    intact: !problem,
    entries: expected - genesis - 1n,
    head: chain.toString('hex'),
    checkpoints: nextCheckpoint,
    beforeChain: genesis,
    ...(problem ? { problem } : {}),
  });
  const checkpointProblem = (): LedgerReport['problem'] => {
    const checkpoint = checkpoints[nextCheckpoint]!;
    const size = BigInt(checkpoint.tree_size);
    const root = Buffer.from(checkpoint.root);
    const seq = genesis + size;
    const signedAt = new Date(checkpoint.signed_at).toISOString();
    if (!frontier.root().equals(root)) {
      const message = checkpoint.witnessed
        ? `forked history: the entries up to ${seq} differ from the copy witnessed at ${signedAt}`
        : `the entries up to ${seq} do not match the checkpoint signed at ${signedAt}: history was rewritten`;
      return { seq, kind: 'checkpoint', message };
    }
    const key = trusted.get(checkpoint.key_id);
    if (trusted.size > 0 && (!key || !verifySignature(key, checkpointMessage(size, root, new Date(checkpoint.signed_at)), checkpoint.signature))) {
      return { seq, kind: 'checkpoint', message: `the checkpoint at ${seq} is not signed by a trusted key` };
    }
    return undefined;
  };

  for (;;) {
    const rows = await entriesFrom(sql, expected, BATCH);
    for (const row of rows) {
      const seq = BigInt(row.seq);
      if (seq !== expected) return report({ seq: expected, kind: 'missing', message: `entries ${expected} to ${seq - 1n} are missing` });
      if (seq > headSeq) return report({ seq, kind: 'unexpected', message: `entry ${seq} lies beyond the head (${headSeq}): written outside the ledger` });
      const leaf = leafOfRow(row);
      const next = chainNext(chain, leaf);
      if (!row.chain_hash || !next.equals(Buffer.from(row.chain_hash))) {
        return report({ seq, kind: 'altered', message: `entry ${seq} does not match its hash: its content, or its place in the chain, was changed` });
      }
      chain = next;
      frontier.push(leaf);
      expected = seq + 1n;
      firstUnsigned ??= { seq, at: new Date(row.occurred_at) };
      while (nextCheckpoint < checkpoints.length && BigInt(checkpoints[nextCheckpoint]!.tree_size) === seq - genesis) {
        const problem = checkpointProblem();
        if (problem) return report(problem);
        nextCheckpoint++;
        firstUnsigned = undefined;
      }
    }
    options.onProgress?.(expected - genesis - 1n, headSeq - genesis);
    if (rows.length < BATCH) break;
  }
  if (expected - 1n !== headSeq) {
    return report({ seq: expected, kind: 'missing', message: `entries ${expected} to ${headSeq} are missing (the head is at ${headSeq})` });
  }
  if (!chain.equals(Buffer.from(head!.chain_hash))) return report({ seq: headSeq, kind: 'head', message: 'the chain does not end at the recorded head hash' });
  if (nextCheckpoint < checkpoints.length) {
    const checkpoint = checkpoints[nextCheckpoint]!;
    const seq = genesis + BigInt(checkpoint.tree_size);
    const by = checkpoint.witnessed ? `the copy witnessed at ${new Date(checkpoint.signed_at).toISOString()}` : 'a checkpoint';
    return report({ seq: expected, kind: 'missing', message: `${by} covers entries up to ${seq}, but the ledger ends at ${expected - 1n}: entries were removed` });
  }
  const grace = options.unsignedGraceMs ?? UNSIGNED_GRACE_MS;
  if (firstUnsigned && Date.now() - firstUnsigned.at.getTime() > grace) {
    return report({ seq: firstUnsigned.seq, kind: 'unsigned', message: `entries from ${firstUnsigned.seq} on are older than ${grace / 60_000} min and no checkpoint covers them: checkpoints were removed` });
  }
  return report();
}
