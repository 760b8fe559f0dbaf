import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { DAY_MS, HOUR_MS, MONTH_MS, type Budget } from './limits.ts';

/** Points an actor spent outside care relationships over the rolling windows, and the patients already paid for today. */
export interface Spent {
  hour: number;
  day: number;
  month: number;
  paidToday: Set<string>;
}

export async function spentBy(tx: Sql, accountId: string, patientIds: readonly string[], now: Date): Promise<Spent> {
  const totals = await tx.one<{
    hour: number;
    day: number;
    month: number;
  }>(sql`SELECT coalesce(sum(cost) FILTER (WHERE at > ${ago(now, HOUR_MS)}), 0)::int AS hour, coalesce(sum(cost) FILTER (WHERE at > ${ago(now, DAY_MS)}), 0)::int AS day,
            coalesce(sum(cost), 0)::int AS month
     FROM guard_event WHERE account_id = ${accountId} AND kind = 'disclosed' AND at > ${ago(now, MONTH_MS)} AND at <= ${now}`);
  const paid = await tx.rows<{ patient_id: string }>(
    sql`SELECT DISTINCT patient_id FROM guard_event WHERE account_id = ${accountId} AND kind = 'disclosed' AND patient_id = ANY(${patientIds}::uuid[]) AND at > ${ago(now, DAY_MS)} AND at <= ${now}`,
  );
  return { ...totals!, paidToday: new Set(paid.map((row) => row.patient_id)) };
}

export async function recordDisclosed(
  tx: Sql,
  accountId: string,
  address: string | undefined,
  charges: ReadonlyArray<{ patientId: string; cost: number }>,
  now: Date,
): Promise<void> {
  await tx.run(
    sql`INSERT INTO guard_event (account_id, at, kind, patient_id, cost, address) SELECT ${accountId}, ${now}, 'disclosed', p, c, ${address ?? null} FROM unnest(${charges.map((c) => c.patientId)}::uuid[], ${charges.map((c) => c.cost)}::int[]) AS t(p, c)`,
  );
}

/** A line of the budget: hard or soft, and over which window. */
export interface LineCrossed {
  hard: boolean;
  window: 'hour' | 'day' | 'month';
  sentence: string;
}

/** The first line the spending would cross, hard lines first, then the shortest window; undefined if none. */
export function lineCrossed(spent: Omit<Spent, 'paidToday'>, cost: number, budget: Budget): LineCrossed | undefined {
  const after = { hour: spent.hour + cost, day: spent.day + cost, month: spent.month + cost };
  const lines: Array<[boolean, LineCrossed['window'], number]> = [
    [true, 'day', budget.dayHard],
    [true, 'month', budget.monthHard],
    [false, 'hour', budget.hourSoft],
    [false, 'day', budget.daySoft],
    [false, 'month', budget.monthSoft],
  ];
  const crossed = lines.find(([, window, limit]) => after[window] > limit);
  if (!crossed) return undefined;
  const [hard, window, limit] = crossed;
  return {
    hard,
    window,
    sentence: `${after[window]} points of patients outside care relationships ${WINDOWS[window]}, past the ${hard ? 'hard' : 'soft'} line of ${limit}`,
  };
}

const WINDOWS = { hour: 'in one hour', day: 'in 24 hours', month: 'in 30 days' } as const;

export const ago = (now: Date, ms: number): Date => new Date(now.getTime() - ms);
