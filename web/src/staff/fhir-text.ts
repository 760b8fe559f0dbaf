/** Words for FHIR values, as a chart shows them. Pure functions over the resources the API sent. */
export const ACCESS_BASIS = 'https://vigie.fr/fhir/StructureDefinition/access-basis';
export const INS_NIR = 'urn:oid:1.2.250.1.213.1.4.8';

export function nameOf(patient: fhir4.Patient): string {
  const name = patient.name?.find((n) => n.use === 'official') ?? patient.name?.[0];
  return [name?.family?.toUpperCase(), ...(name?.given ?? [])].filter(Boolean).join(' ') || '—';
}

export function conceptText(concept: fhir4.CodeableConcept | undefined): string {
  return concept?.text ?? concept?.coding?.[0]?.display ?? concept?.coding?.[0]?.code ?? '—';
}

export function codeOf(concept: fhir4.CodeableConcept | undefined): string | undefined {
  return concept?.coding?.[0]?.code;
}

export function nirOf(patient: fhir4.Patient): string | undefined {
  return patient.identifier?.find((id) => id.system === INS_NIR)?.value;
}

/** Why the reader may see this entry, as the gate decided and recorded it (src/api/fhir/bundle.ts): its kind and reason. */
export function basisOf(entry: fhir4.BundleEntry | undefined): { kind: string; reason: string } | undefined {
  const coding = entry?.search?.extension?.find((extension) => extension.url === ACCESS_BASIS)?.valueCoding;
  return coding?.code ? { kind: coding.code, reason: coding.display ?? '' } : undefined;
}

export function valueText(observation: fhir4.Observation): string {
  if (observation.valueQuantity) return `${observation.valueQuantity.value ?? ''} ${observation.valueQuantity.unit ?? ''}`.trim();
  if (observation.valueCodeableConcept) return conceptText(observation.valueCodeableConcept);
  if (observation.valueString !== undefined) return observation.valueString;
  if (observation.valueDateTime) return observation.valueDateTime.slice(0, 10);
  return '—';
}

/** A note's text: the attachment's base64 UTF-8 data. */
export function noteText(document: fhir4.DocumentReference): string {
  const data = document.content?.[0]?.attachment?.data;
  if (!data) return document.description ?? '';
  const bytes = Uint8Array.from(atob(data), (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

export function base64Text(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Newest first, by the date a resource is about. */
export function newestFirst<T>(items: readonly T[], dateOf: (item: T) => string | undefined): T[] {
  return [...items].sort((a, b) => (dateOf(b) ?? '').localeCompare(dateOf(a) ?? ''));
}

export function extensionValue(patient: fhir4.Patient, fragment: string): fhir4.Extension | undefined {
  return patient.extension?.find((extension) => extension.url.includes(fragment));
}
