import { INS_NIR_SYSTEM } from '../../src/domain/systems.ts';
import { PRACTITIONER_ID, UNIT_ID } from './fixture.ts';

/** A complete synthetic patient (every field of DESIGN.md "The data"); the NIR key is valid. */
export function patientExample(overrides: Partial<fhir4.Patient> = {}): fhir4.Patient {
  return {
    resourceType: 'Patient',
    name: [
      { use: 'official', family: 'Lefèvre', given: ['Camille', 'Marie'] },
      { use: 'usual', family: 'Delaunay-Lefèvre' },
    ],
    gender: 'female',
    birthDate: '1992-02-14',
    identifier: [{ use: 'official', system: INS_NIR_SYSTEM, value: '292021305504274' }],
    address: [{ use: 'home', line: ['12 rue des Lilas'], city: 'Marseille', postalCode: '13005', country: 'FRA' }],
    telecom: [
      { system: 'phone', value: '+33 6 12 34 56 78', use: 'mobile' },
      { system: 'email', value: 'camille.lefevre@example.org' },
    ],
    generalPractitioner: [{ reference: `Practitioner/${PRACTITIONER_ID}` }],
    ...overrides,
  };
}

export function conditionExample(patientId: string): fhir4.Condition {
  return {
    resourceType: 'Condition',
    subject: { reference: `Patient/${patientId}` },
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'I10', display: 'Hypertension essentielle' }] },
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
    recordedDate: '2024-03-01',
  };
}

export function encounterExample(patientId: string): fhir4.Encounter {
  return {
    resourceType: 'Encounter',
    status: 'in-progress',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
    subject: { reference: `Patient/${patientId}` },
    period: { start: '2026-11-20T08:00:00+01:00' },
    serviceProvider: { reference: `Organization/${UNIT_ID}` },
    participant: [
      {
        type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'ATND' }] }],
        individual: { reference: `Practitioner/${PRACTITIONER_ID}` },
      },
    ],
  };
}
