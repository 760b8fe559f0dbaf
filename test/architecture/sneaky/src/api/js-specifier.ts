import { patientById } from '../store/patient-rows/patients.js';
export const read = patientById;
