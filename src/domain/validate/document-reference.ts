import { codeIn, instant, list, optional, required } from './checks.ts';
import { attachment, backboneElement, codeableConcept, coding, literalReference, reference } from './datatypes.ts';
import { commonElements, type ResourceRules } from './resource.ts';

/** Free-text notes: a text/plain attachment, base64-encoded, with its author and date. */
export const documentReferenceRules: ResourceRules = {
  type: 'DocumentReference',
  elements: {
    ...commonElements(),
    status: required(codeIn(['current', 'superseded', 'entered-in-error'])),
    type: optional(codeableConcept()),
    subject: required(literalReference('Patient')),
    // FHIR R4 types DocumentReference.date as an instant: a full time with its zone.
    date: optional(instant),
    author: list(reference('Practitioner', 'PractitionerRole', 'Organization', 'Patient')),
    content: list(backboneElement({ attachment: required(attachment), format: optional(coding()) }), { required: true }),
  },
};
