import { ACT_CODE, ATTENDER_CODE, PARTICIPATION_TYPE } from '../domain/systems.ts';
import type { Chart, Stay } from './chart.ts';
import { atParisHour, DAY, formatDateTime, HOUR, YEAR } from './dates.ts';
import { coding, reference } from './fhir.ts';
import type { SeedEstablishment, SeedUnit } from './group.ts';
import type { SeedPractitioner } from './practitioners.ts';
import { tableOf, type SeededRandom } from './random.ts';
import { UNIT_KINDS, caseFits, unitAdmits, type EncounterClass, type UnitCase } from './tables/units.ts';

/**
 * Stays and visits (Encounter) over the last ten years, in units of the patient's own
 * establishment and sometimes another one of the group, each with an attending
 * practitioner of that unit; a few in progress now. The death, when there is one, is
 * decided first so that nothing happens after it.
 */
const CLASS_DISPLAY: Record<EncounterClass, string> = { IMP: 'inpatient encounter', AMB: 'ambulatory', EMER: 'emergency' };
const CLASS_TABLES = new Map(UNIT_KINDS.map((kind) => [kind, tableOf(kind.classes)]));

export function writeStays(chart: Chart): void {
  decideDeath(chart);
  const planned = planStays(chart);
  placeInTime(chart, planned);
  for (const stay of chart.stays) {
    chart.add(encounterOf(chart, stay), stay.establishment.id, stay.end ?? stay.start);
  }
}

/** About 1–2 % of charts end in a death, mostly of old people; a quarter of nursing-home residents. */
function decideDeath(chart: Chart): void {
  const { person, random, group } = chart;
  const age = person.age;
  const probability = person.establishment.kind === 'nursing-home' ? 0.25 : age < 50 ? 0.002 : age < 70 ? 0.01 : age < 80 ? 0.03 : 0.08;
  if (!random.chance(probability)) return;
  const earliest = Math.max(group.now - 5 * YEAR, person.birthMs + DAY);
  chart.death = { at: random.dateBetween(earliest, group.now - DAY) };
}

interface PlannedStay {
  establishment: SeedEstablishment;
  unit: SeedUnit;
  /** A long-term stay (nursing home) that started before it is placed. */
  longTerm?: boolean;
}

function planStays(chart: Chart): PlannedStay[] {
  const { person, random } = chart;
  const home = person.establishment;
  const planned: PlannedStay[] = [];
  if (home.kind === 'nursing-home') {
    plan(chart, planned, home, true);
    for (let i = random.int(0, 2); i > 0; i--) plan(chart, planned, nearbyClinic(chart));
  } else if (home.kind === 'laboratory') {
    for (let i = random.int(1, 3); i > 0; i--) plan(chart, planned, home);
  } else {
    let count = 1;
    while (count < 6 && random.chance(0.45)) count++;
    if (person.age >= 70 && random.chance(0.4)) count++;
    // A clinic with no unit for this patient (a child, say) sends them to another one.
    for (let i = 0; i < count; i++) if (!plan(chart, planned, home)) plan(chart, planned, nearbyClinic(chart));
    if (random.chance(0.12)) plan(chart, planned, nearbyClinic(chart, home));
  }
  return planned;
}

function plan(chart: Chart, planned: PlannedStay[], establishment: SeedEstablishment | undefined, longTerm = false): boolean {
  const unit = establishment && chooseUnit(chart.random, establishment, chart.person.age, chart.person.sex);
  if (establishment && unit) planned.push({ establishment, unit, longTerm });
  return unit !== undefined;
}

/** Another clinic of the group, preferably in the same department, that can take this patient. */
function nearbyClinic(chart: Chart, except?: SeedEstablishment): SeedEstablishment | undefined {
  const { random, group, person } = chart;
  const clinics = group.establishments.filter(
    (e) => e.kind === 'clinic' && e !== except && e.units.some((unit) => unitAdmits(unit.kind, person.age, person.sex)),
  );
  if (clinics.length === 0) return undefined;
  const near = clinics.filter((e) => e.commune.department === person.home.commune.department);
  return random.pick(near.length > 0 && random.chance(0.8) ? near : clinics);
}

/** A unit that admits patients of this age and sex, drawn by how busy each unit is. */
function chooseUnit(random: SeededRandom, establishment: SeedEstablishment, age: number, sex: 'male' | 'female'): SeedUnit | undefined {
  let total = 0;
  for (const unit of establishment.units) if (unitAdmits(unit.kind, age, sex)) total += unit.kind.weight;
  if (total === 0) return undefined;
  let target = random.next() * total;
  for (const unit of establishment.units) {
    if (!unitAdmits(unit.kind, age, sex)) continue;
    target -= unit.kind.weight;
    if (target < 0) return unit;
  }
  return establishment.units.findLast((unit) => unitAdmits(unit.kind, age, sex));
}

/**
 * Spreads the stays over the patient's ten years, one after the other, with lengths that
 * suit each unit. A nursing-home resident lives there until death or now (and may go to a
 * clinic meanwhile); a living patient may be in a unit right now; a patient who dies
 * often dies during the last stay.
 */
function placeInTime(chart: Chart, planned: PlannedStay[]): void {
  const { random } = chart;
  const start = chart.start;
  const end = chart.end;
  if (planned.length === 0 || end - start < DAY) return;
  const sequential = planned.filter((plan) => !plan.longTerm);
  const starts = sequential.map(() => random.dateBetween(start, end)).sort((a, b) => a - b);
  let previousEnd = start - DAY;
  sequential.forEach((plan, i) => {
    const unitCase = caseFor(random, plan.unit, chart.person.age);
    const classCode = unitCase.classCode ?? random.draw(CLASS_TABLES.get(plan.unit.kind)!);
    const stayStart = arrival(random, Math.max(starts[i]!, previousEnd + DAY), classCode, plan.unit);
    if (stayStart >= end) return;
    const stayEnd = departure(random, stayStart, plan.unit, classCode);
    // Running past the end: still there now, or there when death came.
    const stay = newStay(random, plan, unitCase, classCode, stayStart, stayEnd < end ? stayEnd : chart.death ? end : undefined);
    chart.stays.push(stay);
    previousEnd = stay.end ?? end;
  });
  for (const plan of planned.filter((p) => p.longTerm)) {
    const stayStart = arrival(random, Math.max(start, end - lengthOf(random, plan.unit, 'IMP')), 'IMP', plan.unit);
    chart.stays.push(
      newStay(random, plan, caseFor(random, plan.unit, chart.person.age), 'IMP', Math.min(stayStart, end - HOUR), chart.death ? end : undefined),
    );
  }
  chart.stays.sort((a, b) => a.start - b.start);
  if (chart.death)
    dieDuringLastStay(
      chart,
      planned.some((plan) => plan.longTerm),
    );
  else if (random.chance(0.005)) admitNow(chart);
}

/** What brought the patient: one of the unit's cases that fits their age. */
function caseFor(random: SeededRandom, unit: SeedUnit, age: number): UnitCase {
  const fitting = unit.kind.cases.filter((unitCase) => caseFits(unitCase, age));
  return random.pick(fitting.length > 0 ? fitting : unit.kind.cases);
}

/** Admissions and visits happen in the daytime; emergencies at any hour. */
function arrival(random: SeededRandom, day: number, classCode: EncounterClass, unit: SeedUnit): number {
  if (classCode === 'EMER') return day;
  // Samples are taken in the morning, most of them fasting.
  if (unit.kind.establishment === 'laboratory') return atParisHour(day, random.real(7, 11.5));
  return atParisHour(day, classCode === 'IMP' ? random.real(7.5, 19) : random.real(7.5, 15.5));
}

/** Visits last hours; inpatients leave on the last day of the stay, late morning or afternoon. */
function departure(random: SeededRandom, start: number, unit: SeedUnit, classCode: EncounterClass): number {
  if (classCode !== 'IMP') return start + lengthOf(random, unit, classCode);
  const [min, max] = unit.kind.stayDays;
  const day = start + random.int(Math.max(1, min), Math.max(1, max)) * DAY;
  return Math.max(start + 2 * HOUR, atParisHour(day, random.real(10, 17)));
}

function newStay(random: SeededRandom, plan: PlannedStay, unitCase: UnitCase, classCode: EncounterClass, start: number, end: number | undefined): Stay {
  return {
    id: random.uuid(),
    establishment: plan.establishment,
    unit: plan.unit,
    classCode,
    start,
    ...(end === undefined ? {} : { end }),
    attending: attendingOf(random, plan.unit, classCode),
    reason: unitCase.reason,
    diagnoses: unitCase.diagnoses,
    cancelled: classCode === 'AMB' && end !== undefined && random.chance(0.02),
  };
}

/** Most deaths happen in an establishment: in the nursing home, or during a last inpatient stay. */
function dieDuringLastStay(chart: Chart, resident: boolean): void {
  const death = chart.death!;
  const candidates = chart.stays.filter((stay) => stay.classCode === 'IMP' && !stay.cancelled);
  const last = resident ? candidates.find((stay) => stay.unit.kind.establishment === 'nursing-home') : candidates.at(-1);
  if (!last || last.end === undefined || !chart.random.chance(resident ? 0.85 : 0.6)) return;
  const later = chart.stays.filter((stay) => stay !== last && (stay.end ?? stay.start) > last.start);
  if (!resident && later.length > 0) return;
  last.start = Math.max(last.start, death.at - (last.end - last.start));
  last.end = death.at;
  death.stay = last;
}

/** Someone in a unit right now: admitted within the usual length of stay, not yet discharged. */
function admitNow(chart: Chart): void {
  const last = chart.stays.at(-1);
  if (!last || last.end === undefined || last.establishment.kind !== 'clinic' || last.cancelled) return;
  const previous = chart.stays.at(-2);
  const admitted = chart.group.now - chart.random.real(0.05, 1) * lengthOf(chart.random, last.unit, last.classCode);
  if (admitted <= (previous?.end ?? chart.start) || admitted <= last.start) return;
  last.start = admitted;
  delete last.end;
}

function lengthOf(random: SeededRandom, unit: SeedUnit, classCode: EncounterClass): number {
  if (classCode === 'EMER') return random.real(2, 9) * HOUR;
  if (classCode === 'AMB') return unit.kind.establishment === 'laboratory' ? random.real(0.1, 0.5) * HOUR : random.real(0.5, 5) * HOUR;
  const [min, max] = unit.kind.stayDays;
  return random.int(Math.max(1, min), Math.max(1, max)) * DAY + random.real(-4, 6) * HOUR;
}

/** The attending: a doctor of the unit, a biologist in the laboratory, often a midwife in a maternity. */
function attendingOf(random: SeededRandom, unit: SeedUnit, classCode: EncounterClass): SeedPractitioner {
  const { midwives, doctors, biologists } = staffOf(unit);
  if (midwives.length > 0 && random.chance(classCode === 'AMB' ? 0.7 : 0.4)) return random.pick(midwives);
  if (doctors.length > 0) return random.pick(doctors);
  return random.pick(biologists.length > 0 ? biologists : unit.staff);
}

const staffByUnit = new WeakMap<SeedUnit, Record<'midwives' | 'doctors' | 'biologists', SeedPractitioner[]>>();
function staffOf(unit: SeedUnit): Record<'midwives' | 'doctors' | 'biologists', SeedPractitioner[]> {
  let staff = staffByUnit.get(unit);
  if (!staff) {
    staff = {
      midwives: unit.staff.filter((p) => p.kind === 'midwife'),
      doctors: unit.staff.filter((p) => p.kind === 'doctor'),
      biologists: unit.staff.filter((p) => p.kind === 'biologist'),
    };
    staffByUnit.set(unit, staff);
  }
  return staff;
}

function encounterOf(chart: Chart, stay: Stay): fhir4.Encounter {
  const encounter: fhir4.Encounter = {
    resourceType: 'Encounter',
    id: stay.id,
    status: stay.cancelled ? 'cancelled' : stay.end === undefined ? 'in-progress' : 'finished',
    class: coding(ACT_CODE, stay.classCode, CLASS_DISPLAY[stay.classCode]),
    subject: chart.subject(),
    period: stay.end === undefined ? { start: formatDateTime(stay.start) } : { start: formatDateTime(stay.start), end: formatDateTime(stay.end) },
    serviceProvider: reference('Organization', stay.unit.id, stay.unit.name),
    participant: [
      {
        type: [{ coding: [coding(PARTICIPATION_TYPE, ATTENDER_CODE, 'attender')] }],
        individual: reference('Practitioner', stay.attending.id, stay.attending.display),
      },
    ],
    reasonCode: [{ text: stay.reason }],
  };
  return encounter;
}
