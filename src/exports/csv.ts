/**
 * CSV for spreadsheets: one file per resource type, with fixed columns (the same for every
 * row, whatever the page), values from the resource as it leaves — pseudonymised or not,
 * the writer decides before. RFC 4180 quoting; and a cell a spreadsheet would run as a
 * formula (=, +, -, @, tab, carriage return first) is written as text, with a quote
 * before it (OWASP, CSV injection): an export must not become a way into the recipient's
 * computer.
 */
type Cell = string | number | boolean | undefined;
type Column = [header: string, value: (resource: never) => Cell];

const coding = (concept: fhir4.CodeableConcept | undefined) => concept?.coding?.[0];
const code = (concept: fhir4.CodeableConcept | undefined) => coding(concept)?.code;
const label = (concept: fhir4.CodeableConcept | undefined) => coding(concept)?.display ?? concept?.text;
const ref = (reference: fhir4.Reference | undefined) => reference?.reference?.split('/')[1];
const patient = (r: { subject?: fhir4.Reference; patient?: fhir4.Reference; beneficiary?: fhir4.Reference }) => ref(r.subject ?? r.patient ?? r.beneficiary);

/** The first columns of a coded resource: its id, its patient, the code and its label. */
function coded<T extends fhir4.Resource>(concept: (r: T) => fhir4.CodeableConcept | undefined): Column[] {
  return [
    ['id', (r: T) => r.id],
    ['patient', patient],
    ['code', (r: T) => code(concept(r))],
    ['label', (r: T) => label(concept(r))],
  ];
}

/** The columns of a resource over a period: its id, its patient, its status, the period's start and end. */
function spanning<T extends fhir4.Resource & { status?: string; period?: fhir4.Period }>(): Column[] {
  return [
    ['id', (r: T) => r.id],
    ['patient', patient],
    ['status', (r: T) => r.status],
    ['start', (r: T) => r.period?.start],
    ['end', (r: T) => r.period?.end],
  ];
}

const COLUMNS: Record<string, Column[]> = {
  Patient: [
    ['id', (r: fhir4.Patient) => r.id],
    ['family', (r: fhir4.Patient) => r.name?.[0]?.family],
    ['given', (r: fhir4.Patient) => r.name?.[0]?.given?.join(' ')],
    ['gender', (r: fhir4.Patient) => r.gender],
    ['birth', (r: fhir4.Patient) => r.birthDate],
    ['deceased', (r: fhir4.Patient) => r.deceasedBoolean ?? (r.deceasedDateTime ? true : undefined)],
    ['department', (r: fhir4.Patient) => r.address?.[0]?.district],
    ['postal_code', (r: fhir4.Patient) => r.address?.[0]?.postalCode],
    ['identifier', (r: fhir4.Patient) => r.identifier?.[0]?.value],
  ],
  Encounter: [...spanning<fhir4.Encounter>(), ['class', (r: fhir4.Encounter) => r.class?.code], ['unit', (r: fhir4.Encounter) => ref(r.serviceProvider)]],
  Condition: [
    ...coded((r: fhir4.Condition) => r.code),
    ['clinical_status', (r: fhir4.Condition) => code(r.clinicalStatus)],
    ['onset', (r: fhir4.Condition) => r.onsetDateTime],
  ],
  AllergyIntolerance: [
    ...coded((r: fhir4.AllergyIntolerance) => r.code),
    ['type', (r: fhir4.AllergyIntolerance) => r.type],
    ['criticality', (r: fhir4.AllergyIntolerance) => r.criticality],
    ['reaction', (r: fhir4.AllergyIntolerance) => label(r.reaction?.[0]?.manifestation?.[0])],
  ],
  MedicationRequest: [
    ...coded((r: fhir4.MedicationRequest) => r.medicationCodeableConcept),
    ['status', (r: fhir4.MedicationRequest) => r.status],
    ['authored', (r: fhir4.MedicationRequest) => r.authoredOn],
  ],
  ServiceRequest: [
    ...coded((r: fhir4.ServiceRequest) => r.code),
    ['status', (r: fhir4.ServiceRequest) => r.status],
    ['authored', (r: fhir4.ServiceRequest) => r.authoredOn],
  ],
  Observation: [
    ...coded((r: fhir4.Observation) => r.code),
    ['value', (r: fhir4.Observation) => r.valueQuantity?.value ?? r.valueString ?? code(r.valueCodeableConcept)],
    ['unit', (r: fhir4.Observation) => r.valueQuantity?.unit],
    ['effective', (r: fhir4.Observation) => r.effectiveDateTime],
  ],
  Coverage: [
    ['id', (r: fhir4.Coverage) => r.id],
    ['patient', patient],
    ['type', (r: fhir4.Coverage) => code(r.type)],
    ['payor', (r: fhir4.Coverage) => r.payor?.[0]?.display ?? ref(r.payor?.[0])],
    ['subscriber_id', (r: fhir4.Coverage) => r.subscriberId],
  ],
  DocumentReference: [...coded((r: fhir4.DocumentReference) => r.type), ['date', (r: fhir4.DocumentReference) => r.date]],
  CareTeam: spanning<fhir4.CareTeam>(),
};

const columnsOf = (type: string): Column[] => COLUMNS[type] ?? [['id', (r: fhir4.Resource) => r.id]];

/** The header line of a type's file. */
export const csvHeader = (type: string): string =>
  `${columnsOf(type)
    .map(([header]) => header)
    .join(',')}\r\n`;

/** Whether a cell that needs no quotes is quoted all the same (the export's fingerprint decides). */
export type QuoteChoice = (text: string) => boolean;

/** One resource as a CSV line of its type's columns. */
export function csvLine(resource: fhir4.Resource, quoted: QuoteChoice = () => false): string {
  return `${columnsOf(resource.resourceType)
    .map(([, value]) => cell(value(resource as never), quoted))
    .join(',')}\r\n`;
}

function cell(value: Cell, quoted: QuoteChoice): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  // A number is a number; a text a spreadsheet would take for a formula is made text.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return needsQuotes(text) || quoted(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180: a field with a quote, a comma or a line break must be quoted; any other may be. */
export const needsQuotes = (text: string) => /[",\r\n]/.test(text);
