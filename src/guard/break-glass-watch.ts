import type { Actor } from '../domain/actor.ts';
import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { alertOf, raiseAlert, who } from './alerts.ts';

/**
 * Break-glass is for a patient no team has yet: brought in without a stay, seen at night
 * before anyone is called. A patient staying now in another unit has a team, which
 * calls a colleague in by an act of its own (a care-team membership); the glass broken
 * on them instead is how curiosity reads a famous patient in the news (T5). Every
 * break-glass is reviewed afterwards; this one the security officer hears of at once.
 */
export async function watchBreakGlass(tx: Sql, actor: Actor, patientId: string, reason: string, now: Date): Promise<void> {
  const staying = await tx.rows<{
    unit: string | null;
  }>(sql`SELECT DISTINCT o.resource ->> 'name' AS unit FROM care_link l LEFT JOIN organization o ON o.id = l.unit_id
     WHERE l.patient_id = ${patientId} AND l.kind = 'stay' AND l.starts_at <= ${now} AND (l.ends_at IS NULL OR l.ends_at > ${now})
       AND l.unit_id IS DISTINCT FROM ${actor.unitId ?? null}::uuid
       AND NOT EXISTS (SELECT 1 FROM care_link own WHERE own.patient_id = l.patient_id AND own.kind = 'stay' AND own.unit_id = ${actor.unitId ?? null}::uuid
                         AND own.starts_at <= ${now} AND (own.ends_at IS NULL OR own.ends_at > ${now}))`);
  if (staying.length === 0) return;
  const units = staying.map((row) => row.unit ?? 'a unit').join(', ');
  const explanation = `${who(actor)} broke the glass (${reason}) on a patient staying now in ${units}, whose team did not call them in: a patient with a team is not an emergency without one, and is who curiosity looks up`;
  await raiseAlert(tx, alertOf(actor, 'break-glass', 'medium', explanation, now, now, { patient: patientId }), false, now);
}
