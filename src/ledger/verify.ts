import type { Sql } from '../store/database.ts';
import { chainNext, entryLeaf, GENESIS_HASH } from './entry-hash.ts';
import type { Hash } from './merkle.ts';

/**
 * Walks the whole chain in order, recomputing every entry's hash from its content, and
 * names the first place where the ledger is not what was appended: an altered entry, a
 * missing range, an entry out of place, or a head that does not match.
 */
export interface LedgerReport {
  intact: boolean;
  /** Entries checked (from the first chained one to the head). */
  entries: bigint;
  head: string;
  /** Entries written before the chain existed (only on databases older than it). */
  beforeChain: bigint;
  problem?: { seq: bigint; kind: 'altered' | 'missing' | 'unexpected' | 'head'; message: string };
}

interface EntryRow {
  seq: bigint | number | string;
  occurred_at: Date;
  action: string;
  outcome: string;
  reason: string;
  actor_id: string | null;
  actor_role: string | null;
  session_id: string | null;
  patient_id: string | null;
  resource_type: string | null;
  resource_id: string | null;
  establishment_id: string | null;
  address: string | null;
  detail: unknown;
  chain_hash: Uint8Array | null;
}

const BATCH = 5000;

export async function verifyLedger(sql: Sql, onProgress?: (checked: bigint, total: bigint) => void): Promise<LedgerReport> {
  const [head] = await sql.query<{ genesis_seq: bigint | string; seq: bigint | string; chain_hash: Uint8Array }>(
    'SELECT genesis_seq, seq, chain_hash FROM ledger_head',
  );
  const genesis = BigInt(head!.genesis_seq);
  const headSeq = BigInt(head!.seq);
  let expected = genesis + 1n;
  let chain: Hash = GENESIS_HASH;
  const report = (problem: LedgerReport['problem']): LedgerReport => ({
    intact: !problem,
    entries: expected - genesis - 1n,
    head: chain.toString('hex'),
    beforeChain: genesis,
    ...(problem ? { problem } : {}),
  });

  for (;;) {
    const rows = await sql.query<EntryRow>(
      `SELECT seq, occurred_at, action, outcome, reason, actor_id, actor_role, session_id, patient_id, resource_type,
              resource_id, establishment_id, address, detail, chain_hash
       FROM audit_event WHERE seq >= $1 ORDER BY seq LIMIT ${BATCH}`,
      [expected.toString()],
    );
    for (const row of rows) {
      const seq = BigInt(row.seq);
      if (seq !== expected) {
        return report({ seq: expected, kind: 'missing', message: `entries ${expected} to ${seq - 1n} are missing` });
      }
      if (seq > headSeq) return report({ seq, kind: 'unexpected', message: `entry ${seq} lies beyond the head (${headSeq}): appended outside the ledger` });
      const leaf = entryLeaf({
        seq,
        occurredAt: new Date(row.occurred_at),
        action: row.action,
        outcome: row.outcome,
        reason: row.reason,
        actorId: row.actor_id,
        actorRole: row.actor_role,
        sessionId: row.session_id,
        patientId: row.patient_id,
        resourceType: row.resource_type,
        resourceId: row.resource_id,
        establishmentId: row.establishment_id,
        address: row.address,
        detail: row.detail,
      });
      const next = chainNext(chain, leaf);
      if (!row.chain_hash || !next.equals(Buffer.from(row.chain_hash))) {
        return report({ seq, kind: 'altered', message: `entry ${seq} does not match its hash: its content, or its place in the chain, was changed` });
      }
      chain = next;
      expected = seq + 1n;
    }
    onProgress?.(expected - genesis - 1n, headSeq - genesis);
    if (rows.length < BATCH) break;
  }
  if (expected - 1n !== headSeq) {
    return report({ seq: expected, kind: 'missing', message: `entries ${expected} to ${headSeq} are missing (the head is at ${headSeq})` });
  }
  if (!chain.equals(Buffer.from(head!.chain_hash))) {
    return report({ seq: headSeq, kind: 'head', message: 'the chain does not end at the recorded head hash' });
  }
  return report(undefined);
}
