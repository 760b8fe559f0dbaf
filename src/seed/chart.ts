import { atParisHour, MINUTE } from './dates.ts';
import { reference } from './fhir.ts';
import type { SeedEstablishment, SeedGroup, SeedUnit } from './group.ts';
import type { Person } from './person.ts';
import type { SeedPractitioner } from './practitioners.ts';
import type { SeededRandom } from './random.ts';
import type { EncounterClass } from './tables/units.ts';

/** The clinical resource types a patient record holds (docs/data-model.md). */
export type ClinicalResource =
  | fhir4.Encounter
  | fhir4.Condition
  | fhir4.AllergyIntolerance
  | fhir4.MedicationRequest
  | fhir4.ServiceRequest
  | fhir4.Observation
  | fhir4.Coverage
  | fhir4.DocumentReference;

/** A resource and the establishment whose key encrypts it: where it was written. */
export interface ChartEntry {
  resource: ClinicalResource;
  establishmentId: string;
}

/** A stay or visit, as the other parts of the chart need it. */
export interface Stay {
  id: string;
  establishment: SeedEstablishment;
  unit: SeedUnit;
  classCode: EncounterClass;
  start: number;
  /** Absent while the stay is in progress. */
  end?: number;
  attending: SeedPractitioner;
  reason: string;
  /** What may be diagnosed, given the reason (CIM-10 codes). */
  diagnoses: readonly string[];
  /** A visit booked and cancelled: on the chart, but nothing happened. */
  cancelled: boolean;
}

/** The death, when the patient died: when, where, who certified it. */
export interface Death {
  at: number;
  /** The stay during which the patient died, if in an establishment. */
  stay?: Stay;
}

/**
 * One patient's chart while it is being written: the person, their stays, and the
 * resources so far. Every part of the generator adds to it in the order of the data flow
 * (identity → stays → history → prescriptions → lab → insurance → notes).
 */
export class Chart {
  readonly entries: ChartEntry[] = [];
  readonly stays: Stay[] = [];
  /** CIM-10 codes on the chart (history and diagnoses), to treat and to avoid duplicates. */
  readonly conditionCodes = new Set<string>();
  /** ATC prefixes the patient must not be given (allergies, intolerances). */
  readonly avoidAtc: string[] = [];
  /** "Intolérance tramadol et acupan : vomissements": what the notes repeat. */
  readonly allergyNotes: string[] = [];
  death?: Death;
  /** A pregnancy in progress: since when it is known, and the expected delivery date. */
  pregnancy?: { since: number; due: number };
  /** The latest moment anything was recorded: the patient's meta.lastUpdated. */
  latest = 0;

  constructor(
    readonly group: SeedGroup,
    readonly random: SeededRandom,
    readonly person: Person,
  ) {}

  /** The end of the patient's story: death, or the reference "now". */
  get end(): number {
    return this.death?.at ?? this.group.now;
  }

  /** The first moment the group may have seen the patient: ten years before now, not before birth. */
  get start(): number {
    return Math.max(this.group.now - 10 * 365.25 * 86_400_000, this.person.birthMs + 86_400_000);
  }

  /** A time on that day when doctors' surgeries are open, not after the end of the chart. */
  officeHours(day: number): number {
    return Math.min(atParisHour(day, this.random.real(8.5, 19)), this.end - MINUTE);
  }

  subject(): fhir4.Reference {
    return reference('Patient', this.person.id);
  }

  add(resource: ClinicalResource, establishmentId: string, at: number): void {
    this.entries.push({ resource, establishmentId });
    if (at > this.latest) this.latest = at;
  }
}
