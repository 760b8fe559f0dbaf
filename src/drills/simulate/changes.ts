import type { KeyRing } from '../../crypto/key-ring.ts';
import type { Actor } from '../../domain/actor.ts';
import type { Sql } from '../../store/database.ts';
import { sql } from '../../store/sql.ts';
import type { SimulatedClock } from '../../guard/clock.ts';
import { newcomer } from './staff.ts';

/**
 * What changes in a group over a month: people join (new accounts in their first 14
 * days, doing honest work from their first day — the guard counts every patient they are
 * given) and people move to another unit for good (their usual days were another unit's).
 */
export class StaffChanges {
  /** The accounts that joined during the month. */
  readonly joined: Actor[] = [];
  /** The nurse who moved to another unit, if the group has one with another unit. */
  moved: Actor | undefined;

  constructor(
    private readonly tx: Sql,
    private readonly keys: KeyRing,
    private readonly clock: SimulatedClock,
    /** The staff at work, which newcomers join. */
    private readonly staff: Actor[],
  ) {}

  async apply(day: number): Promise<void> {
    const busy = this.busiestUnits();
    for (const joining of JOINING.filter((join) => join.day === day)) {
      const unit = busy[joining.unit % Math.max(1, busy.length)];
      if (!unit) continue;
      const role = joining.role;
      const actor = await newcomer(
        this.tx,
        this.keys,
        { username: `${joining.prefix}.nouveau.${day}`, role, establishmentId: unit.establishmentId, unitId: role === 'admissions' ? undefined : unit.unitId },
        this.clock.now(),
      );
      this.staff.push(actor);
      this.joined.push(actor);
    }
    if (day === MOVE_DAY) await this.move();
  }

  /** The units admissions admit into (each establishment's doctor's unit), in the staff's order: where the work is. */
  private busiestUnits(): Array<{ establishmentId: string; unitId: string }> {
    return this.staff
      .filter((actor) => actor.role === 'doctor' && actor.unitId && actor.establishmentId && !this.joined.includes(actor))
      .map((doctor) => ({ establishmentId: doctor.establishmentId!, unitId: doctor.unitId! }));
  }

  /** An established nurse moves for good to another unit of her establishment (where admissions then admit too). */
  private async move(): Promise<void> {
    for (const nurse of this.staff.filter((actor) => actor.role === 'nurse' && !this.joined.includes(actor))) {
      const unit = await this.tx.one<{ id: string }>(
        sql`SELECT id FROM organization WHERE level = 'unit' AND establishment_id = ${nurse.establishmentId} AND id <> ${nurse.unitId} ORDER BY id LIMIT 1`,
      );
      if (!unit) continue;
      await this.tx.run(sql`UPDATE account SET unit_id = ${unit.id} WHERE id = ${nurse.accountId}`);
      nurse.unitId = unit.id;
      this.moved = nurse;
      return;
    }
  }
}

/** Who joins when: a nurse and a junior doctor in the busiest unit early on, an admissions clerk, a nurse elsewhere late in the month. */
const JOINING = [
  { day: 2, role: 'nurse', prefix: 'inf', unit: 0 },
  { day: 6, role: 'doctor', prefix: 'dr', unit: 0 },
  { day: 11, role: 'admissions', prefix: 'accueil', unit: 1 },
  { day: 19, role: 'nurse', prefix: 'inf', unit: 2 },
] as const;

/** The day an established nurse moves to another unit for good. */
const MOVE_DAY = 13;
