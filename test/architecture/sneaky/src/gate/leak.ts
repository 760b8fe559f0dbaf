// A re-export from a gate file: the rows reachable from anywhere that may import the gate.
export { patientById } from '../store/patient-rows/patients.ts';
