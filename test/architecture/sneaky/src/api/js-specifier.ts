import { patientById } from '../store/patient-rows.js';
export const read = patientById;
