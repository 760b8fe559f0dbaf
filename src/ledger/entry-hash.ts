import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.ts';
import { leafHash, type Hash } from './merkle.ts';

/**
 * What an entry's hash covers: its number, time and every recorded field. The leaf hash
 * (RFC 6962) goes into the Merkle tree of the checkpoints; the chain hash links each
 * entry to the one before it, so that a change, a removal or a reordering anywhere
 * breaks every hash after it.
 */
export interface HashedFields {
  seq: bigint;
  occurredAt: Date;
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

export function entryLeaf(fields: HashedFields): Hash {
  return leafHash(Buffer.from(canonicalJson({ ...fields, seq: fields.seq.toString(), detail: fields.detail ?? null }), 'utf8'));
}

export function chainNext(previous: Hash, leaf: Hash): Hash {
  return createHash('sha256').update(previous).update(leaf).digest();
}
