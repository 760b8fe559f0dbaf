import type { Actor } from '../domain/actor.ts';
import type { Sql } from '../store/database.ts';
import type { PatientScope } from '../store/patient-rows/search.ts';
import type { AccessPolicy } from './policy.ts';
import { currentLinks, relationshipsWith, type Relationship } from './relationships.ts';
import type { Decision } from './rules.ts';

/**
 * The per-patient half of every access decision (DESIGN invariant 4). The role rule
 * (rules.ts) says which kinds of data a role may read at all; this says for which
 * patients, and why: a current care relationship, break-glass, or — for admissions —
 * the patient belonging to the actor's establishment. No allow without its reason.
 */
export interface PatientRef {
  id: string;
  establishment_id: string;
}

export async function decideForPatients(
  sql: Sql,
  actor: Actor,
  policy: AccessPolicy,
  roleDecision: Decision,
  patients: readonly PatientRef[],
): Promise<Map<string, Decision>> {
  // A relationship first, even for admissions' own patients: a current stay costs nothing in the guard's budget, the rest of the establishment's files do.
  const relationships = roleDecision.allowed
    ? await relationshipsWith(
        sql,
        actor,
        policy,
        patients.map((patient) => patient.id),
      )
    : new Map<string, Relationship>();
  return decisionsFrom(actor, roleDecision, patients, relationships);
}

/** The decisions, once the actor's relationships with these patients are known (read with the patients, for the gate's quiet reads). */
export function decisionsFrom(
  actor: Actor,
  roleDecision: Decision,
  patients: readonly PatientRef[],
  relationships: ReadonlyMap<string, Relationship>,
): Map<string, Decision> {
  const decisions = new Map<string, Decision>();
  const home = (patient: PatientRef) => actor.role === 'admissions' && patient.establishment_id === actor.establishmentId;
  for (const patient of patients) {
    const relationship = relationships.get(patient.id);
    if (!roleDecision.allowed) {
      decisions.set(patient.id, roleDecision);
    } else if (relationship) {
      decisions.set(patient.id, { allowed: true, reason: relationship.reason, basis: { kind: relationship.kind, sourceId: relationship.sourceId } });
    } else if (home(patient)) {
      decisions.set(patient.id, { allowed: true, reason: "admissions: patient of the actor's establishment", basis: { kind: 'establishment' } });
    } else {
      decisions.set(patient.id, { allowed: false, reason: NO_RELATIONSHIP[actor.role] ?? 'no current care relationship with this patient' });
    }
  }
  return decisions;
}

const NO_RELATIONSHIP: Partial<Record<Actor['role'], string>> = {
  doctor: 'no current care relationship with this patient (break-glass is possible, with a stated reason)',
  nurse: 'no current care relationship with this patient (break-glass is possible, with a stated reason)',
  lab: 'no current lab order of this laboratory for this patient',
  admissions: "patient neither of the actor's establishment nor staying there",
};

/**
 * Whose records the actor's searches may return, beyond identity lookups. Admissions
 * search their whole establishment by name, birth date or contact; without any term
 * their list is the patients staying there now — not every file of the establishment.
 */
export function searchScope(actor: Actor, policy: AccessPolicy, withTerms: boolean): PatientScope | undefined {
  const links = currentLinks(actor, policy);
  if (!links) return undefined;
  if (actor.role === 'admissions' && actor.establishmentId && withTerms) return { kind: 'establishment', establishmentId: actor.establishmentId, links };
  return { kind: 'linked', links };
}

/** Break-glass is for professionals who treat: doctors and nurses. */
export function mayBreakGlass(actor: Actor): Decision {
  if (actor.role === 'doctor' || actor.role === 'nurse') return { allowed: true, reason: `role ${actor.role} may break the glass, with a stated reason` };
  return { allowed: false, reason: `role ${actor.role} may not break the glass` };
}
