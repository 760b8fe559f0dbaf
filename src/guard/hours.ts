import type { Actor } from '../domain/actor.ts';
import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { alertedSince, alertOf, raiseAlert, who } from './alerts.ts';
import { ago } from './budget.ts';
import { DAY_MS, HOURS } from './limits.ts';

/**
 * Unusual hours: the hours of the day (the group's local time) at which each account is
 * given patients are learnt, once per account and hour; patients outside its care
 * relationships given at an hour it has not worked, nor the hour before or after, on any
 * of its last 30 days (once it has HOURS.historyDays of them), HOURS.points of them in an hour, alert the security officer. A night of lookups by a
 * thief on a day worker's account is one; a night nurse's night is not.
 */
export class WorkingHours {
  /** The last hour marked per account, in this process: one write per account and hour. */
  private readonly markedHour = new Map<string, number>();

  /** Whether this process has marked the account's current hour: `mark` would then write nothing. */
  marked(accountId: string, now: Date): boolean {
    return this.markedHour.get(accountId) === hourOf(now);
  }

  async mark(tx: Sql, accountId: string, now: Date): Promise<void> {
    if (this.marked(accountId, now)) return;
    const { day, bit } = localHour(now);
    await tx.run(sql`INSERT INTO guard_hours (account_id, day, hours) VALUES (${accountId}, ${day}, ${bit})
       ON CONFLICT (account_id, day) DO UPDATE SET hours = guard_hours.hours | excluded.hours`);
    this.markedHour.set(accountId, hourOf(now));
  }

  /**
   * Before patients outside relationships are given, `points` of them in the last hour: an
   * alert if this hour is not one the account works and the points reach HOURS.points (an
   * honest clerk's one emergency admission at night is not a night of lookups).
   */
  async outsideRelationshipsAt(tx: Sql, actor: Actor, now: Date, points: number): Promise<void> {
    if (points < HOURS.points) return;
    const { day, hour } = localHour(now);
    // The hour, or one next to an hour it works: a shift that runs over into the next hour is not a night of lookups.
    const near = [hour + 23, hour, hour + 1].reduce((bits, h) => bits | (1 << (h % 24)), 0);
    const past = await tx.one<{ days: number; worked: boolean }>(
      sql`SELECT count(*)::int AS days, coalesce(bool_or(hours & ${near} <> 0), false) AS worked FROM guard_hours WHERE account_id = ${actor.accountId} AND day < ${day} AND day >= ${day}::date - 30`,
    );
    if (!past || past.days < HOURS.historyDays || past.worked || (await alertedSince(tx, actor.accountId, 'hours', ago(now, DAY_MS)))) return;
    const explanation = `${who(actor)} was given ${points} points of patients outside its care relationships in the hour to ${String(hour).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}, an hour it has not worked, nor the hour either side, on any of its last ${past.days} working days`;
    await raiseAlert(tx, alertOf(actor, 'hours', 'medium', explanation, ago(now, 3_600_000), now, { hour, points }), false, now);
  }
}

const hourOf = (at: Date): number => Math.floor(at.getTime() / 3_600_000);

const LOCAL = new Intl.DateTimeFormat('en-CA', {
  timeZone: HOURS.timeZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
});

/** The local day and hour (and its bit) of an instant. */
function localHour(at: Date): { day: string; hour: number; bit: number } {
  const parts = Object.fromEntries(LOCAL.formatToParts(at).map((part) => [part.type, part.value]));
  const hour = Number(parts.hour);
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour, bit: 1 << hour };
}
