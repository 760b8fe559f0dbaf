/**
 * The claim to a key ring's patient data: whoever holds this symbol may open what the
 * establishments' keys sealed (`KeyRing.patientCipher`). Only the gate imports it
 * (test/architecture.test.ts): every other module's ring opens accounts' secrets, keys
 * blind indexes and marks exports, and refuses a patient ciphertext at run time.
 */
export const PATIENT_DATA: unique symbol = Symbol('patient data');
