import type { Decision } from '../access/rules.ts';
import type { Actor, Origin } from '../domain/actor.ts';
import { hasRecentStepUp } from '../domain/actor.ts';
import type { Database, Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import type { RefusedError } from '../domain/refusals.ts';
import { alertedSince, alertOf, raiseAlert, who } from './alerts.ts';
import { ago, lineCrossed, spentBy } from './budget.ts';
import { systemClock, type Clock } from './clock.ts';
import { Enforcement, type ContainmentHook } from './enforcement.ts';
import { newAccountLine, PatientsGiven } from './patients-given.ts';
import { usedElsewhere } from './session-place.ts';
import { WorkingHours } from './hours.ts';
import { containTogether, movingWith } from './together.ts';
import { contain, pass, stepUp, type Verdict } from './verdict.ts';
import { BUDGETS, costOf, DAY_MS, HOUR_MS, PROBES_PER_HOUR, STEP_UP_SECONDS, STEP_UPS_UNANSWERED_PER_DAY } from './limits.ts';

/** A patient a request would touch, with the access decision about it. */
export interface Touch {
  patientId: string;
  honey: boolean;
  decision: Decision;
}

/**
 * The guard, called by the gate inside the transaction of every read, before anything
 * leaves (DESIGN: access.decide → guard.check → read). It judges (a Verdict: pass with
 * the charges, step up, or contain) and src/guard/enforcement.ts applies the verdict in
 * the same transaction: a refusal — the actor contained, or asked for a step-up — or
 * nothing, and then the patients given outside care relationships are charged. Reads within
 * relationships cost one comparison per patient, one write per account and hour (the
 * hours it works, which the unusual-hours detector learns) and one query per account and
 * day (whether it is settled); an account with nothing to compare it with — in its first
 * 14 days, or without usual days — has every patient it is given counted (patients-given.ts).
 */
export class Guard {
  private readonly hours = new WorkingHours();
  private readonly given = new PatientsGiven();
  private readonly enforcement: Enforcement;

  /** `hooks`: what closes with a contained account's sessions (src/api/guard-assembly.ts registers them). */
  constructor(
    hooks: readonly ContainmentHook[],
    private readonly clock: Clock = systemClock,
  ) {
    this.enforcement = new Enforcement(hooks);
  }

  /** The guard's time: the detectors' windows are on it (a simulated month moves it). */
  now(): Date {
    return this.clock.now();
  }

  /** Whether a request's session token was copied (used from another place): its sessions are then closed, and it is refused. */
  sessionUsedElsewhere(db: Database, actor: Actor, openedFrom: Origin, usedFrom: Origin): Promise<boolean> {
    return usedElsewhere(db, this.enforcement, actor, openedFrom, usedFrom, this.clock.now());
  }

  /** The verdict about the patients a request would touch, applied: a refusal to record and throw, or undefined to go on. */
  async admit(tx: Sql, actor: Actor, touches: readonly Touch[]): Promise<RefusedError | undefined> {
    const now = this.clock.now();
    return this.enforcement.apply(tx, actor, await this.judge(tx, actor, touches, now), now);
  }

  /**
   * Whether `admit` would pass these touches without a statement: no honey record, every
   * patient within the actor's relationships (nothing to charge), the hour already marked
   * and the account known settled today, in this process — or no patient at all. What the gate's quiet reads ask
   * (src/gate/quiet-read.ts) before they skip the transaction; anything else goes through
   * `admit`.
   */
  passesQuietly(actor: Actor, touches: readonly Touch[]): boolean {
    const now = this.clock.now();
    return (
      touches.every((touch) => !touch.honey && touch.decision.allowed && costOf(touch.decision.basis?.kind) === 0) &&
      // Nobody given (a search that found none of the actor's patients): `judge` passes before it marks or asks anything.
      (touches.length === 0 || (this.hours.marked(actor.accountId, now) && this.given.knownSettled(actor, now)))
    );
  }

  private async judge(tx: Sql, actor: Actor, touches: readonly Touch[], now: Date): Promise<Verdict> {
    const honey = touches.find((touch) => touch.honey);
    if (honey) {
      const explanation = `${who(actor)} touched a honey record (a planted patient no one cares for): only someone enumerating or holding leaked identifiers reaches one`;
      return contain([{ actor, alert: alertOf(actor, 'honey', 'high', explanation, now, now, { patient: honey.patientId }) }]);
    }
    const allowed = touches.filter((touch) => touch.decision.allowed);
    if (allowed.length === 0) return pass();
    await this.hours.mark(tx, actor.accountId, now);
    const standing = await this.given.standing(tx, actor, now);
    const costs = costsOf(allowed);
    if (!standing && costs.size === 0) return pass();
    // One guard decision at a time per actor; an account contained meanwhile discloses nothing more.
    const account = await tx.one<{ status: string }>(sql`SELECT status FROM account WHERE id = ${actor.accountId} FOR UPDATE`);
    if (account?.status !== 'active') return contain([]);
    const given =
      standing &&
      (await this.given.count(
        tx,
        actor,
        standing,
        allowed.map((touch) => touch.patientId),
        now,
      ));
    const spent = costs.size === 0 ? undefined : await spentBy(tx, actor.accountId, [...costs.keys()], now);
    const charges = spent ? [...costs].filter(([patientId]) => !spent.paidToday.has(patientId)).map(([patientId, cost]) => ({ patientId, cost })) : [];
    const cost = charges.reduce((sum, charge) => sum + charge.cost, 0);
    const budgetLine = spent && cost > 0 ? lineCrossed(spent, cost, BUDGETS[actor.role]) : undefined;
    const newLine = given && newAccountLine(given);
    if (budgetLine?.hard) {
      return contain([
        {
          actor,
          alert: alertOf(actor, 'budget', 'high', `${who(actor)} asked for ${budgetLine.sentence}`, ago(now, DAY_MS), now, { points: spent!.day + cost }),
        },
      ]);
    }
    if (newLine?.hard) {
      const explanation = `${who(actor)}, an account ${newLine.days} days old, was given ${newLine.sentence}: a new account reaching many patients at once, as accounts made to read do`;
      return contain([
        { actor, alert: alertOf(actor, 'volume', 'high', explanation, ago(now, DAY_MS), now, { patients: given!.total, accountAgeDays: newLine.days }) },
      ]);
    }
    const soft = budgetLine ?? newLine;
    if (soft && !passkeyShown(actor, soft === budgetLine && budgetLine.window === 'month', now)) return this.askStepUp(tx, actor, soft.sentence, now);
    // Past a soft line with a fresh passkey: the step-ups asked for so far were answered.
    if (soft) await tx.run(sql`DELETE FROM guard_event WHERE account_id = ${actor.accountId} AND kind = 'step-up'`);
    if (budgetLine && spent!.day + cost > BUDGETS[actor.role].daySoft) await this.pastTheDayLine(tx, actor, spent!.day + cost, now);
    if (cost > 0) {
      await this.hours.outsideRelationshipsAt(tx, actor, now, spent!.hour + cost);
      const together = await movingWith(tx, actor, now);
      if (together) return containTogether(tx, actor, together, now);
    }
    if (given) await this.given.record(tx, actor, given, now);
    return pass(charges);
  }

  /**
   * Past a soft line without a fresh passkey: the step-up is asked for, and counted until
   * one is given. An honest user gives it or stops; unanswered three times in a day, the
   * security officer hears of it; STEP_UPS_UNANSWERED_PER_DAY times, the account is in
   * other hands and is contained.
   */
  private async askStepUp(tx: Sql, actor: Actor, sentence: string, now: Date): Promise<Verdict> {
    const asked = await this.count(tx, actor, 'step-up', ['step-up'], DAY_MS, now);
    if (asked >= STEP_UPS_UNANSWERED_PER_DAY) {
      const explanation = `${who(actor)} was asked ${asked} times in 24 hours to confirm with a passkey and never did, while reaching ${sentence}: someone without the account's passkey`;
      return contain([{ actor, alert: alertOf(actor, 'budget', 'high', explanation, ago(now, DAY_MS), now, { stepUpsAsked: asked }) }]);
    }
    if (asked === UNANSWERED_TO_ALERT && !(await alertedSince(tx, actor.accountId, 'budget-soft', ago(now, DAY_MS)))) {
      const explanation = `${who(actor)} reached ${sentence} and did not confirm with a passkey, asked ${asked} times`;
      await raiseAlert(tx, alertOf(actor, 'budget-soft', 'medium', explanation, ago(now, DAY_MS), now, {}), false, now);
    }
    return stepUp(sentence);
  }

  /**
   * Past the day's soft line with the passkey: its owner on a hard day, or someone holding
   * every factor (an insider), whom only the hard line stops. The security officer hears
   * of it, once a day, while it goes on.
   */
  private async pastTheDayLine(tx: Sql, actor: Actor, points: number, now: Date): Promise<void> {
    if (await alertedSince(tx, actor.accountId, 'budget-soft', ago(now, DAY_MS))) return;
    const explanation = `${who(actor)} went past the soft line of ${BUDGETS[actor.role].daySoft} points in 24 hours (${points}) with its passkey: its owner on an unusual day, or someone holding every factor`;
    await raiseAlert(tx, alertOf(actor, 'budget-soft', 'medium', explanation, ago(now, DAY_MS), now, {}), false, now);
  }

  /** Records one event of `kind` and counts those of `kinds` in the window, this one included. */
  private async count(
    tx: Sql,
    actor: Actor,
    kind: 'refused' | 'missing' | 'step-up',
    kinds: readonly string[],
    windowMs: number,
    now: Date,
    patientId?: string,
  ): Promise<number> {
    await tx.run(sql`INSERT INTO guard_event (account_id, at, kind, patient_id) VALUES (${actor.accountId}, ${now}, ${kind}, ${patientId ?? null})`);
    const row = await tx.one<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM guard_event WHERE account_id = ${actor.accountId} AND kind = ANY(${kinds}::text[]) AND at > ${ago(now, windowMs)} AND at <= ${now}`,
    );
    return row!.n;
  }

  /**
   * A read refused for want of a relationship, or of an id that does not exist: walking
   * ids or probing patients. Past PROBES_PER_HOUR in an hour the account is contained.
   */
  async probed(tx: Sql, actor: Actor, kind: 'refused' | 'missing', patientId: string | undefined): Promise<RefusedError | undefined> {
    const now = this.clock.now();
    const probes = await this.count(tx, actor, kind, ['refused', 'missing'], HOUR_MS, now, patientId);
    if (probes < PROBES_PER_HOUR) return undefined;
    const explanation = `${who(actor)} made ${probes} reads in one hour of records it may not open or that do not exist: someone walking identifiers or probing`;
    return this.enforcement.apply(
      tx,
      actor,
      contain([{ actor, alert: alertOf(actor, 'probing', 'high', explanation, ago(now, HOUR_MS), now, { probes }) }]),
      now,
    );
  }
}

/**
 * Whether the actor has shown its passkey as a soft line asks: the 30-day line once in
 * the session, at sign-in or since (a slow thief holding a password and a TOTP secret never does, and an
 * honest user is not asked again all day), the hour and day lines in the last quarter
 * hour — on the guard's clock, as the windows are (a simulated month steps up in simulated time).
 */
function passkeyShown(actor: Actor, monthLine: boolean, now: Date): boolean {
  return monthLine ? actor.passkeyShown === true || actor.stepUpAt !== undefined : hasRecentStepUp(actor, STEP_UP_SECONDS, now.getTime());
}

/** The highest cost of each patient given outside care relationships (a patient within them costs nothing). */
function costsOf(allowed: readonly Touch[]): Map<string, number> {
  const costs = new Map<string, number>();
  for (const touch of allowed) {
    const cost = costOf(touch.decision.basis?.kind);
    if (cost > 0) costs.set(touch.patientId, Math.max(cost, costs.get(touch.patientId) ?? 0));
  }
  return costs;
}

/** Unanswered step-ups in a day that the security officer hears of, before containment. */
const UNANSWERED_TO_ALERT = 3;
