import type { Actor } from '../domain/actor.ts';
import type { Sql } from '../store/database.ts';
import { appendAudit } from './append.ts';

/** Reading the ledger is itself recorded, allowed or refused, in the reader's name. */
export function auditReading(
  sql: Sql,
  actor: Actor,
  outcome: 'allowed' | 'refused',
  reason: string,
  about: { patientId?: string | undefined; detail?: Record<string, unknown> } = {},
): Promise<void> {
  return appendAudit(sql, [
    { action: 'audit-read', outcome, reason, actorId: actor.accountId, actorRole: actor.role, sessionId: actor.sessionId, address: actor.address, ...about },
  ]);
}
