import type { Actor } from '../domain/actor.ts';
import type { Decision } from './rules.ts';

/**
 * A treating-doctor link alone (the médecin traitant named on the patient) opens the
 * patient's identity and what is addressed to that doctor — the orders, results, letters
 * and stays that name them — not the whole chart (DESIGN invariant 9): naming a doctor
 * on a patient, which a desk does, must not hand that doctor every note and result. The
 * doctor's stays, care teams and referrals open the rest, as for anyone.
 */
export function mayReadContent(actor: Actor, decision: Decision, resource: fhir4.Resource): boolean {
  if (decision.basis?.kind !== 'treating-doctor' || resource.resourceType === 'Patient') return true;
  return actor.practitionerId !== undefined && names(resource, `Practitioner/${actor.practitionerId}`);
}

/** Whether a reference to `target` appears anywhere in the resource (requester, performer, recipient, author, participant…). */
function names(value: unknown, target: string): boolean {
  if (Array.isArray(value)) return value.some((item) => names(item, target));
  if (!value || typeof value !== 'object') return false;
  const object = value as Record<string, unknown>;
  if (object.reference === target) return true;
  return Object.values(object).some((item) => names(item, target));
}
