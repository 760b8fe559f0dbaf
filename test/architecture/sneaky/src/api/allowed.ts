import type { patientById } from '../store/patient-rows.ts';
export type Reader = typeof patientById;
