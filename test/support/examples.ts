import * as examples from '../../src/domain/examples.ts';
import { CLINIC_ID, PRACTITIONER_ID, UNIT_ID } from './fixture.ts';

/** The domain's valid examples, pointing at the rows of the test fixture. */
const refs = { practitioner: PRACTITIONER_ID, unit: UNIT_ID, establishment: CLINIC_ID };

export const patientExample = (overrides: Partial<fhir4.Patient> = {}) => examples.patientExample(overrides, refs);
export const conditionExample = (patientId: string) => examples.conditionExample(patientId, refs);
export const encounterExample = (patientId: string) => examples.encounterExample(patientId, refs);
