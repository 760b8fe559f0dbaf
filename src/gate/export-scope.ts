import { decideForPatients } from '../access/need-to-know.ts';
import type { AccessPolicy } from '../access/policy.ts';
import { mayRead, type Decision } from '../access/rules.ts';
import type { Actor } from '../domain/actor.ts';
import type { Touch } from '../guard/guard.ts';
import type { Database, Sql } from '../store/database.ts';
import { gateStep, inGate } from './gate-role.ts';
import { exportableCount, exportableRows, patientsStayingIn } from '../store/patient-rows/exports.ts';
import { patientsByIds } from '../store/patient-rows/patients.ts';

/** Which patients an export asks for: every patient of the requester's establishment (of the group, for a group-wide account), or a list. */
export type ExportScope = { kind: 'establishment' } | { kind: 'patients'; ids: string[] };

/** Patients in one explicit list, at most. */
export const MAX_LISTED_PATIENTS = 10_000;

/**
 * How many patients an export request reaches — a count, nothing disclosed — within the
 * requester's establishment (the group, for a group-wide account); a listed id that is
 * not there counts as missing, and a listed honey record is named (only a leaked list holds one).
 */
export async function exportScopeCount(tx: Sql, actor: Actor, scope: ExportScope): Promise<{ patients: number; missing: number; honey: string[] }> {
  const ids = scope.kind === 'patients' ? scope.ids : undefined;
  const counted = await gateStep(tx, (gate) => exportableCount(gate, actor.establishmentId, ids));
  // An establishment holds its honey records unseen; a list that names one came from a leak.
  return { patients: counted.patients, missing: ids ? ids.length - counted.listed : 0, honey: ids ? counted.honey : [] };
}

/**
 * A FHIR Bulk Group export's patients: those staying now in a care unit of the
 * requester's establishment, as a list (the export is then of that list, counted and
 * approved as any); undefined when there is no such unit.
 */
export const groupPatients = (db: Database, actor: Actor, unitId: string) =>
  inGate(db, (tx) => patientsStayingIn(tx, unitId, actor.establishmentId, MAX_LISTED_PATIENTS));

/** Whether the role reads patient records at all: one that does not has every export approved by a second person. */
export const readsPatients = (actor: Actor): boolean => mayRead(actor, 'Patient').allowed;

const OUTSIDE: Decision = {
  allowed: true,
  reason: "export without a second person's approval, outside the actor's care relationships",
  basis: { kind: 'export' },
};

/**
 * The patients a small export (no approval needed) would give, as the guard sees them:
 * those within the requester's care relationships cost nothing, the others cost as any
 * patient outside them does — many small exports under the threshold meet the budget.
 */
export async function exportTouches(tx: Sql, actor: Actor, policy: AccessPolicy, scope: ExportScope, limit: number): Promise<Touch[]> {
  const rows = await gateStep(tx, (gate) => (scope.kind === 'patients' ? patientsByIds(gate, scope.ids) : exportableRows(gate, actor.establishmentId, limit)));
  const decisions = await decideForPatients(tx, actor, policy, mayRead(actor, 'Patient'), rows);
  return rows.map((row) => {
    const decision = decisions.get(row.id)!;
    return { patientId: row.id, honey: row.honey, decision: decision.allowed ? decision : OUTSIDE };
  });
}
