import { makeFiness } from './finess.ts';
import {
  ACT_CODE,
  ALLERGY_CLINICAL,
  ALLERGY_VERIFICATION,
  ATC,
  ATTENDER_CODE,
  BIRTH_PLACE_EXT,
  COMMUNE_SYSTEM,
  CONDITION_CATEGORY,
  CONDITION_CLINICAL,
  COVERAGE_KIND_SYSTEM,
  ICD10,
  IDENTIFIER_TYPE_FR,
  IDENTIFIER_TYPE_V2,
  IDENTITY_RELIABILITY_EXT,
  IDENTITY_STATUS_SUB_EXT,
  IDENTITY_STATUS_SYSTEM,
  INSEE_CODE_EXT,
  INS_NIR_SYSTEM,
  INS_NIR_TYPE_CODE,
  IPP_TYPE_CODE,
  LOINC,
  LOINC_PROGRESS_NOTE,
  OBSERVATION_CATEGORY,
  ORDONNANCE_SYSTEM,
  PARTICIPATION_TYPE,
  SNOMED,
  SNOMED_LABORATORY_PROCEDURE,
  UCUM,
  ippSystem,
} from './systems.ts';

/**
 * Valid example resources, one function per type, each returning a fresh object (tests
 * may change it). Synthetic: the NIR has a valid key and agrees with sex and birth date,
 * but belongs to no one. Used by the validation tests and by the API tests.
 */

/** Ids the examples refer to; pass your own to point at rows that exist. */
export interface ExampleIds {
  patient: string;
  practitioner: string;
  unit: string;
  establishment: string;
  laboratory: string;
  encounter: string;
  serviceRequest: string;
}

export const EXAMPLE_IDS: Readonly<ExampleIds> = {
  patient: '0b6f3c52-6d0e-4c51-9a57-3f1f7e0a0001',
  practitioner: '0b6f3c52-6d0e-4c51-9a57-3f1f7e0a0002',
  unit: '0b6f3c52-6d0e-4c51-9a57-3f1f7e0a0003',
  establishment: '0b6f3c52-6d0e-4c51-9a57-3f1f7e0a0004',
  laboratory: '0b6f3c52-6d0e-4c51-9a57-3f1f7e0a0005',
  encounter: '0b6f3c52-6d0e-4c51-9a57-3f1f7e0a0006',
  serviceRequest: '0b6f3c52-6d0e-4c51-9a57-3f1f7e0a0007',
};

/** A woman born in Marseille (13055) in February 1992; NIR key 74. */
export const EXAMPLE_NIR = '292021305504274';
export const EXAMPLE_FINESS = makeFiness('13', 78901);

const ids = (overrides: Partial<ExampleIds>): ExampleIds => ({ ...EXAMPLE_IDS, ...overrides });
const patientRef = (id: string) => ({ reference: `Patient/${id}` });
const practitionerRef = (id: string) => ({ reference: `Practitioner/${id}`, display: 'Dr Jeanne Martin' });

export function patientExample(overrides: Partial<fhir4.Patient> = {}, refs: Partial<ExampleIds> = {}): fhir4.Patient {
  const { practitioner, establishment } = ids(refs);
  return {
    resourceType: 'Patient',
    extension: [
      {
        url: BIRTH_PLACE_EXT,
        valueAddress: {
          city: 'Marseille',
          country: 'FRA',
          extension: [{ url: INSEE_CODE_EXT, valueCoding: { system: COMMUNE_SYSTEM, code: '13055' } }],
        },
      },
      {
        url: IDENTITY_RELIABILITY_EXT,
        extension: [{ url: IDENTITY_STATUS_SUB_EXT, valueCoding: { system: IDENTITY_STATUS_SYSTEM, code: 'QUAL' } }],
      },
    ],
    identifier: [
      {
        use: 'official',
        type: { coding: [{ system: IDENTIFIER_TYPE_FR, code: INS_NIR_TYPE_CODE }] },
        system: INS_NIR_SYSTEM,
        value: EXAMPLE_NIR,
      },
      {
        use: 'usual',
        type: { coding: [{ system: IDENTIFIER_TYPE_V2, code: IPP_TYPE_CODE }] },
        system: ippSystem(EXAMPLE_FINESS),
        value: 'IPP-000123',
      },
    ],
    name: [
      { use: 'official', family: 'Lefèvre', given: ['Camille', 'Marie'] },
      { use: 'usual', family: 'Delaunay-Lefèvre', given: ['Camille'] },
    ],
    gender: 'female',
    birthDate: '1992-02-14',
    address: [{ use: 'home', line: ['12 rue des Lilas'], city: 'Marseille', postalCode: '13005', country: 'FRA' }],
    telecom: [
      { system: 'phone', value: '+33 6 12 34 56 78', use: 'mobile' },
      { system: 'email', value: 'camille.lefevre@example.org' },
    ],
    generalPractitioner: [practitionerRef(practitioner)],
    managingOrganization: { reference: `Organization/${establishment}` },
    ...overrides,
  };
}

export function encounterExample(patientId = EXAMPLE_IDS.patient, refs: Partial<ExampleIds> = {}): fhir4.Encounter {
  const { practitioner, unit } = ids(refs);
  return {
    resourceType: 'Encounter',
    status: 'in-progress',
    class: { system: ACT_CODE, code: 'IMP' },
    subject: patientRef(patientId),
    period: { start: '2024-11-18T08:00:00+01:00' },
    serviceProvider: { reference: `Organization/${unit}`, display: 'Cardiologie' },
    participant: [{ type: [{ coding: [{ system: PARTICIPATION_TYPE, code: ATTENDER_CODE }] }], individual: practitionerRef(practitioner) }],
    reasonCode: [{ text: 'Douleur thoracique' }],
  };
}

export function conditionExample(patientId = EXAMPLE_IDS.patient, refs: Partial<ExampleIds> = {}): fhir4.Condition {
  return {
    resourceType: 'Condition',
    clinicalStatus: { coding: [{ system: CONDITION_CLINICAL, code: 'active' }] },
    category: [{ coding: [{ system: CONDITION_CATEGORY, code: 'problem-list-item' }] }],
    code: { coding: [{ system: ICD10, code: 'I10', display: 'Hypertension essentielle (primitive)' }] },
    subject: patientRef(patientId),
    encounter: { reference: `Encounter/${ids(refs).encounter}` },
    onsetDateTime: '2019-06',
    recordedDate: '2024-03-01',
  };
}

export function allergyIntoleranceExample(patientId = EXAMPLE_IDS.patient): fhir4.AllergyIntolerance {
  return {
    resourceType: 'AllergyIntolerance',
    clinicalStatus: { coding: [{ system: ALLERGY_CLINICAL, code: 'active' }] },
    verificationStatus: { coding: [{ system: ALLERGY_VERIFICATION, code: 'confirmed' }] },
    type: 'intolerance',
    category: ['medication'],
    criticality: 'low',
    code: { text: 'tramadol', coding: [{ system: ATC, code: 'N02AX02', display: 'tramadol' }] },
    patient: patientRef(patientId),
    recordedDate: '2023-05-10',
    reaction: [{ manifestation: [{ text: 'vomissements' }], severity: 'moderate' }],
    note: [{ text: 'Intolérance tramadol et acupan : vomissements' }],
  };
}

export function medicationRequestExample(patientId = EXAMPLE_IDS.patient, refs: Partial<ExampleIds> = {}): fhir4.MedicationRequest {
  const { practitioner, encounter } = ids(refs);
  return {
    resourceType: 'MedicationRequest',
    groupIdentifier: { system: ORDONNANCE_SYSTEM, value: 'ORD-2024-000042' },
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: { text: 'Amlodipine 5 mg comprimé', coding: [{ system: ATC, code: 'C08CA01' }] },
    subject: patientRef(patientId),
    encounter: { reference: `Encounter/${encounter}` },
    authoredOn: '2024-11-18T10:30:00+01:00',
    requester: practitionerRef(practitioner),
    dosageInstruction: [{ text: '1 comprimé le matin pendant 3 mois' }],
  };
}

export function serviceRequestExample(patientId = EXAMPLE_IDS.patient, refs: Partial<ExampleIds> = {}): fhir4.ServiceRequest {
  const { practitioner, laboratory } = ids(refs);
  return {
    resourceType: 'ServiceRequest',
    status: 'active',
    intent: 'order',
    category: [{ coding: [{ system: SNOMED, code: SNOMED_LABORATORY_PROCEDURE, display: 'Laboratory procedure' }] }],
    code: { coding: [{ system: LOINC, code: '24323-8', display: 'Comprehensive metabolic panel' }] },
    subject: patientRef(patientId),
    authoredOn: '2024-11-18T09:00:00+01:00',
    requester: practitionerRef(practitioner),
    performer: [{ reference: `Organization/${laboratory}` }],
  };
}

/** A lab result: serum potassium, with its reference range. */
export function observationExample(patientId = EXAMPLE_IDS.patient, refs: Partial<ExampleIds> = {}): fhir4.Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'laboratory' }] }],
    code: { coding: [{ system: LOINC, code: '2823-3', display: 'Potassium [Moles/volume] in Serum or Plasma' }] },
    subject: patientRef(patientId),
    basedOn: [{ reference: `ServiceRequest/${ids(refs).serviceRequest}` }],
    effectiveDateTime: '2024-11-18T11:15:00+01:00',
    valueQuantity: { value: 4.2, unit: 'mmol/L', system: UCUM, code: 'mmol/L' },
    referenceRange: [{ low: { value: 3.5, unit: 'mmol/L', system: UCUM, code: 'mmol/L' }, high: { value: 5.0, unit: 'mmol/L', system: UCUM, code: 'mmol/L' } }],
  };
}

export function coverageExample(patientId = EXAMPLE_IDS.patient): fhir4.Coverage {
  return {
    resourceType: 'Coverage',
    status: 'active',
    type: { coding: [{ system: COVERAGE_KIND_SYSTEM, code: 'AMO' }] },
    subscriberId: EXAMPLE_NIR,
    beneficiary: patientRef(patientId),
    payor: [{ display: 'CPAM des Bouches-du-Rhône' }],
    period: { start: '2024-01-01' },
  };
}

/** A free-text note; `text` is stored as base64 UTF-8, as FHIR attachments are. */
export function documentReferenceExample(
  patientId = EXAMPLE_IDS.patient,
  refs: Partial<ExampleIds> = {},
  text = 'Patiente vue ce jour. Intolérance tramadol et acupan : vomissements.',
): fhir4.DocumentReference {
  return {
    resourceType: 'DocumentReference',
    status: 'current',
    type: { coding: [{ system: LOINC, code: LOINC_PROGRESS_NOTE, display: 'Progress note' }] },
    subject: patientRef(patientId),
    date: '2024-11-18T12:00:00+01:00',
    author: [practitionerRef(ids(refs).practitioner)],
    content: [{ attachment: { contentType: 'text/plain; charset=utf-8', data: Buffer.from(text, 'utf8').toString('base64') } }],
  };
}

/** A care team: the treating practitioner follows the patient for a bounded period (at most 90 days). */
export function careTeamExample(patientId = EXAMPLE_IDS.patient, refs: Partial<ExampleIds> = {}): fhir4.CareTeam {
  return {
    resourceType: 'CareTeam',
    status: 'active',
    name: 'Suivi cardiologique',
    subject: patientRef(patientId),
    period: { start: '2024-11-18', end: '2025-02-16' },
    participant: [{ member: practitionerRef(ids(refs).practitioner) }],
  };
}

/** One valid example of every type Vigie accepts in writes. */
export function everyExample(patientId = EXAMPLE_IDS.patient): fhir4.Resource[] {
  return [
    patientExample(),
    encounterExample(patientId),
    conditionExample(patientId),
    allergyIntoleranceExample(patientId),
    medicationRequestExample(patientId),
    serviceRequestExample(patientId),
    observationExample(patientId),
    coverageExample(patientId),
    documentReferenceExample(patientId),
    careTeamExample(patientId),
  ];
}
