import { OBSERVATION_CATEGORY } from '../systems.ts';
import { codeIn, dateTime, isObject, list, oneOf, optional, report, required, string, type Invariant } from './checks.ts';
import { backboneElement, codeableConcept, literalReference, quantity, reference } from './datatypes.ts';
import { commonElements, type ResourceRules } from './resource.ts';

const OBSERVATION_CATEGORIES = ['social-history', 'vital-signs', 'imaging', 'laboratory', 'procedure', 'survey', 'exam', 'therapy', 'activity'];
const VALUES = ['valueQuantity', 'valueCodeableConcept', 'valueDateTime', 'valueString'];

/** A result without its number says nothing; a unit alone is not a value. */
const quantityHasValue: Invariant = (observation, at, context) => {
  if (isObject(observation.valueQuantity) && observation.valueQuantity.value === undefined) {
    report(context, 'required', `${at}.valueQuantity.value`, `${at}.valueQuantity needs a numeric value`);
  }
};

/** Lab results (LOINC + quantity), blood group and pregnancy (coded), expected delivery date. */
export const observationRules: ResourceRules = {
  type: 'Observation',
  elements: {
    ...commonElements(),
    status: required(codeIn(['registered', 'preliminary', 'final', 'amended', 'corrected', 'cancelled', 'entered-in-error', 'unknown'])),
    category: list(codeableConcept({ system: OBSERVATION_CATEGORY, codes: OBSERVATION_CATEGORIES })),
    code: required(codeableConcept(undefined, { requireCoding: true })),
    subject: required(literalReference('Patient')),
    basedOn: list(reference('ServiceRequest')),
    effectiveDateTime: optional(dateTime),
    valueQuantity: optional(quantity),
    valueCodeableConcept: optional(codeableConcept()),
    valueDateTime: optional(dateTime),
    valueString: optional(string),
    referenceRange: list(backboneElement({ low: optional(quantity), high: optional(quantity), text: optional(string) })),
  },
  invariants: [oneOf(VALUES, { required: true }), quantityHasValue],
};
