import {
  LOINC,
  LOINC_BLOOD_GROUP,
  LOINC_DELIVERY_DATE,
  LOINC_PREGNANCY_STATUS,
  OBSERVATION_CATEGORY,
  SNOMED,
  SNOMED_LABORATORY_PROCEDURE,
  SNOMED_NOT_PREGNANT,
  SNOMED_PREGNANT,
  UCUM,
} from '../domain/systems.ts';
import type { Chart, Stay } from './chart.ts';
import { atParisHour, DAY, formatDate, formatDateTime, HOUR, MINUTE } from './dates.ts';
import { coding, concept, reference } from './fhir.ts';
import type { SeedPractitioner } from './practitioners.ts';
import { weightedTable, type WeightedTable } from './random.ts';
import { BLOOD_GROUPS, LAB_PANELS, PANELS_FOR_CONDITION, RESULT_SHIFTS, type Analyte, type LabPanel } from './tables/lab.ts';

/**
 * Lab orders (ServiceRequest to the group's laboratory) and their results (Observation,
 * LOINC and UCUM), the blood group, and pregnancy. Orders come from stays, from visits to
 * the laboratory, and from the treating doctor for the follow-up of chronic conditions.
 */
export function writeLabResults(chart: Chart): void {
  for (const stay of chart.stays) {
    if (stay.cancelled) continue;
    if (stay.unit.kind.establishment === 'laboratory') {
      // The treating doctor wrote the order at the surgery some days before the sample.
      const doctor = chart.person.treatingDoctor;
      const authored = doctor ? chart.officeHours(stay.start - chart.random.int(1, 15) * DAY) : stay.start;
      writeOrder(chart, doctor ?? stay.attending, stay, drawPanels(chart, PANEL_TABLE, 1, 2), authored, stay.start);
    } else if (stay.classCode !== 'AMB' && chart.random.chance(0.6)) {
      const authored = stay.start + chart.random.real(0.5, 10) * HOUR;
      writeOrder(chart, stay.attending, stay, drawPanels(chart, STAY_PANEL_TABLE, 1, 2), authored, authored + chart.random.real(0.2, 2) * HOUR);
    }
  }
  writeFollowUpOrders(chart);
  writeBloodGroup(chart);
  writePregnancy(chart);
}

const PANEL_TABLE = weightedTable(LAB_PANELS, (panel) => panel.weight);
/** During a stay: blood count, electrolytes and kidneys, inflammation. */
const STAY_PANEL_TABLE = weightedTable(LAB_PANELS, (panel) => ({ '58410-2': 40, '24321-2': 40, '1988-5': 20, '24325-3': 5 })[panel.loinc] ?? 0);
const PANEL_BY_CODE = new Map(LAB_PANELS.map((panel) => [panel.loinc, panel]));
const CHECK_UP = [PANEL_BY_CODE.get('58410-2')!, PANEL_BY_CODE.get('24321-2')!];

function drawPanels(chart: Chart, table: WeightedTable<LabPanel>, min: number, max: number): LabPanel[] {
  const panels: LabPanel[] = [];
  for (let i = chart.random.int(min, max); i > 0; i--) {
    const panel = chart.random.draw(table);
    if (!panels.includes(panel)) panels.push(panel);
  }
  return panels;
}

/** The treating doctor checks chronic conditions (a diabetic's HbA1c) and, past forty, asks for a yearly check-up. */
function writeFollowUpOrders(chart: Chart): void {
  const { random, person } = chart;
  const doctor = person.treatingDoctor;
  if (!doctor) return;
  const since = Math.max(chart.start, chart.end - 2 * 365 * DAY);
  for (const code of chart.conditionCodes) {
    const panel = PANELS_FOR_CONDITION[code];
    if (panel && random.chance(0.7)) writeGpOrder(chart, doctor, [PANEL_BY_CODE.get(panel)!], random.dateBetween(since, chart.end));
  }
  if (person.age >= 40 && random.chance(0.3)) writeGpOrder(chart, doctor, CHECK_UP, random.dateBetween(since, chart.end));
}

/** Written at the surgery; the sample taken at the laboratory, in the morning, a few days later. */
function writeGpOrder(chart: Chart, doctor: SeedPractitioner, panels: LabPanel[], day: number): void {
  const authored = chart.officeHours(day);
  const sampled = Math.min(chart.end - MINUTE, atParisHour(authored + chart.random.int(1, 7) * DAY, chart.random.real(7, 11)));
  writeOrder(chart, doctor, undefined, panels, authored, Math.max(authored, sampled));
}

/**
 * One ServiceRequest per panel, addressed to the laboratory; results follow a few hours
 * later unless the sample is still being analysed (or the patient died first).
 */
function writeOrder(chart: Chart, requester: SeedPractitioner, stay: Stay | undefined, panels: LabPanel[], authored: number, sampled: number): void {
  const { random, group } = chart;
  const laboratory = group.laboratory;
  const at = Math.min(authored, chart.end - MINUTE);
  const collected = Math.max(at, sampled);
  const resultsDue = collected + random.real(1, 6) * HOUR;
  const done = resultsDue < chart.end;
  // A GP's order lives at the laboratory; a unit's order in the establishment that wrote it.
  const establishmentId = stay ? stay.establishment.id : laboratory.id;
  for (const panel of panels) {
    const id = random.uuid();
    const request: fhir4.ServiceRequest = {
      resourceType: 'ServiceRequest',
      id,
      status: done ? 'completed' : chart.death ? 'revoked' : 'active',
      intent: 'order',
      category: [concept(SNOMED, SNOMED_LABORATORY_PROCEDURE, 'Laboratory procedure')],
      code: { coding: [coding(LOINC, panel.loinc, panel.label)], text: panel.label },
      subject: chart.subject(),
      authoredOn: formatDateTime(at),
      requester: reference('Practitioner', requester.id, requester.display),
      performer: [reference('Organization', laboratory.id, laboratory.name)],
    };
    if (stay) request.encounter = reference('Encounter', stay.id);
    chart.add(request, establishmentId, at);
    if (!done) continue;
    for (const analyte of panel.analytes) chart.add(result(chart, analyte, id, collected), laboratory.id, resultsDue);
  }
}

function result(chart: Chart, analyte: Analyte, orderId: string, collected: number): fhir4.Observation {
  const value = valueOf(chart, analyte);
  const observation: fhir4.Observation = {
    resourceType: 'Observation',
    id: chart.random.uuid(),
    status: 'final',
    category: [concept(OBSERVATION_CATEGORY, 'laboratory', 'Laboratory')],
    code: { coding: [coding(LOINC, analyte.loinc, analyte.label)], text: analyte.label },
    subject: chart.subject(),
    basedOn: [reference('ServiceRequest', orderId)],
    effectiveDateTime: formatDateTime(collected),
    valueQuantity: quantity(analyte, value),
  };
  if (analyte.low !== undefined || analyte.high !== undefined) {
    const range: fhir4.ObservationReferenceRange = {};
    if (analyte.low !== undefined) range.low = quantity(analyte, analyte.low);
    if (analyte.high !== undefined) range.high = quantity(analyte, analyte.high);
    observation.referenceRange = [range];
  }
  return observation;
}

function quantity(analyte: Analyte, value: number): fhir4.Quantity {
  return { value, unit: analyte.unit, system: UCUM, code: analyte.ucum };
}

/** A plausible value: the usual distribution, or the one a condition of the patient gives, rounded as reported. */
function valueOf(chart: Chart, analyte: Analyte): number {
  let [mean, sd] = [analyte.mean, analyte.sd];
  for (const code of chart.conditionCodes) {
    const shift = RESULT_SHIFTS[code]?.[analyte.loinc];
    if (shift) {
      [mean, sd] = shift;
      break;
    }
  }
  if (analyte.sexShift) mean += chart.person.sex === 'male' ? analyte.sexShift : -analyte.sexShift;
  const scale = 10 ** analyte.decimals;
  const floor = Math.max(1 / scale, (analyte.low ?? mean) * 0.3);
  return Math.round(Math.max(floor, chart.random.normal(mean, sd)) * scale) / scale;
}

const BLOOD_GROUP_TABLE = weightedTable(BLOOD_GROUPS, (group) => group.weight);

/** Most charts know the blood group (ABO and Rh(D), typed by the laboratory). */
function writeBloodGroup(chart: Chart): void {
  const { random, group } = chart;
  if (!random.chance(0.85)) return;
  const first = chart.stays.find((stay) => !stay.cancelled);
  const at = first ? Math.min(first.start + random.real(1, 6) * HOUR, chart.end - MINUTE) : random.dateBetween(chart.start, chart.end);
  const bloodGroup = random.draw(BLOOD_GROUP_TABLE);
  const observation: fhir4.Observation = {
    resourceType: 'Observation',
    id: random.uuid(),
    status: 'final',
    category: [concept(OBSERVATION_CATEGORY, 'laboratory', 'Laboratory')],
    code: { coding: [coding(LOINC, LOINC_BLOOD_GROUP, 'ABO and Rh group [Type] in Blood')], text: 'Groupe sanguin ABO et Rhésus' },
    subject: chart.subject(),
    effectiveDateTime: formatDateTime(at),
    valueCodeableConcept: concept(SNOMED, bloodGroup.snomed, bloodGroup.display, bloodGroup.text),
  };
  chart.add(observation, group.laboratory.id, at);
}

/**
 * Some women of 18–45 are pregnant now (status and expected delivery date, as the 2021
 * laboratory leak exposed); some have a negative test recorded before surgery.
 */
function writePregnancy(chart: Chart): void {
  const { random, person, group } = chart;
  if (person.sex !== 'female' || person.age < 16 || person.age > 46 || chart.death) return;
  if (person.age >= 18 && person.age <= 45 && random.chance(0.05)) {
    const weeks = random.real(6, 38);
    const lastPeriod = group.now - weeks * 7 * DAY;
    const due = lastPeriod + 280 * DAY;
    const since = random.dateBetween(lastPeriod + 5 * 7 * DAY, group.now);
    chart.pregnancy = { since, due };
    const establishmentId = person.establishment.id;
    chart.add(pregnancyStatus(chart, true, since), establishmentId, since);
    chart.add(deliveryDate(chart, due, since), establishmentId, since);
    return;
  }
  const surgery = chart.stays.find((stay) => !stay.cancelled && /Chirurgie/.test(stay.unit.name));
  if (surgery && random.chance(0.5)) chart.add(pregnancyStatus(chart, false, surgery.start), surgery.establishment.id, surgery.start);
}

function pregnancyStatus(chart: Chart, pregnant: boolean, at: number): fhir4.Observation {
  return {
    resourceType: 'Observation',
    id: chart.random.uuid(),
    status: 'final',
    code: { coding: [coding(LOINC, LOINC_PREGNANCY_STATUS, 'Pregnancy status')], text: 'Statut de grossesse' },
    subject: chart.subject(),
    effectiveDateTime: formatDateTime(at),
    valueCodeableConcept: pregnant
      ? concept(SNOMED, SNOMED_PREGNANT, 'Pregnant', 'Enceinte')
      : concept(SNOMED, SNOMED_NOT_PREGNANT, 'Not pregnant', 'Pas de grossesse en cours'),
  };
}

function deliveryDate(chart: Chart, due: number, at: number): fhir4.Observation {
  return {
    resourceType: 'Observation',
    id: chart.random.uuid(),
    status: 'final',
    code: { coding: [coding(LOINC, LOINC_DELIVERY_DATE, 'Delivery date Estimated')], text: "Date prévue d'accouchement" },
    subject: chart.subject(),
    effectiveDateTime: formatDateTime(at),
    valueDateTime: formatDate(due),
  };
}
