import { checkNir } from '../nir.ts';
import { COVERAGE_KINDS, COVERAGE_KIND_SYSTEM } from '../systems.ts';
import { codeIn, isObject, list, optional, report, required, string, type Invariant } from './checks.ts';
import { codeableConcept, literalReference, period, reference } from './datatypes.ts';
import { commonElements, type ResourceRules } from './resource.ts';

/** For the statutory insurance (AMO) the subscriber id is the insured person's NIR. */
const amoSubscriberIsNir: Invariant = (coverage, at, context) => {
  const codings = isObject(coverage.type) && Array.isArray(coverage.type.coding) ? coverage.type.coding : [];
  const isAmo = codings.some((coding) => isObject(coding) && coding.system === COVERAGE_KIND_SYSTEM && coding.code === 'AMO');
  if (!isAmo || typeof coverage.subscriberId !== 'string') return;
  const nir = checkNir(coverage.subscriberId);
  if (!nir.ok) report(context, 'value', `${at}.subscriberId`, `An AMO subscriberId is a NIR, and this one is not valid: ${nir.reason}`);
};

/** Insurers: the AMO (a CPAM) and the AMC (mutuelle). */
export const coverageRules: ResourceRules = {
  type: 'Coverage',
  elements: {
    ...commonElements(),
    status: required(codeIn(['active', 'cancelled', 'draft', 'entered-in-error'])),
    type: optional(codeableConcept({ system: COVERAGE_KIND_SYSTEM, codes: COVERAGE_KINDS })),
    subscriberId: optional(string),
    beneficiary: required(literalReference('Patient')),
    period: optional(period),
    payor: list(reference('Organization', 'Patient', 'RelatedPerson'), { required: true }),
  },
  invariants: [amoSubscriberIsNir],
};
