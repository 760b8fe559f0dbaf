import type { Decision } from '../access/rules.ts';
import type { Actor } from '../domain/actor.ts';
import type { Touch } from '../guard/guard.ts';
import type { AuditAction, AuditEntry } from '../ledger/append.ts';
import type { ReadPatientRow } from '../store/patient-rows/patients.ts';

/** What the gate tells the guard about a patient a request would touch. */
export const touchOf = (row: ReadPatientRow, decision: Decision): Touch => ({ patientId: row.id, honey: row.honey, decision });

/** The ledger entry of a disclosure or a refusal: who, what, about whom, and why. */
export function auditOf(
  actor: Actor,
  action: AuditAction,
  decision: Decision,
  resourceType?: string,
  resourceId?: string,
  patientId?: string,
  establishmentId?: string,
  detail?: Record<string, unknown>,
): AuditEntry {
  return {
    action,
    outcome: decision.allowed ? 'allowed' : 'refused',
    reason: decision.reason,
    actorId: actor.accountId,
    actorRole: actor.role,
    sessionId: actor.sessionId,
    address: actor.address,
    resourceType,
    resourceId,
    patientId,
    establishmentId,
    detail: decision.basis ? { ...detail, basis: decision.basis } : detail,
  };
}
