import { LOINC, LOINC_PROGRESS_NOTE } from '../domain/systems.ts';
import type { Chart, Stay } from './chart.ts';
import { DAY, formatDateTime, MINUTE } from './dates.ts';
import { base64Text, coding, reference } from './fhir.ts';
import type { SeedPractitioner } from './practitioners.ts';
import { CONDITION_BY_CODE } from './tables/conditions.ts';
import {
  NOTES_CONSULTATION,
  NOTES_EMERGENCY,
  NOTES_LABORATORY,
  NOTES_MATERNITY,
  NOTES_MEDICINE,
  NOTES_NURSING,
  NOTES_NURSING_HOME,
  NOTES_NURSING_STAY,
  NOTES_SURGERY,
  fillNote,
} from './tables/notes.ts';

/**
 * Free-text notes (DocumentReference, text/plain): what doctors and nurses write during
 * stays and visits, and the allergy warnings that travel from chart to chart — the kind
 * of text the 2024 leak's sample was made of.
 */
export function writeNotes(chart: Chart): void {
  const { random } = chart;
  for (const stay of chart.stays) {
    if (stay.cancelled || !random.chance(stay.unit.kind.establishment === 'nursing-home' ? 1 : 0.5)) continue;
    const count = stay.unit.kind.establishment === 'nursing-home' ? random.int(1, 3) : 1;
    for (let i = 0; i < count; i++) writeStayNote(chart, stay);
  }
  const allergy = chart.allergyNotes[0];
  if (allergy && random.chance(0.5)) {
    const stay = chart.stays.find((candidate) => !candidate.cancelled);
    const author = stay?.attending ?? chart.person.treatingDoctor;
    const at = stay ? timeDuring(chart, stay) : chart.officeHours(Math.max(chart.start, chart.end - random.real(1, 300) * DAY));
    if (author) note(chart, `${allergy}.`, author, stay?.establishment.id ?? chart.person.establishment.id, at);
  }
}

function writeStayNote(chart: Chart, stay: Stay): void {
  const { random, person } = chart;
  const kind = stay.unit.kind;
  const byNurse = kind.establishment !== 'laboratory' && random.chance(0.3);
  const nurses = stay.unit.staff.filter((practitioner) => practitioner.kind === 'nurse' || practitioner.kind === 'midwife');
  const author = byNurse && nurses.length > 0 ? random.pick(nurses) : stay.attending;
  const templates = templatesFor(stay, author !== stay.attending);
  const known = [...chart.conditionCodes];
  const condition = known.length > 0 ? CONDITION_BY_CODE.get(random.pick(known))?.display : undefined;
  const text = fillNote(random.pick(templates), {
    female: person.sex === 'female',
    reason: stay.reason,
    ...(condition ? { condition } : {}),
    unit: stay.unit.name,
  });
  note(chart, text, author, stay.establishment.id, timeDuring(chart, stay));
}

/** A moment during the stay (or the visit), not after the chart's end. */
function timeDuring(chart: Chart, stay: Stay): number {
  const end = Math.min(stay.end ?? chart.group.now, chart.end);
  return Math.max(stay.start, Math.min(chart.random.dateBetween(stay.start, end), end - MINUTE));
}

/** What kind of note fits: who writes it, where, during what kind of encounter. */
function templatesFor(stay: Stay, byNurse: boolean): readonly string[] {
  const kind = stay.unit.kind;
  if (kind.establishment === 'nursing-home') return NOTES_NURSING_HOME;
  if (kind.establishment === 'laboratory') return NOTES_LABORATORY;
  if (byNurse) return stay.classCode === 'IMP' ? NOTES_NURSING_STAY : NOTES_NURSING;
  if (stay.classCode === 'EMER') return NOTES_EMERGENCY;
  if (kind.name === 'Maternité') return NOTES_MATERNITY;
  if (/Chirurgie/.test(kind.name)) return NOTES_SURGERY;
  return stay.classCode === 'AMB' ? NOTES_CONSULTATION : NOTES_MEDICINE;
}

function note(chart: Chart, text: string, author: SeedPractitioner, establishmentId: string, at: number): void {
  const document: fhir4.DocumentReference = {
    resourceType: 'DocumentReference',
    id: chart.random.uuid(),
    status: 'current',
    type: { coding: [coding(LOINC, LOINC_PROGRESS_NOTE, 'Progress note')], text: "Note d'évolution" },
    subject: chart.subject(),
    date: formatDateTime(at),
    author: [reference('Practitioner', author.id, author.display)],
    content: [{ attachment: { contentType: 'text/plain; charset=utf-8', language: 'fr-FR', data: base64Text(text) } }],
  };
  chart.add(document, establishmentId, at);
}
