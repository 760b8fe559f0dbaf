import { ACT_CODE, ENCOUNTER_CLASSES } from '../systems.ts';
import { codeIn, list, optional, required } from './checks.ts';
import { backboneElement, codeableConcept, coding, literalReference, period, reference } from './datatypes.ts';
import { commonElements, type ResourceRules } from './resource.ts';

/** Stays and visits: status, class (IMP, AMB, EMER), the unit that provides it, the attending. */
export const encounterRules: ResourceRules = {
  type: 'Encounter',
  elements: {
    ...commonElements(),
    status: required(codeIn(['in-progress', 'finished', 'cancelled'])),
    class: required(coding({ system: ACT_CODE, codes: ENCOUNTER_CLASSES, required: true })),
    subject: required(literalReference('Patient')),
    period: optional(period),
    serviceProvider: optional(reference('Organization')),
    participant: list(
      backboneElement({
        type: list(codeableConcept()),
        period: optional(period),
        individual: optional(reference('Practitioner', 'PractitionerRole')),
      }),
    ),
    reasonCode: list(codeableConcept()),
  },
};
