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
  return { ...content, meta: metaOf(row) };
}

/** A resource disclosed as JSON text, with its version for the answer's headers. */
export interface ResourceJson {
  json: string;
  versionId?: string | undefined;
  lastUpdated?: string | undefined;
}

/**
 * What openResource gives, as the text a read answers: the decrypted content with `meta`
 * added last, never parsed and printed again (about a tenth of a Patient read's time on
 * the server). The content was sealed as a JSON object without `meta` (sealResource).
 */
export function openResourceJson(keys: KeyRing, resourceType: string, row: PatientRow): ResourceJson {
  const content = patientData(keys).decrypt(aadOf(resourceType, row.id), row.body).toString('utf8');
  if (!content.startsWith('{"') || !content.endsWith('}')) throw new Error(`${resourceType}/${row.id} is not a sealed resource`);
  const meta = metaOf(row);
  return { json: `${content.slice(0, -1)},"meta":${JSON.stringify(meta)}}`, ...meta };
}

export const resourceJsonOf = (resource: fhir4.Resource): ResourceJson => ({
  json: JSON.stringify(resource),
  versionId: resource.meta?.versionId,
  lastUpdated: resource.meta?.lastUpdated,
});

const metaOf = (row: PatientRow) => ({ versionId: String(row.version), lastUpdated: new Date(row.updated_at).toISOString() });

/** Free text about a patient (a break-glass reason, its review's note), sealed like the record. */
export const sealPatientText = (keys: KeyRing, establishmentId: string, aad: string, text: string): Buffer =>
  patientData(keys).forEstablishment(establishmentId).encrypt(aad, Buffer.from(text, 'utf8'));

export const openPatientText = (keys: KeyRing, aad: string, blob: Uint8Array): string => patientData(keys).decrypt(aad, blob).toString('utf8');

export const patientData = (keys: KeyRing) => keys.patientCipher(PATIENT_DATA);

/** The current keys of some scopes, establishments' included, for the seed's worker thread that seals synthetic records. */
export const sealingKeys = (keys: KeyRing, scopes: readonly KeyScope[]) => keys.currentKeys(scopes, PATIENT_DATA);

const aadOf = (resourceType: string, id: string) => `${resourceType}/${id}`;
