import { ATC, ORDONNANCE_SYSTEM } from '../domain/systems.ts';
import type { Chart, Stay } from './chart.ts';
import { DAY, formatDateTime, HOUR } from './dates.ts';
import { reference } from './fhir.ts';
import type { SeedPractitioner } from './practitioners.ts';
import { MEDICATIONS, MEDICATIONS_BY_CONDITION, SYMPTOMATIC_MEDICATIONS, type MedicationEntry } from './tables/medications.ts';

/**
 * Prescriptions: one MedicationRequest per line, the lines of one ordonnance sharing its
 * groupIdentifier. The treating doctor renews the treatment of chronic conditions; a unit
 * doctor writes a discharge ordonnance after many stays. Nothing the patient is allergic
 * or intolerant to is prescribed.
 */
export function writePrescriptions(chart: Chart): void {
  writeRenewal(chart);
  for (const stay of chart.stays) {
    if (!stay.cancelled && stay.unit.kind.establishment === 'clinic' && chart.random.chance(0.5)) writeDischarge(chart, stay);
  }
  if (chart.pregnancy) writeOrdonnance(chart, [FOLIC_ACID], chart.person.treatingDoctor, undefined, chart.pregnancy.since);
}

const FOLIC_ACID = MEDICATIONS.find((entry) => entry.atc === 'B03BB01')!;
const POST_OPERATIVE = MEDICATIONS.find((entry) => entry.atc === 'B01AB05')!;

/** The treating doctor's ordonnance for chronic conditions, written in the last months. */
function writeRenewal(chart: Chart): void {
  const { random, person } = chart;
  const lines: MedicationEntry[] = [];
  for (const code of chart.conditionCodes) {
    const options = MEDICATIONS_BY_CONDITION.get(code)?.filter((entry) => !entry.shortCourse && allowed(chart, entry));
    if (!options || options.length === 0) continue;
    const entry = random.pick(options);
    // One drug per therapeutic class (ATC level 4): no two proton-pump inhibitors.
    if (!lines.some((line) => line.atc.slice(0, 5) === entry.atc.slice(0, 5))) lines.push(entry);
  }
  if (lines.length === 0 || !person.treatingDoctor) return;
  // Renewed every three months: the last renewal is recent.
  const authored = chart.officeHours(Math.max(chart.start, chart.end - random.real(2, 88) * DAY));
  writeOrdonnance(chart, lines.slice(0, 6), person.treatingDoctor, undefined, authored);
}

/** After a stay or visit: something for the diagnosis when there is a drug for it, and for pain. */
function writeDischarge(chart: Chart, stay: Stay): void {
  const { random } = chart;
  const lines: MedicationEntry[] = [];
  const diagnosed = chart.entries.find((entry) => entry.resource.resourceType === 'Condition' && entry.resource.encounter?.reference === `Encounter/${stay.id}`)
    ?.resource as fhir4.Condition | undefined;
  const code = diagnosed?.code?.coding?.[0]?.code;
  const treatments = code ? MEDICATIONS_BY_CONDITION.get(code)?.filter((entry) => allowed(chart, entry)) : undefined;
  if (treatments && treatments.length > 0) lines.push(random.pick(treatments));
  const surgical = /Chirurgie/.test(stay.unit.name);
  if (surgical && stay.classCode === 'IMP' && allowed(chart, POST_OPERATIVE)) lines.push(POST_OPERATIVE);
  for (let i = random.int(surgical ? 1 : 0, 2); i > 0; i--) {
    const entry = random.pick(SYMPTOMATIC_MEDICATIONS);
    if (!lines.includes(entry) && allowed(chart, entry)) lines.push(entry);
  }
  if (lines.length === 0) return;
  const authored = Math.min(stay.end ?? chart.end, stay.start + random.real(1, 48) * HOUR, chart.group.now);
  writeOrdonnance(chart, lines, stay.attending, stay, authored);
}

function allowed(chart: Chart, entry: MedicationEntry): boolean {
  return !chart.avoidAtc.some((prefix) => entry.atc.startsWith(prefix));
}

function writeOrdonnance(chart: Chart, lines: MedicationEntry[], prescriber: SeedPractitioner | undefined, stay: Stay | undefined, authored: number): void {
  if (!prescriber || lines.length === 0) return;
  const { random } = chart;
  const year = formatDateTime(authored).slice(0, 4);
  const groupIdentifier = { system: ORDONNANCE_SYSTEM, value: `ORD-${year}-${random.uuid().slice(0, 13).replace('-', '').toUpperCase()}` };
  // Short courses end within weeks; a treatment is renewed until a doctor stops it, or the patient dies.
  const ended = chart.death !== undefined || chart.group.now - authored > 90 * DAY;
  const establishmentId = stay?.establishment.id ?? chart.person.establishment.id;
  for (const entry of lines) {
    const request: fhir4.MedicationRequest = {
      resourceType: 'MedicationRequest',
      id: random.uuid(),
      groupIdentifier: { ...groupIdentifier },
      status: ended || (entry.shortCourse && chart.group.now - authored > 15 * DAY) ? (chart.death ? 'stopped' : 'completed') : 'active',
      intent: 'order',
      medicationCodeableConcept: { text: entry.name, coding: [{ system: ATC, code: entry.atc }] },
      subject: chart.subject(),
      authoredOn: formatDateTime(authored),
      requester: reference('Practitioner', prescriber.id, prescriber.display),
      dosageInstruction: [{ text: entry.dosage }],
    };
    if (stay) request.encounter = reference('Encounter', stay.id);
    chart.add(request, establishmentId, authored);
  }
}
