import { ALLERGY_CLINICAL, ALLERGY_VERIFICATION, ATC, CONDITION_CATEGORY, CONDITION_CLINICAL, ICD10 } from '../domain/systems.ts';
import type { Chart, Stay } from './chart.ts';
import { DAY, formatDate, formatDateTime, HOUR, YEAR } from './dates.ts';
import { coding, concept, reference } from './fhir.ts';
import { weightedTable, type WeightedTable } from './random.ts';
import { ALLERGIES, TRAMADOL_ACUPAN, type AllergyEntry } from './tables/allergies.ts';
import { CONDITION_BY_CODE, CONDITIONS, conditionFits, type ConditionEntry } from './tables/conditions.ts';

/**
 * Health history: the problem list (chronic and past conditions, CIM-10), diagnoses made
 * during stays, and allergies and intolerances with their reactions.
 */
export function writeHistory(chart: Chart): void {
  writeProblemList(chart);
  for (const stay of chart.stays) writeDiagnosis(chart, stay);
  writeAllergies(chart);
}

/** How many conditions a person carries grows with age. */
function problemCount(chart: Chart): number {
  const { age } = chart.person;
  const [min, max] = age < 18 ? [0, 1] : age < 45 ? [0, 2] : age < 65 ? [1, 3] : age < 80 ? [2, 4] : [2, 5];
  return chart.random.int(min, max);
}

const tablesByAgeAndSex = new Map<number, WeightedTable<ConditionEntry>>();
/** The conditions that fit an age and sex, by weight; built once per (age, sex). */
function conditionTable(age: number, sex: 'male' | 'female'): WeightedTable<ConditionEntry> {
  const key = Math.min(age, 110) * 2 + (sex === 'female' ? 1 : 0);
  let table = tablesByAgeAndSex.get(key);
  if (!table) {
    table = weightedTable(
      CONDITIONS.filter((entry) => entry.weight > 0 && conditionFits(entry, age, sex)),
      (entry) => entry.weight,
    );
    tablesByAgeAndSex.set(key, table);
  }
  return table;
}

function writeProblemList(chart: Chart): void {
  const { random, person } = chart;
  const table = conditionTable(person.age, person.sex);
  for (let i = problemCount(chart); i > 0; i--) {
    const entry = random.draw(table);
    if (chart.conditionCodes.has(entry.code)) continue;
    // Onset some time after the age the condition appears at; recorded at a visit since.
    const earliest = person.birthMs + (entry.minAge ?? 0) * YEAR;
    const onset = Math.min(random.dateBetween(earliest, Math.max(earliest + DAY, chart.end - 30 * DAY)), chart.end - HOUR);
    const recorded = Math.max(onset, chart.officeHours(random.dateBetween(Math.max(onset, chart.start), chart.end)));
    const stay = chart.stays.find((candidate) => !candidate.cancelled && candidate.start >= recorded) ?? chart.stays.at(-1);
    const establishmentId = stay?.establishment.id ?? person.establishment.id;
    const active = entry.chronic ? random.chance(0.95) : recorded - onset < 60 * DAY && !chart.death;
    chart.conditionCodes.add(entry.code);
    chart.add(condition(chart, entry, 'problem-list-item', active, formatDate(onset), formatDateTime(recorded)), establishmentId, recorded);
  }
}

/** Most stays end with a diagnosis that explains why the patient came. */
function writeDiagnosis(chart: Chart, stay: Stay): void {
  const { random, person } = chart;
  if (stay.cancelled || stay.diagnoses.length === 0 || !random.chance(0.8)) return;
  const fitting = stay.diagnoses.map((code) => CONDITION_BY_CODE.get(code)!).filter((entry) => conditionFits(entry, person.age, person.sex));
  if (fitting.length === 0) return;
  const entry = random.pick(fitting);
  if (chart.conditionCodes.has(entry.code)) return;
  chart.conditionCodes.add(entry.code);
  const recorded = Math.min(stay.start + random.real(1, 20) * HOUR, stay.end ?? chart.end, chart.group.now);
  const active = entry.chronic || stay.end === undefined;
  const resource = condition(chart, entry, 'encounter-diagnosis', active, formatDateTime(stay.start), formatDateTime(recorded));
  resource.encounter = reference('Encounter', stay.id);
  chart.add(resource, stay.establishment.id, recorded);
}

function condition(chart: Chart, entry: ConditionEntry, category: string, active: boolean, onset: string, recorded: string): fhir4.Condition {
  return {
    resourceType: 'Condition',
    id: chart.random.uuid(),
    clinicalStatus: concept(CONDITION_CLINICAL, active ? 'active' : 'resolved'),
    category: [concept(CONDITION_CATEGORY, category)],
    code: { coding: [coding(ICD10, entry.code, entry.display)], text: entry.display },
    subject: chart.subject(),
    onsetDateTime: onset,
    recordedDate: recorded,
  };
}

const ALLERGY_TABLE = weightedTable(ALLERGIES, (entry) => entry.weight);
const TRAMADOL = ALLERGIES.find((entry) => entry.substance === TRAMADOL_ACUPAN.substances[0])!;
const ACUPAN = ALLERGIES.find((entry) => entry.substance === TRAMADOL_ACUPAN.substances[1])!;

/** About a quarter of charts record an allergy or intolerance; some carry the 2024 leak's tramadol/acupan pair. */
function writeAllergies(chart: Chart): void {
  const { random, person } = chart;
  if (!random.chance(0.25)) return;
  const stay = chart.stays.length > 0 ? random.pick(chart.stays) : undefined;
  const at = stay ? Math.min(stay.start + random.real(1, 12) * HOUR, chart.end) : random.dateBetween(chart.start, chart.end);
  const establishmentId = stay?.establishment.id ?? person.establishment.id;
  if (random.chance(0.08)) {
    for (const entry of [TRAMADOL, ACUPAN]) chart.add(allergy(chart, entry, 'vomissements', 'moderate', TRAMADOL_ACUPAN.note, at), establishmentId, at);
    chart.allergyNotes.push(TRAMADOL_ACUPAN.note);
    return;
  }
  const count = random.chance(0.2) ? 2 : 1;
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    const entry = random.draw(ALLERGY_TABLE);
    if (seen.has(entry.substance) || (entry.maxAge !== undefined && person.age > entry.maxAge)) continue;
    seen.add(entry.substance);
    const [reaction, severity] = random.pick(entry.reactions);
    const note = `${entry.type === 'allergy' ? 'Allergie' : 'Intolérance'} ${entry.substance} : ${reaction}`;
    chart.add(allergy(chart, entry, reaction, severity, note, at), establishmentId, at);
    chart.allergyNotes.push(note);
  }
}

function allergy(
  chart: Chart,
  entry: AllergyEntry,
  reaction: string,
  severity: 'mild' | 'moderate' | 'severe',
  note: string,
  at: number,
): fhir4.AllergyIntolerance {
  const { random } = chart;
  for (const prefix of entry.avoid ?? (entry.atc ? [entry.atc] : [])) chart.avoidAtc.push(prefix);
  const resource: fhir4.AllergyIntolerance = {
    resourceType: 'AllergyIntolerance',
    id: random.uuid(),
    clinicalStatus: concept(ALLERGY_CLINICAL, random.chance(0.95) ? 'active' : 'resolved'),
    verificationStatus: concept(ALLERGY_VERIFICATION, random.chance(0.7) ? 'confirmed' : 'unconfirmed'),
    type: entry.type,
    category: [entry.category],
    criticality: entry.criticality,
    code: entry.atc ? { text: entry.substance, coding: [coding(ATC, entry.atc, entry.substance)] } : { text: entry.substance },
    patient: chart.subject(),
    recordedDate: formatDateTime(at),
    reaction: [{ manifestation: [{ text: reaction }], severity }],
    note: [{ text: note }],
  };
  return resource;
}
