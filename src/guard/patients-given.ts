import type { Actor } from '../domain/actor.ts';
import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { alertedSince, alertOf, raiseAlert, who } from './alerts.ts';
import { ago } from './budget.ts';
import { DAY_MS, NEW_ACCOUNT, VOLUME } from './limits.ts';

/**
 * Every patient given to an account the guard has nothing to compare with, counted in the
 * request, within care relationships too — where budgets charge nothing. Accounts made to
 * read (T9: fifteen doctor accounts made by one stolen administrator read 1,567 patients
 * "within relationships") are new; a dormant account woken by a thief has no usual days.
 *
 * - new: activated in the last NEW_ACCOUNT.days days. Past NEW_ACCOUNT.daySoft patients in
 *   24 hours, a passkey step-up; past NEW_ACCOUNT.dayHard, containment.
 * - unknown: older, with fewer than VOLUME.historyDays working days in the last 30 (the
 *   volume detector's own baseline). Past VOLUME.unknownLine patients in 24 hours with no
 *   peers at work either, the volume detector's alert, in the request that crosses it.
 * - settled: the volume sweep compares it with its usual days and its peers'. Known for the
 *   rest of the day after one query, so a settled account's reads cost no query here.
 */
type Standing = Watched | { kind: 'settled' };
export type Watched = { kind: 'new'; days: number } | { kind: 'unknown'; daysWorked: number };

/** What giving these patients means for an account that is not settled. */
export interface Given {
  standing: Watched;
  /** Patients given in the last 24 hours, these included. */
  total: number;
  /** The patients not yet given in the last 24 hours, to record if the request goes on. */
  fresh: string[];
}

export class PatientsGiven {
  /** The day (UTC, the volume detector's) each account was last found settled, in this process. */
  private readonly settled = new Map<string, string>();

  /** The account's standing when it is not settled; undefined, with no query after the day's first, when it is. */
  /** Whether the account was found settled today in this process: `standing` would then ask nothing. */
  knownSettled(actor: Actor, now: Date): boolean {
    return this.settled.get(actor.accountId) === dayOf(now);
  }

  async standing(tx: Sql, actor: Actor, now: Date): Promise<Watched | undefined> {
    const day = dayOf(now);
    if (this.knownSettled(actor, now)) return undefined;
    const standing = await standingOf(tx, actor.accountId, day, now);
    if (standing.kind !== 'settled') return standing;
    this.settled.set(actor.accountId, day);
    return undefined;
  }

  async count(tx: Sql, actor: Actor, standing: Watched, patientIds: readonly string[], now: Date): Promise<Given> {
    const row = await tx.one<{
      total: number;
      seen: string[];
    }>(sql`SELECT count(DISTINCT patient_id)::int AS total, coalesce(array_agg(DISTINCT patient_id::text) FILTER (WHERE patient_id = ANY(${patientIds}::uuid[])), '{}') AS seen
       FROM guard_event WHERE account_id = ${actor.accountId} AND kind = 'given' AND at > ${ago(now, DAY_MS)} AND at <= ${now}`);
    const seen = new Set(row!.seen);
    const fresh = [...new Set(patientIds)].filter((id) => !seen.has(id));
    return { standing, total: row!.total + fresh.length, fresh };
  }

  /**
   * The patients given, once per rolling day each (as the budget charges them); and for an
   * unknown account past VOLUME.unknownLine with no peers at work, the volume detector's
   * alert, now rather than at the next sweep. It does not contain: the reads may be within need to know.
   */
  async record(tx: Sql, actor: Actor, given: Given, now: Date): Promise<void> {
    if (given.fresh.length === 0) return;
    await tx.run(
      sql`INSERT INTO guard_event (account_id, at, kind, patient_id) SELECT ${actor.accountId}, ${now}, 'given', p FROM unnest(${given.fresh}::uuid[]) AS p`,
    );
    if (given.standing.kind !== 'unknown' || given.total <= VOLUME.unknownLine) return;
    if ((await alertedSince(tx, actor.accountId, 'volume', ago(now, DAY_MS))) || (await peersAtWork(tx, actor, dayOf(now)))) return;
    const explanation = `${who(actor)} was given ${given.total} patients in 24 hours, within care relationships or not, with no history (${given.standing.daysWorked} working days in 30) or peers to compare with, past ${VOLUME.unknownLine}`;
    await raiseAlert(
      tx,
      alertOf(actor, 'volume', 'medium', explanation, ago(now, DAY_MS), now, { patients: given.total, daysWorked: given.standing.daysWorked }),
      false,
      now,
    );
  }
}

/** The line a new account's patients of the day cross, hard first; undefined if none, or if the account is not new. */
export function newAccountLine(given: Given): { hard: boolean; sentence: string; days: number } | undefined {
  if (given.standing.kind !== 'new') return undefined;
  const hard = given.total > NEW_ACCOUNT.dayHard;
  if (!hard && given.total <= NEW_ACCOUNT.daySoft) return undefined;
  const line = hard ? NEW_ACCOUNT.dayHard : NEW_ACCOUNT.daySoft;
  const sentence = `${given.total} patients in 24 hours, within care relationships or not, past the ${hard ? 'hard' : 'soft'} line of ${line} for an account in its first ${NEW_ACCOUNT.days} days`;
  return { hard, sentence, days: given.standing.days };
}

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/** One query: when the account became active (its owner set their credentials), and its working days of the last 30. */
async function standingOf(tx: Sql, accountId: string, day: string, now: Date): Promise<Standing> {
  const row = await tx.one<{ since: Date; days_worked: number }>(sql`SELECT coalesce(a.activated_at, a.created_at) AS since,
            (SELECT count(*)::int FROM guard_volume v WHERE v.account_id = a.id AND v.day < ${day} AND v.day >= ${day}::date - 30) AS days_worked
     FROM account a WHERE a.id = ${accountId}`);
  const age = now.getTime() - new Date(row!.since).getTime();
  if (age < NEW_ACCOUNT.days * DAY_MS) return { kind: 'new', days: Math.max(0, Math.floor(age / DAY_MS)) };
  if (row!.days_worked < VOLUME.historyDays) return { kind: 'unknown', daysWorked: row!.days_worked };
  return { kind: 'settled' };
}

/** Whether the actor's peers (same role, unit and establishment) were at work today, as the volume detector compares them. */
async function peersAtWork(tx: Sql, actor: Actor, day: string): Promise<boolean> {
  const row = await tx.one<{ n: number }>(sql`SELECT count(*)::int AS n FROM guard_volume v JOIN account p ON p.id = v.account_id
     WHERE v.day = ${day} AND p.id <> ${actor.accountId} AND p.role = ${actor.role} AND p.unit_id IS NOT DISTINCT FROM ${actor.unitId ?? null} AND p.establishment_id IS NOT DISTINCT FROM ${actor.establishmentId ?? null}`);
  return row!.n >= VOLUME.peers;
}
