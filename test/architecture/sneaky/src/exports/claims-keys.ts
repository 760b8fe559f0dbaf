import { PATIENT_DATA } from '../crypto/patient-data.ts';
export const claim = PATIENT_DATA;
