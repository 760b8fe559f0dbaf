export const PATIENT_DATA: unique symbol = Symbol('patient data');
