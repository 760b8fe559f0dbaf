import type { Actor } from '../identity/actor.ts';
import type { Sql } from '../store/database.ts';
import { exportableCount } from '../store/patient-rows.ts';
import type { ExportScope } from '../exports/request-input.ts';

/**
 * How many patients an export request reaches — a count, nothing disclosed — within the
 * requester's establishment (the group, for a group-wide account); a listed id that is
 * not there counts as missing, and a listed honey record is named (only a leaked list holds one).
 */
export async function exportScopeCount(tx: Sql, actor: Actor, scope: ExportScope): Promise<{ patients: number; missing: number; honey: string[] }> {
  const ids = scope.kind === 'patients' ? scope.ids : undefined;
  const counted = await exportableCount(tx, actor.establishmentId, ids);
  // An establishment holds its honey records unseen; a list that names one came from a leak.
  return { patients: counted.patients, missing: ids ? ids.length - counted.listed : 0, honey: ids ? counted.honey : [] };
}
