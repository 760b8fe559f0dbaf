import type { Actor } from '../domain/actor.ts';
import type { NewCareLink } from '../store/patient-rows/care-links.ts';
import type { Decision } from './rules.ts';

/**
 * A write that makes a care relationship — a stay, a care-team membership, a referral, a
 * lab order, a treating-doctor link — is access made (DESIGN invariant 9; T9: a clerk or
 * clinician writing stays, care teams or orders for patients it then reads). One rule per
 * standing of the actor with the patient:
 * - `related`: the actor is already in the patient's care; referring to a colleague,
 *   ordering a test, admitting to its own unit is ordinary care, and free;
 * - `found`: the actor found the patient by an identity lookup (or registered them, or,
 *   for admissions, the patient is of its establishment); it may only bring the patient
 *   into its own care — its own unit, itself as the practitioner — and that is charged to
 *   its budget as a disclosure (basis `relationship-write`).
 * Either way a stay is in a unit of the actor's establishment (admissions name it), and a
 * doctor's or nurse's in their own unit: another unit comes in by its own act.
 */
export type Standing = 'related' | 'found';

/** Where the units and practitioners a write names belong: the directory's answer. */
export interface Workplaces {
  /** Unit id → its establishment. */
  unitEstablishment: ReadonlyMap<string, string>;
  /** Practitioner id → the establishments where they work. */
  practitionerEstablishments: ReadonlyMap<string, ReadonlySet<string>>;
}

const allow = (reason: string, kind?: string): Decision => ({ allowed: true, reason, ...(kind ? { basis: { kind } } : {}) });
const refuse = (reason: string): Decision => ({ allowed: false, reason });

export function judgeRelationshipWrite(
  actor: Actor,
  links: readonly NewCareLink[],
  standing: Standing,
  patientEstablishmentId: string,
  places: Workplaces,
): Decision {
  for (const link of links) {
    const refusal = unitRefusal(actor, link, places) ?? (standing === 'found' ? foundRefusal(actor, link, patientEstablishmentId, places) : undefined);
    if (refusal) return refuse(refusal);
  }
  return standing === 'related'
    ? allow("a care relationship written within the actor's own care of the patient")
    : allow('a care relationship written for a patient the actor found by identity lookup or registered, outside its care relationships', 'relationship-write');
}

/** A stay is in a unit of the actor's establishment; a doctor's or nurse's, in their own unit. */
function unitRefusal(actor: Actor, link: NewCareLink, places: Workplaces): string | undefined {
  if (link.kind !== 'stay') return undefined;
  if (!link.unitId) return actor.role === 'admissions' ? 'admissions admit into a unit: the stay names its unit (serviceProvider)' : undefined;
  if (places.unitEstablishment.get(link.unitId) !== actor.establishmentId) return "a stay is written only in a unit of the actor's establishment";
  if ((actor.role === 'doctor' || actor.role === 'nurse') && link.unitId !== actor.unitId)
    return 'a doctor or nurse writes a stay only in their own unit; another unit admits by its own act';
  return undefined;
}

/** Outside its care, the actor may only bring the patient into its own. */
function foundRefusal(actor: Actor, link: NewCareLink, patientEstablishmentId: string, places: Workplaces): string | undefined {
  if (link.kind === 'referral' || link.kind === 'lab-order') return "a referral or a lab order is written for a patient already in the actor's care";
  if (actor.role === 'admissions') {
    if (link.kind === 'treating-doctor')
      return patientEstablishmentId === actor.establishmentId ? undefined : "admissions record the treating doctor of their own establishment's patients only";
    if (link.kind === 'care-team') return 'admissions write no care team';
    const works = link.practitionerId ? places.practitionerEstablishments.get(link.practitionerId) : undefined;
    if (link.practitionerId && !works?.has(actor.establishmentId!)) return "the attending practitioner of a stay works in the actor's establishment";
    return undefined;
  }
  if (link.practitionerId && link.practitionerId !== actor.practitionerId)
    return 'outside its care relationships, the actor names only itself as the practitioner';
  if (link.kind === 'stay' && !link.practitionerId && !link.unitId) return 'a stay names its unit or its attending practitioner';
  return undefined;
}
