export const read = async (id: string) => (await import('../store/patient-rows/patients.ts')).patientById(id);
