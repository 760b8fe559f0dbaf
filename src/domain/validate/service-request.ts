import { codeIn, dateTime, list, optional, required } from './checks.ts';
import { codeableConcept, literalReference, period, reference } from './datatypes.ts';
import { commonElements, type ResourceRules } from './resource.ts';

/** Lab orders: a LOINC panel, who asked, which laboratory performs it. */
export const serviceRequestRules: ResourceRules = {
  type: 'ServiceRequest',
  elements: {
    ...commonElements(),
    status: required(codeIn(['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'])),
    intent: required(codeIn(['proposal', 'plan', 'directive', 'order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'option'])),
    category: list(codeableConcept()),
    code: required(codeableConcept()),
    subject: required(literalReference('Patient')),
    encounter: optional(reference('Encounter')),
    authoredOn: optional(dateTime),
    // For a referral: how long the practitioner it is addressed to follows the patient.
    occurrencePeriod: optional(period),
    requester: optional(reference('Practitioner', 'PractitionerRole', 'Organization')),
    performer: list(reference('Organization', 'Practitioner', 'PractitionerRole')),
  },
};
