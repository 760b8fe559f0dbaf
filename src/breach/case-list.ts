import type { Actor } from '../domain/actor.ts';
import { auditReading } from '../ledger/audit-reading.ts';
import { forbidden } from '../domain/refusals.ts';
import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { NOTIFY_WITHIN_HOURS } from './cases.ts';

/**
 * The breach cases as the security and data protection officers follow them: the clock
 * to the CNIL deadline, how many patients, the source named. Counts and ids, no identity.
 */
export interface CaseSummary {
  id: string;
  awareAt: string;
  notifyBy: string;
  status: string;
  sampleRows: number;
  rowsMatched: number;
  patients: number;
  source: { kind: string; username: string | null; role: string | null; exportId?: string } | null;
}

const RESPONDERS = new Set(['security_officer', 'dpo']);

export async function listBreachCases(db: Database, actor: Actor): Promise<CaseSummary[]> {
  if (!RESPONDERS.has(actor.role)) {
    await auditReading(db, actor, 'refused', `role ${actor.role} does not follow breach cases`);
    throw forbidden(`role ${actor.role} does not follow breach cases: the security officer and the data protection officer do`);
  }
  return db.transaction(async (tx) => {
    const rows = await tx.rows<{
      id: string;
      aware_at: Date;
      status: string;
      sample_rows: number;
      rows_matched: number;
      source: CaseSummary['source'];
      patients: number;
    }>(sql`SELECT c.id, c.aware_at, c.status, c.sample_rows, c.rows_matched, c.source, (SELECT count(*)::int FROM breach_patient p WHERE p.case_id = c.id) AS patients
       FROM breach_case c ORDER BY c.aware_at DESC LIMIT 100`);
    await auditReading(tx, actor, 'allowed', `role ${actor.role}: reads the breach cases`, { detail: { count: rows.length } });
    return rows.map((row) => ({
      id: row.id,
      awareAt: new Date(row.aware_at).toISOString(),
      notifyBy: new Date(new Date(row.aware_at).getTime() + NOTIFY_WITHIN_HOURS * 3_600_000).toISOString(),
      status: row.status,
      sampleRows: row.sample_rows,
      rowsMatched: row.rows_matched,
      patients: row.patients,
      source: row.source
        ? { kind: row.source.kind, username: row.source.username, role: row.source.role, ...(row.source.exportId ? { exportId: row.source.exportId } : {}) }
        : null,
    }));
  });
}
