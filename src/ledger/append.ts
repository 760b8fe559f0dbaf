import { randomInt } from 'node:crypto';
import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { leafTail, type HashedFields } from './entry-hash.ts';

/**
 * One entry of the audit trail. Appended by whoever acted, inside the transaction of the
 * act, so an act without its entry cannot be committed (invariant 1). There is no switch
 * to turn it off (invariant 2).
 */
export interface AuditEntry {
  action: AuditAction;
  outcome: 'allowed' | 'refused' | 'failed';
  /** Why it was allowed or refused, in words a security officer can read. */
  reason: string;
  actorId?: string | undefined;
  actorRole?: string | undefined;
  sessionId?: string | undefined;
  patientId?: string | undefined;
  resourceType?: string | undefined;
  resourceId?: string | undefined;
  establishmentId?: string | undefined;
  address?: string | undefined;
  detail?: Record<string, unknown> | undefined;
}

export type AuditAction =
  | 'read'
  | 'search'
  | 'everything'
  | 'create'
  | 'update'
  | 'login'
  | 'mfa'
  | 'logout'
  | 'session'
  | 'break-glass'
  | 'break-glass-review'
  | 'account-create'
  | 'account-change'
  | 'account-disable'
  | 'account-enable'
  | 'account-activation'
  | 'account-request'
  | 'lockout-reset'
  | 'password-change'
  | 'staff-team'
  | 'access-review'
  | 'passkey'
  | 'step-up'
  | 'recovery-code'
  | 'account-notice'
  | 'audit-read'
  | 'alert'
  | 'export'
  | 'export-request'
  | 'export-decision'
  | 'export-cancel'
  | 'export-download'
  | 'export-attribute'
  | 'export-receipt'
  | 'containment'
  | 'reinstatement'
  | 'alert-acknowledge'
  | 'breach-match'
  | 'breach-open'
  | 'breach-letter'
  | 'key-rotation';

/**
 * Appends entries to the ledger, in the caller's transaction, in one statement
 * (migration 009, ledger_append): it takes a lane with its head row's lock — a free one,
 * so concurrent acts do not wait for each other — draws the entries' numbers, chains them
 * and moves the lane's head. A lane's positions have no gap and each chain hash covers
 * the one before it in the lane.
 */
export async function appendAudit(tx: Sql, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const occurredAt = new Date().toISOString();
  const fields = entries.map((entry): Omit<HashedFields, 'seq'> => ({
    occurredAt,
    action: entry.action,
    outcome: entry.outcome,
    reason: entry.reason,
    // uuid columns read back in lower case: hash them as they will be read.
    actorId: entry.actorId?.toLowerCase() ?? null,
    actorRole: entry.actorRole ?? null,
    sessionId: entry.sessionId?.toLowerCase() ?? null,
    patientId: entry.patientId?.toLowerCase() ?? null,
    resourceType: entry.resourceType ?? null,
    resourceId: entry.resourceId ?? null,
    establishmentId: entry.establishmentId?.toLowerCase() ?? null,
    address: entry.address ?? null,
    // Stored as jsonb and hashed as it reads back: plain JSON, without undefined members.
    detail: entry.detail ? (JSON.parse(JSON.stringify(entry.detail)) as unknown) : null,
  }));
  await tx.run(sql`SELECT ledger_append(${randomInt(LANES)}, ${fields.map((f) => Buffer.from(leafTail(f), 'utf8'))}, ${JSON.stringify(fields)})`);
}

/** The lanes of migration 009: the first one tried is drawn at random. */
const LANES = 16;
