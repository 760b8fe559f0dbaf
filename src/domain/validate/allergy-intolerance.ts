import { ALLERGY_CLINICAL, ALLERGY_VERIFICATION } from '../systems.ts';
import { codeIn, dateTime, list, optional, required, string } from './checks.ts';
import { annotation, backboneElement, codeableConcept, literalReference } from './datatypes.ts';
import { commonElements, type ResourceRules } from './resource.ts';

/** Allergies and intolerances: the substance (text, optional ATC coding) and the reactions. */
export const allergyIntoleranceRules: ResourceRules = {
  type: 'AllergyIntolerance',
  elements: {
    ...commonElements(),
    clinicalStatus: optional(codeableConcept({ system: ALLERGY_CLINICAL, codes: ['active', 'inactive', 'resolved'], required: true })),
    verificationStatus: optional(
      codeableConcept({ system: ALLERGY_VERIFICATION, codes: ['unconfirmed', 'confirmed', 'refuted', 'entered-in-error'], required: true }),
    ),
    type: optional(codeIn(['allergy', 'intolerance'])),
    category: list(codeIn(['food', 'medication', 'environment', 'biologic'])),
    criticality: optional(codeIn(['low', 'high', 'unable-to-assess'])),
    code: required(codeableConcept()),
    patient: required(literalReference('Patient')),
    recordedDate: optional(dateTime),
    reaction: list(
      backboneElement({
        substance: optional(codeableConcept()),
        manifestation: list(codeableConcept(), { required: true }),
        description: optional(string),
        onset: optional(dateTime),
        severity: optional(codeIn(['mild', 'moderate', 'severe'])),
        note: list(annotation),
      }),
    ),
    note: list(annotation),
  },
};
