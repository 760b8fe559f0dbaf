import type { Actor } from '../domain/actor.ts';
import type { Database } from '../store/database.ts';
import { sql, type Statement } from '../store/sql.ts';
import { auditReading } from './audit-reading.ts';
import { forbidden } from '../domain/refusals.ts';
import type { EntryRow } from './entry-rows.ts';

/**
 * Reading the ledger (DESIGN invariant 6): the DPO and the security officer, and nobody
 * else, search it by patient, agent, action and date, newest first. Their reading is
 * itself recorded. Entries hold ids and reasons, never patient content.
 */
export interface AuditFilter {
  patientId?: string | undefined;
  agentId?: string | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Keyset cursor: entries before this number. */
  before?: bigint | undefined;
  count: number;
}

export interface AuditRow extends EntryRow {
  username: string | null;
}

const READERS = new Set(['dpo', 'security_officer']);

export async function searchAudit(db: Database, actor: Actor, filter: AuditFilter): Promise<AuditRow[]> {
  if (!READERS.has(actor.role)) {
    await auditReading(db, actor, 'refused', `role ${actor.role} does not read the audit ledger`);
    throw forbidden(`role ${actor.role} does not read the audit ledger`);
  }
  const where: Statement[] = [];
  if (filter.patientId) where.push(sql`e.patient_id = ${filter.patientId}::uuid`);
  if (filter.agentId) where.push(sql`e.actor_id = ${filter.agentId}::uuid`);
  if (filter.action) where.push(sql`e.action = ${filter.action}`);
  if (filter.from) where.push(sql`e.occurred_at >= ${filter.from}`);
  if (filter.to) where.push(sql`e.occurred_at < ${filter.to}`);
  if (filter.before !== undefined) where.push(sql`e.seq < ${filter.before.toString()}`);
  return db.transaction(async (tx) => {
    const rows = await tx.rows<AuditRow>(
      sql`SELECT e.*, a.username FROM audit_event e LEFT JOIN account a ON a.id = e.actor_id
       ${where.length > 0 ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``} ORDER BY e.seq DESC LIMIT ${filter.count}`,
    );
    await auditReading(tx, actor, 'allowed', `role ${actor.role}: reads the audit ledger`, {
      patientId: filter.patientId,
      detail: { filter: { ...filter, before: filter.before?.toString(), from: filter.from?.toISOString(), to: filter.to?.toISOString() }, count: rows.length },
    });
    return rows;
  });
}
