import { randomUUID } from 'node:crypto';
import { patientSearchTerms } from '../../src/crypto/blind-index.ts';
import { sealResource } from '../../src/gate/codec.ts';
import { inGate } from '../../src/gate/gate-role.ts';
import { insertCareLinks } from '../../src/store/patient-rows/care-links.ts';
import { insertPatients } from '../../src/store/patient-rows/patients.ts';
import type { Store } from '../../src/runtime/open-store.ts';
import { patientExample } from './examples.ts';
import { CLINIC_ID, UNIT_ID } from './fixture.ts';

/** A patient of the fixture's clinic, sealed and indexed as the store keeps it (no identifier: found by names and birth date). */
export function patientRow(store: Store, id: string, family: string, given: string, birthDate: string) {
  const patient = { ...patientExample({ name: [{ family, given: [given] }], birthDate }), id } as fhir4.Patient & { id: string };
  delete patient.identifier;
  return {
    id,
    establishmentId: CLINIC_ID,
    body: sealResource(store.keys, CLINIC_ID, patient),
    search: patientSearchTerms(store.keys.secret('index'), patient),
  };
}

/** `count` patients staying in the fixture's unit since yesterday, in id order (the order the unit's list pages them). */
export async function stayingInUnit(store: Store, count: number, family: string): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID()).sort();
  const startsAt = new Date(Date.now() - 86_400_000).toISOString();
  await inGate(store.db, async (tx) => {
    await insertPatients(
      tx,
      ids.map((id) => patientRow(store, id, family, 'Marie', '1980-05-05')),
    );
    await insertCareLinks(
      tx,
      ids.map((patientId) => ({ sourceId: randomUUID(), kind: 'stay' as const, patientId, establishmentId: CLINIC_ID, unitId: UNIT_ID, startsAt })),
    );
  });
  return ids;
}
