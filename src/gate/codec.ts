import type { KeyRing } from '../crypto/key-ring.ts';
import { establishmentScope } from '../crypto/key-ring.ts';
import type { PatientRow } from '../store/patient-rows.ts';

/**
 * Resource ⇄ ciphertext. The additional data names the row (type and id), so a blob moved
 * to another row or another type does not decrypt. `meta` is rebuilt from the row's
 * columns: the version and time the database holds are the truth.
 */
export function sealResource(keys: KeyRing, establishmentId: string, resource: { resourceType: string; id: string }): Buffer {
  const { meta: _meta, ...content } = resource as { meta?: unknown; resourceType: string; id: string };
  return keys.encryptJson(establishmentScope(establishmentId), aadOf(resource.resourceType, resource.id), content);
}

export function openResource<T extends fhir4.Resource>(keys: KeyRing, resourceType: string, row: PatientRow): T {
  const content = keys.decryptJson<T>(aadOf(resourceType, row.id), row.body);
  return { ...content, meta: { versionId: String(row.version), lastUpdated: new Date(row.updated_at).toISOString() } };
}

const aadOf = (resourceType: string, id: string) => `${resourceType}/${id}`;
