import { openBreakGlass } from '../../gate/break-glass.ts';
import type { Gate, GateDeps } from '../../gate/gate.ts';
import { RefusedError } from '../../domain/refusals.ts';
import type { GateWrites } from '../../gate/write.ts';
import { encounterExample } from '../../domain/examples.ts';
import type { Actor } from '../../domain/actor.ts';
import type { SeededRandom } from '../../seed/random.ts';
import type { SimulatedClock } from '../../guard/clock.ts';
import type { Identity } from '../scratch-group.ts';
import { sql } from '../../store/sql.ts';

export interface Tally {
  userDays: number;
  stepUps: number;
  /** Step-ups asked of each account. */
  stepUpsOf: Map<string, number>;
}

interface Stay {
  encounter: fhir4.Encounter & { id: string };
  dischargeDay: number;
  admittedBy: Actor;
}

export interface StaffDayDeps {
  gate: Gate;
  writes: GateWrites;
  deps: GateDeps;
  clock: SimulatedClock;
  random: SeededRandom;
  staff: readonly Actor[];
  arrivals: ReadonlyMap<string, readonly Identity[]>;
  tally: Tally;
  days: number;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** The days a locum doctor covers another unit of their establishment. */
const LOCUM_DAYS = [10, 17];

/** One day of the group's work, shift by shift, in time order. */
export class StaffDay {
  private readonly stays: Stay[] = [];
  private readonly start: number;
  private readonly homeUnit = new Map<string, string | undefined>();

  constructor(private readonly w: StaffDayDeps) {
    this.start = w.clock.now().getTime();
    for (const actor of w.staff) this.homeUnit.set(actor.accountId, actor.unitId);
  }

  async run(day: number): Promise<void> {
    const peak = this.w.random.chance(0.15); // an emergency-room peak: twice the arrivals
    const shifts: Array<{ at: number; actor: Actor }> = [];
    this.w.staff.forEach((actor, i) => {
      if ((day + i) % 7 >= 5) return; // two days off a week, not all the same
      const night = (actor.role === 'doctor' || actor.role === 'nurse') && (day + i) % 7 === 0;
      shifts.push({ at: this.start + day * 24 * HOUR + (night ? 21 : actor.role === 'admissions' ? 7 : 8) * HOUR + this.w.random.int(0, 45) * MINUTE, actor });
    });
    this.locum(day);
    shifts.sort((a, b) => a.at - b.at);
    for (const { at, actor } of shifts) {
      const now = this.w.clock.now().getTime();
      if (at > now) this.w.clock.advance(at - now);
      this.w.tally.userDays++;
      actor.stepUpAt = undefined; // a shift is a session of its own: no passkey shown in it yet
      await this.work(actor, day, peak).catch((error: unknown) => {
        if (!(error instanceof Contained)) throw error;
      });
    }
    const end = this.start + (day + 1) * 24 * HOUR;
    if (end > this.w.clock.now().getTime()) this.w.clock.advance(end - this.w.clock.now().getTime());
  }

  /** The first doctor covers the second unit of their establishment for a week. */
  private locum(day: number): void {
    const doctor = this.w.staff.find((actor) => actor.role === 'doctor');
    if (!doctor) return;
    const other = this.w.staff.find(
      (actor) => actor.establishmentId === doctor.establishmentId && actor.unitId && actor.unitId !== this.homeUnit.get(doctor.accountId),
    );
    const covering = day >= LOCUM_DAYS[0]! && day < LOCUM_DAYS[1]!;
    doctor.unitId = covering && other ? other.unitId : this.homeUnit.get(doctor.accountId);
  }

  private async work(actor: Actor, day: number, peak: boolean): Promise<void> {
    switch (actor.role) {
      case 'admissions':
        return this.admissions(actor, day, peak);
      case 'doctor':
      case 'nurse':
        return this.ward(actor);
      case 'lab':
        return this.laboratory(actor);
      default:
        return;
    }
  }

  /** Arrivals looked up by their identity and admitted; the day's discharges; the list of who is in. */
  private async admissions(actor: Actor, day: number, peak: boolean): Promise<void> {
    const desk = this.w.arrivals.get(actor.establishmentId!) ?? [];
    const doctor = this.w.staff.find((other) => other.establishmentId === actor.establishmentId && other.role === 'doctor');
    // Into the units where the establishment's ward staff work now (a nurse who moved takes her new unit's arrivals), the doctor attending.
    const units = [
      ...new Set(
        this.w.staff
          .filter((other) => other.establishmentId === actor.establishmentId && (other.role === 'doctor' || other.role === 'nurse') && other.unitId)
          .map((other) => other.unitId!),
      ),
    ];
    const count = desk.length === 0 ? 0 : this.w.random.int(2, 8) * (peak ? 2 : 1);
    for (let i = 0; i < count; i++) {
      const person = this.w.random.pick(desk);
      const found = await this.honest(actor, () =>
        this.w.gate.searchPatients(actor, { family: person.family, given: person.given, birthdate: person.birthDate }, { count: 10 }),
      );
      if (!found?.resources.some((patient) => patient.id === person.id) || !doctor || units.length === 0) continue;
      const stay = {
        ...encounterExample(person.id, { unit: this.w.random.pick(units), practitioner: doctor.practitionerId }),
        period: { start: this.now().toISOString() },
      };
      const created = (await this.honest(actor, () => this.w.writes.create(actor, stay))) as (fhir4.Encounter & { id: string }) | undefined;
      if (created) this.stays.push({ encounter: created, dischargeDay: day + this.w.random.int(1, 6), admittedBy: actor });
    }
    for (const stay of this.stays.filter((candidate) => candidate.dischargeDay === day && candidate.admittedBy === actor)) {
      const { meta, ...current } = stay.encounter;
      const finished = { ...current, status: 'finished' as const, period: { ...current.period, end: this.now().toISOString() } };
      await this.honest(actor, () => this.w.writes.update(actor, 'Encounter', stay.encounter.id, finished, Number(meta?.versionId ?? 1)));
    }
    await this.honest(actor, () => this.w.gate.searchPatients(actor, {}, { count: 50 }));
  }

  /** A doctor or nurse: the unit's list, then the charts; now and then a break-glass for a patient brought in without a stay. */
  private async ward(actor: Actor): Promise<void> {
    const list = await this.honest(actor, () => this.w.gate.searchPatients(actor, {}, { count: 50 }));
    for (const patient of this.w.random.sample(list?.resources ?? [], 12)) {
      if (actor.role === 'doctor') await this.honest(actor, () => this.w.gate.everything(actor, patient.id!, { count: 200 }));
      else await this.honest(actor, () => this.w.gate.searchClinical(actor, 'Observation', patient.id!, { count: 100 }));
    }
    if (actor.role === 'doctor' && this.w.random.chance(1 / 15)) {
      const person = await this.broughtIn(actor.establishmentId!);
      if (!person) return;
      const text = 'Patient amené aux urgences sans séjour enregistré';
      // Found first by an identity lookup, as a doctor does at the bedside: break-glass opens only a patient the actor found or cares for.
      await this.honest(actor, () =>
        this.w.gate.searchPatients(actor, { family: person.family, given: person.given, birthdate: person.birthDate }, { count: 5 }),
      );
      const opened = await this.honest(actor, () => openBreakGlass(this.w.deps, actor, { patient: person.id, reason: 'emergency', text }));
      if (opened) await this.honest(actor, () => this.w.gate.everything(actor, person.id, { count: 200 }));
    }
  }

  /** Someone brought to the establishment who is staying nowhere now: no team has them yet. */
  private async broughtIn(establishmentId: string): Promise<Identity | undefined> {
    for (let tries = 0; tries < 5; tries++) {
      const person = this.w.random.pick(this.w.arrivals.get(establishmentId) ?? []);
      if (!person) return undefined;
      const now = this.now();
      const staying = await this.w.deps.db.one(
        sql`SELECT 1 FROM care_link WHERE patient_id = ${person.id} AND kind = 'stay' AND starts_at <= ${now} AND (ends_at IS NULL OR ends_at > ${now}) LIMIT 1`,
      );
      if (!staying) return person;
    }
    return undefined;
  }

  /** A laboratory: the patients of its orders, and their results. */
  private async laboratory(actor: Actor): Promise<void> {
    const list = await this.honest(actor, () => this.w.gate.searchPatients(actor, {}, { count: 50 }));
    for (const patient of this.w.random.sample(list?.resources ?? [], 8)) {
      await this.honest(actor, () => this.w.gate.searchClinical(actor, 'Observation', patient.id!, { count: 100 }));
    }
  }

  /**
   * One act of an honest user, a few minutes after the last: a step-up asked for is given
   * (the user taps their passkey) and the act tried again; a refusal is taken as it is.
   */
  private async honest<T>(actor: Actor, act: () => Promise<T>): Promise<T | undefined> {
    this.w.clock.advance(this.w.random.int(1, 4) * MINUTE);
    try {
      return await act();
    } catch (error) {
      if (!(error instanceof RefusedError)) throw error;
      const code = error.issues[0]?.code;
      if (code === 'suspended') throw new Contained();
      if (code !== 'security') return undefined;
      this.w.tally.stepUps++;
      this.w.tally.stepUpsOf.set(actor.accountId, (this.w.tally.stepUpsOf.get(actor.accountId) ?? 0) + 1);
      actor.stepUpAt = this.now();
      return act().catch((again: unknown) => {
        if (again instanceof RefusedError && again.issues[0]?.code === 'suspended') throw new Contained();
        if (again instanceof RefusedError) return undefined;
        throw again;
      });
    }
  }

  private now(): Date {
    return this.w.clock.now();
  }
}

/** The account was contained: its day ends there (the report counts it). */
class Contained extends Error {}
