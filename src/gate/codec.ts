import type { KeyRing, KeyScope } from '../crypto/key-ring.ts';
import { PATIENT_DATA } from '../crypto/patient-data.ts';
import type { PatientRow } from '../store/patient-rows/patients.ts';

/**
 * Resource ⇄ ciphertext, under the establishment's key that only the gate may use. The
 * additional data names the row (type and id), so a blob moved to another row or another
 * type does not decrypt. `meta` is rebuilt from the row's columns: the version and time
 * the database holds are the truth.
 */
export function sealResource(keys: KeyRing, establishmentId: string, resource: { resourceType: string; id: string }): Buffer {
  const { meta: _meta, ...content } = resource as { meta?: unknown; resourceType: string; id: string };
  return patientData(keys).forEstablishment(establishmentId).encryptJson(aadOf(resource.resourceType, resource.id), content);
}

export function openResource<T extends fhir4.Resource>(keys: KeyRing, resourceType: string, row: PatientRow): T {
  const content = patientData(keys).decryptJson<T>(aadOf(resourceType, row.id), row.body);
  return { ...content, meta: { versionId: String(row.version), lastUpdated: new Date(row.updated_at).toISOString() } };
}

/** Free text about a patient (a break-glass reason, its review's note), sealed like the record. */
export const sealPatientText = (keys: KeyRing, establishmentId: string, aad: string, text: string): Buffer =>
  patientData(keys).forEstablishment(establishmentId).encrypt(aad, Buffer.from(text, 'utf8'));

export const openPatientText = (keys: KeyRing, aad: string, blob: Uint8Array): string => patientData(keys).decrypt(aad, blob).toString('utf8');

export const patientData = (keys: KeyRing) => keys.patientCipher(PATIENT_DATA);

/** The current keys of some scopes, establishments' included, for the seed's worker thread that seals synthetic records. */
export const sealingKeys = (keys: KeyRing, scopes: readonly KeyScope[]) => keys.currentKeys(scopes, PATIENT_DATA);

const aadOf = (resourceType: string, id: string) => `${resourceType}/${id}`;
