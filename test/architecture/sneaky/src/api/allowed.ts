import type { patientById } from '../store/patient-rows/patients.ts';
export type Reader = typeof patientById;
