import { forbidden } from '../domain/refusals.ts';
import type { Actor } from '../domain/actor.ts';
import { auditReading } from '../ledger/audit-reading.ts';
import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import type { DataCategory } from '../leaks/categories.ts';

/**
 * "Am I affected?" (GDPR art. 34): the breach cases that concern the patient asking, with
 * the categories of their data that left. A patient in no case learns nothing of any.
 */
export interface BreachNotice {
  caseId: string;
  awareAt: string;
  status: string;
  inSample: boolean;
  categories: DataCategory[];
}

export async function breachNoticesOf(db: Database, actor: Actor): Promise<BreachNotice[]> {
  if (actor.role !== 'patient' || !actor.patientId) throw forbidden(`role ${actor.role} has no record of its own in the portal`);
  return db.transaction(async (tx) => {
    const rows = await tx.rows<{
      case_id: string;
      aware_at: Date;
      status: string;
      in_sample: boolean;
      categories: DataCategory[];
    }>(sql`SELECT p.case_id, c.aware_at, c.status, p.in_sample, p.categories FROM breach_patient p JOIN breach_case c ON c.id = p.case_id
       WHERE p.patient_id = ${actor.patientId} ORDER BY c.aware_at DESC`);
    await auditReading(tx, actor, 'allowed', 'the patient reads the breach notices concerning them, in the portal', {
      patientId: actor.patientId,
      detail: { count: rows.length },
    });
    return rows.map((row) => ({
      caseId: row.case_id,
      awareAt: new Date(row.aware_at).toISOString(),
      status: row.status,
      inSample: row.in_sample,
      categories: row.categories,
    }));
  });
}
