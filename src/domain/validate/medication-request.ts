import { dateTime, integer, codeIn, list, optional, required, string } from './checks.ts';
import { backboneElement, codeableConcept, identifier, literalReference, reference } from './datatypes.ts';
import { commonElements, type ResourceRules } from './resource.ts';

/** One prescription line; the lines of one ordonnance share a `groupIdentifier`. */
export const medicationRequestRules: ResourceRules = {
  type: 'MedicationRequest',
  elements: {
    ...commonElements(),
    status: required(codeIn(['active', 'on-hold', 'cancelled', 'completed', 'entered-in-error', 'stopped', 'draft', 'unknown'])),
    intent: required(codeIn(['proposal', 'plan', 'order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'option'])),
    medicationCodeableConcept: required(codeableConcept()),
    subject: required(literalReference('Patient')),
    encounter: optional(reference('Encounter')),
    authoredOn: optional(dateTime),
    requester: optional(reference('Practitioner', 'PractitionerRole', 'Organization')),
    groupIdentifier: optional(identifier),
    // Free-text dosage only ("1 comprimé matin et soir"), as written on the ordonnance.
    dosageInstruction: list(backboneElement({ sequence: optional(integer), text: optional(string), patientInstruction: optional(string) })),
  },
};
