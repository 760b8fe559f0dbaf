import type { Sql } from '../src/store/database.ts';

/**
 * Most accounts are settled: past their first 14 days, with usual working days the volume
 * detector compares them with (src/guard/patients-given.ts). The seed's demo accounts have
 * no history; this gives them 14 usual days of 40 patients, so a benchmark measures the
 * guard as a settled account meets it. It loosens no line: the day's volume is still
 * compared with those days. Settling again (a database measured twice) adds nothing.
 */
export async function settle(db: Sql, accountIds: readonly string[]): Promise<void> {
  await db.query(
    `INSERT INTO guard_volume (account_id, day, patients) SELECT a, current_date - d, 40 FROM unnest($1::uuid[]) AS a, generate_series(1, 14) AS d
     ON CONFLICT DO NOTHING`,
    [accountIds],
  );
}
