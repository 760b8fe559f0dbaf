import type { Sql } from '../store/database.ts';
import { sql, type Statement } from '../store/sql.ts';
import { archivedSegments } from './archive-segments.ts';
import { entriesFrom, leafOfRow } from './entry-rows.ts';
import { consistencyRanges, inclusionRanges, MerkleFrontier, type Hash, type LeafRange } from './merkle.ts';
import { genesisStart, type ReplayStart } from './replay.ts';

/**
 * Proofs against the signed checkpoints (RFC 9162 §2.1.3, §2.1.4), served from the
 * database: that one entry is in the tree a checkpoint signed — for a patient, an auditor
 * or a court, with a few hundred bytes instead of the whole ledger — and that a later
 * checkpoint extends an earlier one. Anyone holding the public key checks them.
 */
export interface SignedTree {
  treeSize: string;
  root: string;
  signedAt: string;
  keyId: string;
  signature: string;
}

export interface InclusionProof {
  format: 'vigie-ledger-inclusion/1';
  seq: string;
  leafIndex: string;
  leaf: string;
  checkpoint: SignedTree;
  proof: string[];
}

export interface ConsistencyProof {
  format: 'vigie-ledger-consistency/1';
  first: SignedTree;
  second: SignedTree;
  proof: string[];
}

interface CheckpointRow {
  tree_size: bigint | string;
  last_seq: bigint | string;
  root: Uint8Array;
  signed_at: Date;
  key_id: string;
  signature: Uint8Array;
}

const signed = (row: CheckpointRow): SignedTree => ({
  treeSize: String(row.tree_size),
  root: Buffer.from(row.root).toString('hex'),
  signedAt: new Date(row.signed_at).toISOString(),
  keyId: row.key_id,
  signature: Buffer.from(row.signature).toString('base64'),
});

async function checkpointOf(tx: Sql, where: Statement): Promise<CheckpointRow | undefined> {
  return tx.one<CheckpointRow>(
    sql`SELECT tree_size, last_seq, root, signed_at, key_id, signature FROM ledger_checkpoint WHERE ${where} ORDER BY tree_size DESC LIMIT 1`,
  );
}

/** Where the entries still in the database begin. */
async function databaseStart(tx: Sql): Promise<ReplayStart> {
  const genesis = await tx.one<{ genesis_seq: bigint | string }>(sql`SELECT genesis_seq FROM ledger_genesis`);
  return (await archivedSegments(tx)).at(-1)?.end ?? genesisStart(BigInt(genesis!.genesis_seq));
}

/** That entry `seq` is in the tree of the latest checkpoint that covers it. */
export async function proveInclusion(tx: Sql, seq: bigint): Promise<InclusionProof> {
  const start = await databaseStart(tx);
  if (seq <= start.through) throw new Error(`Entry ${seq} was archived: its archive file holds it`);
  const [row] = await entriesFrom(tx, seq, 1, seq);
  if (!row) throw new Error(`There is no entry ${seq}`);
  const checkpoint = await checkpointOf(tx, sql`last_seq >= ${seq.toString()}`);
  if (!checkpoint) throw new Error(`No checkpoint covers entry ${seq} yet (one is signed every 30 s)`);
  const before = await tx.count(sql`SELECT count(*) FROM audit_event WHERE seq > ${start.through.toString()} AND seq < ${seq.toString()}`);
  const leafIndex = start.treeSize + before;
  const proof = await rangeRoots(tx, start, inclusionRanges(leafIndex, Number(checkpoint.tree_size)));
  return {
    format: 'vigie-ledger-inclusion/1',
    seq: seq.toString(),
    leafIndex: String(leafIndex),
    leaf: leafOfRow(row).toString('hex'),
    checkpoint: signed(checkpoint),
    proof: hex(proof),
  };
}

/** That the checkpoint of `secondSize` entries extends the one of `firstSize`. */
export async function proveConsistency(tx: Sql, firstSize: number, secondSize: number): Promise<ConsistencyProof> {
  const [first, second] = await Promise.all([firstSize, secondSize].map((size) => checkpointOf(tx, sql`tree_size = ${size}`)));
  if (!first || !second) throw new Error(`Both sizes must be those of signed checkpoints (vigie audit checkpoints lists them)`);
  const proof = await rangeRoots(tx, await databaseStart(tx), consistencyRanges(firstSize, secondSize));
  return { format: 'vigie-ledger-consistency/1', first: signed(first), second: signed(second), proof: hex(proof) };
}

const hex = (hashes: Hash[]) => hashes.map((hash) => hash.toString('hex'));

/**
 * The roots of the subtrees a proof needs, in its order: from the archived segment's
 * frontier where a subtree is one of its nodes, otherwise from the entries, read once
 * in order with one growing tree per subtree (the subtrees do not overlap).
 */
async function rangeRoots(tx: Sql, start: ReplayStart, ranges: readonly LeafRange[]): Promise<Hash[]> {
  const archivedNodes = new Map<string, Hash>();
  let offset = 0;
  for (const [size, node] of start.frontier) {
    archivedNodes.set(`${offset}:${offset + size}`, Buffer.from(node, 'hex'));
    offset += size;
  }
  const roots = new Map<string, Hash>();
  const toRead: LeafRange[] = [];
  for (const [from, to] of ranges) {
    const archived = archivedNodes.get(`${from}:${to}`);
    if (archived) roots.set(`${from}:${to}`, archived);
    else if (from < start.treeSize) throw new Error('The proof needs archived entries: verify with the archive files instead');
    else toRead.push([from, to]);
  }
  toRead.sort(([a], [b]) => a - b);
  let index = start.treeSize;
  let next = start.through + 1n;
  for (const [from, to] of toRead) {
    const tree = new MerkleFrontier();
    while (index < to) {
      const rows = await entriesFrom(tx, next, Math.min(5000, to - index));
      if (rows.length === 0) throw new Error(`The ledger ends before leaf ${to}: verify it (vigie audit verify)`);
      for (const row of rows) {
        if (index >= from) tree.push(leafOfRow(row));
        index++;
      }
      next = BigInt(rows.at(-1)!.seq) + 1n;
    }
    roots.set(`${from}:${to}`, tree.root());
  }
  return ranges.map(([from, to]) => roots.get(`${from}:${to}`)!);
}
