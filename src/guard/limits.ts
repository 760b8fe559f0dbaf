import type { Role } from '../domain/roles.ts';

/**
 * The disclosure budget (issue: the guard). A patient the actor has a care relationship
 * with costs nothing; one reached outside them costs points, once per rolling day. Past a
 * soft line the actor goes on only with its passkey — which a thief holding a password
 * and a TOTP secret does not have: shown in the last quarter hour for the hour and day
 * lines, once in the session for the 30-day line (which an honest user crosses once and
 * a slow thief never passes). Past a hard line the account is contained, passkey or not.
 * A thief without the passkey gets no more than the 30-day soft line, 50 in any role; a
 * thief riding a session where its holder showed the passkey no more than a day line
 * more; one holding every factor (an insider) no more than the day's hard line, 50 in
 * any role, the security officer told at the day's soft line.
 */
export interface Budget {
  hourSoft: number;
  daySoft: number;
  monthSoft: number;
  dayHard: number;
  monthHard: number;
}

const CLINICIAN: Budget = { hourSoft: 10, daySoft: 20, monthSoft: 50, dayHard: 50, monthHard: 150 };
/**
 * Admissions staff look arrivals up before they admit them, dozens a day on a busy desk:
 * more room in the hour and the day before a step-up, and a 30-day hard line far off; the
 * day's hard line is every role's 50, so that one clerk holding every factor gives no more
 * (a desk that admits more than 50 new arrivals in a day has more than one clerk).
 */
const ADMISSIONS: Budget = { hourSoft: 30, daySoft: 40, monthSoft: 50, dayHard: 50, monthHard: 1500 };
/** Roles that read no patient data at all: any disclosure is a fault or an attack. */
const NONE: Budget = { hourSoft: 0, daySoft: 0, monthSoft: 0, dayHard: 0, monthHard: 0 };

export const BUDGETS: Record<Role, Budget> = {
  doctor: CLINICIAN,
  nurse: CLINICIAN,
  lab: CLINICIAN,
  admissions: ADMISSIONS,
  dpo: NONE,
  dim: NONE,
  security_officer: NONE,
  user_admin: NONE,
  sysadmin: NONE,
  // A patient reads only their own record, which costs nothing (basis 'own-record').
  patient: NONE,
};

/** Points per patient, by the basis of the decision that let it out (src/access). */
export function costOf(basis: string | undefined): number {
  switch (basis) {
    case 'break-glass':
      return 3;
    // A care relationship written for a patient outside the actor's care: access made, priced as the lookup that found them (invariant 9).
    case 'identity-lookup':
    case 'relationship-write':
    case 'establishment':
    case 'export':
      return 1;
    case undefined:
      // An allow without a basis would be a fault: it counts, rather than slipping through.
      return 1;
    default:
      return 0; // a care relationship
  }
}

/** How long a passkey step-up lets the actor past the soft lines. */
export const STEP_UP_SECONDS = 15 * 60;

/**
 * Step-ups asked for within a day and never given that mean someone without the
 * account's passkey (slow and low, T3, stays under every hourly line): contained.
 */
export const STEP_UPS_UNANSWERED_PER_DAY = 10;

/** Refused or missing reads within an hour that mean probing: the account is contained. */
export const PROBES_PER_HOUR = 30;

/** Accounts charged within an hour from one address new to each of them that are one hand holding several accounts. */
export const ACCOUNTS_TOGETHER = 3;

/**
 * Volume against the actor's own usual days and its peers': past TIMES either (and past
 * FLOOR patients in a day), the security officer hears of it. The own baseline needs
 * HISTORY_DAYS days; the peers' median, PEERS peers. With neither, UNKNOWN_LINE patients
 * in 24 hours, counted by the guard in the request that crosses it (patients-given.ts).
 */
export const VOLUME = { floor: 40, times: 3, historyDays: 7, peers: 2, unknownLine: 150 };

/**
 * Accounts in their first `days` days (from activation, when the owner set their own
 * credentials): every patient they are given counts, within care relationships too — an
 * account made to read reaches its patients on day one, where budgets charge nothing.
 * Past `daySoft` patients in 24 hours, a passkey step-up; past `dayHard`, containment.
 * Tuned by `vigie simulate` (30 days, 5,000 patients, 57 care staff, four joining and one
 * moving unit): the honest newcomers' busiest day was 57 patients, as was the busiest day
 * of anyone, so no newcomer was asked for a passkey; a thief without it stops near 60. The
 * hard line is the volume detector's unknown line: 2.6 times any honest day.
 */
export const NEW_ACCOUNT = { days: 14, daySoft: 60, dayHard: 150 };

/**
 * Unusual hours: learnt in the group's local time; judged once an account has
 * `historyDays` days of work in the last 30, from `points` points outside relationships in an hour.
 */
export const HOURS = { timeZone: 'Europe/Paris', historyDays: 14, points: 5 };

/** Devices or addresses new to an account within a day that the security officer hears of (a locum's first days bring one or two). */
export const NEW_DEVICES_PER_DAY = 3;

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const MONTH_MS = 30 * DAY_MS;
