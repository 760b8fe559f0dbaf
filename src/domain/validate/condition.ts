import { CONDITION_CATEGORY, CONDITION_CLINICAL } from '../systems.ts';
import { dateTime, list, optional, required } from './checks.ts';
import { codeableConcept, literalReference, reference } from './datatypes.ts';
import { commonElements, type ResourceRules } from './resource.ts';

/** History and diagnoses, coded in CIM-10 (ICD-10). */
export const conditionRules: ResourceRules = {
  type: 'Condition',
  elements: {
    ...commonElements(),
    clinicalStatus: optional(codeableConcept({ system: CONDITION_CLINICAL, codes: ['active', 'resolved'], required: true })),
    category: list(codeableConcept({ system: CONDITION_CATEGORY, codes: ['problem-list-item', 'encounter-diagnosis'] })),
    code: required(codeableConcept()),
    subject: required(literalReference('Patient')),
    encounter: optional(reference('Encounter')),
    onsetDateTime: optional(dateTime),
    recordedDate: optional(dateTime),
  },
};
