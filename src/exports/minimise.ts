/**
 * Minimisation of exported resources (pseudonymised fields, the default): a patient is a
 * pseudonym, a sex, a birth year, a department and whether they died — no name, NIR or
 * other identifier, no contact, no address line, no birth date. Every resource's id and
 * every reference to a patient's data become that export's pseudonyms, so the resources
 * still link up; the directory (establishments, professionals) is public and stays.
 * Narrative and free-text notes go: they hold names.
 */
const DIRECTORY_TYPES = new Set(['Organization', 'Practitioner', 'PractitionerRole', 'Location']);
const DROPPED = new Set(['identifier', 'text', 'note', 'contained', 'meta']);

export type Pseudonymise = (id: string) => string;

export function minimised(resource: fhir4.Resource, pseudonym: Pseudonymise): fhir4.Resource {
  if (resource.resourceType === 'Patient') return minimisedPatient(resource as fhir4.Patient, pseudonym);
  const copy = rewritten(resource, pseudonym) as fhir4.Resource;
  if (copy.id) copy.id = pseudonym(copy.id);
  // A coverage's member number identifies its holder at the insurer.
  if (copy.resourceType === 'Coverage') delete (copy as fhir4.Coverage).subscriberId;
  return copy;
}

function minimisedPatient(patient: fhir4.Patient, pseudonym: Pseudonymise): fhir4.Patient {
  const department = departmentOf(patient.address?.[0]?.postalCode);
  const died = patient.deceasedBoolean === true || patient.deceasedDateTime !== undefined;
  return {
    resourceType: 'Patient',
    ...(patient.id ? { id: pseudonym(patient.id) } : {}),
    ...(patient.gender ? { gender: patient.gender } : {}),
    ...(patient.birthDate ? { birthDate: patient.birthDate.slice(0, 4) } : {}),
    ...(died ? { deceasedBoolean: true } : {}),
    ...(department ? { address: [{ district: department, country: 'FR' }] } : {}),
  };
}

/**
 * The department of a French postal code: two digits, three overseas (97x, 98x), and
 * Corsica's 2A (20000–20199) and 2B (20200–20699).
 */
export function departmentOf(postalCode: string | undefined): string | undefined {
  if (!postalCode || !/^\d{5}$/.test(postalCode)) return undefined;
  if (postalCode.startsWith('97') || postalCode.startsWith('98')) return postalCode.slice(0, 3);
  if (postalCode.startsWith('20')) return Number(postalCode) < 20200 ? '2A' : '2B';
  return postalCode.slice(0, 2);
}

/** A deep copy without the dropped elements, its references to patient data pseudonymised. */
function rewritten(value: unknown, pseudonym: Pseudonymise): unknown {
  if (Array.isArray(value)) return value.map((item) => rewritten(item, pseudonym));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  const toPatientData = typeof (value as { reference?: unknown }).reference === 'string' && !isDirectory((value as { reference: string }).reference);
  for (const [key, item] of Object.entries(value)) {
    // A reference's display names whom it points to.
    if (DROPPED.has(key) || (key === 'display' && toPatientData)) continue;
    out[key] = key === 'reference' && typeof item === 'string' ? reference(item, pseudonym) : rewritten(item, pseudonym);
  }
  return out;
}

const isDirectory = (text: string) => DIRECTORY_TYPES.has(text.split('/')[0] ?? '');

function reference(text: string, pseudonym: Pseudonymise): string {
  const [type, id, ...rest] = text.split('/');
  if (type && DIRECTORY_TYPES.has(type) && rest.length === 0) return text;
  // Anything but a plain Type/id (an absolute URL, say) becomes a pseudonym whole.
  return type && id && rest.length === 0 ? `${type}/${pseudonym(id)}` : pseudonym(text);
}
