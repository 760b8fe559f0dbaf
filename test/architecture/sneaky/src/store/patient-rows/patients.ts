export const patientById = (id: string) => id;
