export const read = async (id: string) => (await import('../store/patient-rows.ts')).patientById(id);
