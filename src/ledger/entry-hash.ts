import { canonicalJson } from './canonical.ts';
import { leafHashOfText, sha256, type Hash } from './merkle.ts';

/**
 * What an entry's hash covers: its number, time and every recorded field. The leaf hash
 * (RFC 6962) goes into the Merkle tree of the checkpoints; the chain hash links each
 * entry to the one before it, so that a change, a removal or a reordering anywhere
 * breaks every hash after it.
 */
export interface HashedFields {
  seq: bigint | number | string;
  /** ISO 8601, to the millisecond (Date.prototype.toISOString). */
  occurredAt: string;
  action: string;
  outcome: string;
  reason: string;
  actorId: string | null;
  actorRole: string | null;
  sessionId: string | null;
  patientId: string | null;
  resourceType: string | null;
  resourceId: string | null;
  establishmentId: string | null;
  address: string | null;
  detail: unknown;
}

export const GENESIS_HASH: Hash = Buffer.alloc(32);

/**
 * The fields in a fixed order, as a JSON array (canonical by construction, and fast to
 * write: verification recomputes it for every entry), with the free-form detail last in
 * canonical JSON.
 */
export function entryLeaf(f: HashedFields): Hash {
  return leafHashOfText(`["${f.seq}"${leafTail(f)}`);
}

/**
 * The entry's bytes after its number: what the application sends with an append, the
 * database drawing the number and prefixing it (migration 009, ledger_append).
 */
export function leafTail(f: Omit<HashedFields, 'seq'>): string {
  const fixed = JSON.stringify([
    f.occurredAt,
    f.action,
    f.outcome,
    f.reason,
    f.actorId,
    f.actorRole,
    f.sessionId,
    f.patientId,
    f.resourceType,
    f.resourceId,
    f.establishmentId,
    f.address,
  ]);
  return `,${fixed.slice(1, -1)},${canonicalJson(f.detail ?? null)}]`;
}

export function chainNext(previous: Hash, leaf: Hash): Hash {
  return sha256(previous, leaf);
}
