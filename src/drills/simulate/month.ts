import { DEFAULT_ACCESS_POLICY } from '../../access/policy.ts';
import { Gate, type GateDeps } from '../../gate/gate.ts';
import { GateWrites } from '../../gate/write.ts';
import { SeededRandom } from '../../seed/random.ts';
import { SimulatedClock } from '../../guard/clock.ts';
import { costOf } from '../../guard/limits.ts';
import { assembleGuard } from '../../api/guard-assembly.ts';
import { scratchGroup, type Identity } from '../scratch-group.ts';
import { sweepVolumes } from '../../guard/volume.ts';
import { StaffChanges } from './changes.ts';
import { careStaff } from './staff.ts';
import { StaffDay, type Tally } from './staff-day.ts';
import { sql } from '../../store/sql.ts';

export interface SimulationOptions {
  days: number;
  patients: number;
  seed: number;
  /** Only the care staff of the group's first N establishments (a smaller month, for the tests). */
  establishments?: number | undefined;
  onDay?: (day: number) => void;
}

export interface SimulationReport {
  days: number;
  staff: number;
  userDays: number;
  accesses: number;
  /** Share of disclosures a care relationship explains. */
  explained: number;
  stepUps: number;
  /** The step-ups by the role of who was asked. */
  stepUpsByRole: Record<string, number>;
  falseContainments: number;
  alerts: number;
  alertsByDetector: Record<string, number>;
  /** Distinct patients of the busiest user-day, and of the median one (the volume detector's view). */
  patientsPerUserDay: { busiest: number; median: number };
  perThousandUserDays: { containments: number; alerts: number; stepUps: number };
  /**
   * Those who joined during the month (accounts in their first 14 days): how many, their
   * step-ups, their busiest day's patients, the patients the guard counted for them.
   */
  newcomers: { accounts: number; stepUps: number; busiest: number; counted: number };
  /** The established nurse moved to another unit mid-month, if any. */
  moved: string | undefined;
}

/**
 * A month of honest work for a group's care staff, through the gate and the guard, on a
 * simulated clock: admissions look arriving patients up and admit them to a unit (and
 * discharge them days later), with an emergency peak on some days; the unit's doctor and
 * nurse work day or night shifts and open their patients' charts; laboratories read their
 * orders' results; a doctor breaks the glass now and then for a good reason; one doctor
 * covers another unit for a week (a locum); people join (new accounts, which the guard
 * watches for 14 days) and a nurse moves to another unit for good. Honest users answer a
 * step-up with their passkey. What it reports: false containments, alerts and step-ups per 1,000 user-days,
 * and the share of disclosures explained by a care relationship.
 */
export async function simulateMonth(options: SimulationOptions): Promise<SimulationReport> {
  const { store, identities, close } = await scratchGroup(options.patients, options.seed);
  try {
    // The month ends today: the stays it opens are current, or within their tail, when the gate looks. It starts
    // at a midnight (UTC), so that shifts fall at the same hours of the day whenever it is run.
    const clock = new SimulatedClock(new Date(Math.floor(Date.now() / 86_400_000 - options.days) * 86_400_000));
    const deps: GateDeps = { db: store.db, keys: store.keys, policy: DEFAULT_ACCESS_POLICY, guard: assembleGuard(clock) };
    const gate = new Gate(deps);
    const writes = new GateWrites(deps);
    const staff = await careStaff(store.db, clock.now(), options.establishments);
    const changes = new StaffChanges(store.db, store.keys, clock, staff);
    const random = new SeededRandom(options.seed, 'simulate');
    // Who turns up at each establishment's desk: its own registered patients, alive.
    const arrivals = new Map<string, Identity[]>();
    for (const person of identities) {
      if (person.deceased) continue;
      const desk = arrivals.get(person.establishmentId) ?? [];
      if (desk.length === 0) arrivals.set(person.establishmentId, desk);
      desk.push(person);
    }
    const tally: Tally = { userDays: 0, stepUps: 0, stepUpsOf: new Map() };
    const day = new StaffDay({ gate, writes, deps, clock, random, staff, arrivals, tally, days: options.days });
    for (let d = 0; d < options.days; d++) {
      await changes.apply(d);
      await day.run(d);
      // The guard's volume sweep at the end of each simulated day.
      await sweepVolumes(store.db, new Date(clock.now().getTime() - 1).toISOString().slice(0, 10), clock.now());
      options.onDay?.(d + 1);
    }
    const ids = staff.map((actor) => actor.accountId);
    const [{ contained } = { contained: 0 }] = await store.db.rows<{ contained: number }>(
      sql`SELECT count(*)::int AS contained FROM account WHERE id = ANY(${ids}::uuid[]) AND status = 'contained'`,
    );
    const byDetector = await store.db.rows<{ detector: string; n: number }>(
      sql`SELECT detector, count(*)::int AS n FROM guard_alert WHERE account_id = ANY(${ids}::uuid[]) GROUP BY detector ORDER BY detector`,
    );
    const alerts = byDetector.reduce((sum, row) => sum + row.n, 0);
    const disclosures = await store.db.rows<{
      kind: string | null;
      n: number;
    }>(sql`SELECT detail -> 'basis' ->> 'kind' AS kind, count(*)::int AS n FROM audit_event
       WHERE actor_id = ANY(${ids}::uuid[]) AND outcome = 'allowed' AND patient_id IS NOT NULL AND action IN ('read', 'search', 'everything') GROUP BY 1`);
    const [volumes = { busiest: 0, median: 0 }] = await store.db.rows<{ busiest: number; median: number }>(
      sql`SELECT coalesce(max(patients), 0)::int AS busiest, coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY patients), 0)::float8 AS median FROM guard_volume WHERE account_id = ANY(${ids}::uuid[])`,
    );
    const joined = changes.joined.map((actor) => actor.accountId);
    const [newcomers = { busiest: 0, counted: 0 }] = await store.db.rows<{
      busiest: number;
      counted: number;
    }>(sql`SELECT (SELECT coalesce(max(patients), 0)::int FROM guard_volume WHERE account_id = ANY(${joined}::uuid[])) AS busiest,
              (SELECT count(*)::int FROM guard_event WHERE account_id = ANY(${joined}::uuid[]) AND kind = 'given') AS counted`);
    const accesses = disclosures.reduce((sum, row) => sum + row.n, 0);
    const explained = disclosures.filter((row) => row.kind !== null && costOf(row.kind) === 0).reduce((sum, row) => sum + row.n, 0);
    const per = (n: number) => (1000 * n) / Math.max(1, tally.userDays);
    return {
      days: options.days,
      staff: staff.length,
      userDays: tally.userDays,
      accesses,
      explained: accesses === 0 ? 0 : explained / accesses,
      stepUps: tally.stepUps,
      stepUpsByRole: byRole(new Map([...staff, ...changes.joined].map((actor) => [actor.accountId, actor.role])), tally.stepUpsOf),
      falseContainments: contained,
      alerts,
      alertsByDetector: Object.fromEntries(byDetector.map((row) => [row.detector, row.n])),
      patientsPerUserDay: { busiest: volumes.busiest, median: volumes.median },
      perThousandUserDays: { containments: per(contained), alerts: per(alerts), stepUps: per(tally.stepUps) },
      newcomers: {
        accounts: joined.length,
        stepUps: joined.reduce((sum, id) => sum + (tally.stepUpsOf.get(id) ?? 0), 0),
        busiest: newcomers.busiest,
        counted: newcomers.counted,
      },
      moved: changes.moved?.username,
    };
  } finally {
    await close();
  }
}

function byRole(roles: ReadonlyMap<string, string>, counts: ReadonlyMap<string, number>): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const [accountId, n] of counts) sums[roles.get(accountId)!] = (sums[roles.get(accountId)!] ?? 0) + n;
  return sums;
}
