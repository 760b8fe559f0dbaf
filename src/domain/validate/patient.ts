import {
  BIRTH_PLACE_EXT,
  DEATH_DECLARATION_EXT,
  IDENTITY_RELIABILITY_EXT,
  IDENTITY_STATUSES,
  IDENTITY_STATUS_SUB_EXT,
  IDENTITY_STATUS_SYSTEM,
} from '../systems.ts';
import { boolean, codeIn, compareDates, isObject, list, oneOf, optional, pastDate, pastDateTime, report, type Invariant } from './checks.ts';
import { address, codingIn, contactPoint, humanName, reference, referenceTarget } from './datatypes.ts';
import type { ExtensionRules } from './datatypes.ts';
import { complexExtension } from './extensions.ts';
import { ippNamesAnEstablishment, nirAgreesWithIdentity } from './patient-identity.ts';
import { commonElements, type ResourceRules } from './resource.ts';

/** Patient extensions of docs/data-model.md (FR Core and Vigie's death declaration). */
const patientExtensions: ExtensionRules = {
  [BIRTH_PLACE_EXT]: (ext, at, context) => {
    if (isObject(ext) && ext.valueAddress === undefined) report(context, 'required', `${at}.valueAddress`, 'The birth place is a valueAddress');
  },
  // INS status, Référentiel national d'identitovigilance: PROV, RECUP, VALI or QUAL.
  [IDENTITY_RELIABILITY_EXT]: complexExtension('identity-reliability', {
    [IDENTITY_STATUS_SUB_EXT]: { value: 'valueCoding', required: true, check: codingIn({ system: IDENTITY_STATUS_SYSTEM, codes: IDENTITY_STATUSES }) },
    validationDate: { value: 'valueDate' },
    validationMode: { value: 'valueCodeableConcept' },
  }),
  [DEATH_DECLARATION_EXT]: complexExtension('death-declaration', {
    place: { value: 'valueString' },
    certifier: { value: 'valueReference', check: referenceTarget('Practitioner') },
    declaredOn: { value: 'valueDateTime' },
  }),
};

const someNameHasFamily: Invariant = (patient, at, context) => {
  const names = Array.isArray(patient.name) ? patient.name : [];
  if (names.length > 0 && !names.some((name) => isObject(name) && typeof name.family === 'string')) {
    report(context, 'required', `${at}.name`, 'At least one name needs a family name');
  }
};

const deathAfterBirth: Invariant = (patient, at, context) => {
  const { birthDate, deceasedDateTime } = patient;
  if (typeof birthDate === 'string' && typeof deceasedDateTime === 'string' && compareDates(deceasedDateTime, birthDate) === -1) {
    report(context, 'invalid', [`${at}.deceasedDateTime`, `${at}.birthDate`], 'The patient cannot die before being born');
  }
};

export const patientRules: ResourceRules = {
  type: 'Patient',
  elements: {
    ...commonElements(patientExtensions),
    name: list(humanName, { required: true }),
    telecom: list(contactPoint),
    gender: optional(codeIn(['male', 'female', 'other', 'unknown'])),
    birthDate: optional(pastDate),
    deceasedBoolean: optional(boolean),
    deceasedDateTime: optional(pastDateTime),
    address: list(address),
    generalPractitioner: list(reference('Practitioner', 'PractitionerRole', 'Organization')),
    managingOrganization: optional(reference('Organization')),
  },
  invariants: [someNameHasFamily, oneOf(['deceasedBoolean', 'deceasedDateTime']), deathAfterBirth, nirAgreesWithIdentity, ippNamesAnEstablishment],
};
