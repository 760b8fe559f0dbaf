import { describe, expect, it } from 'vitest';
import { migrate } from '../src/store/migrate.ts';
import { openPglite } from '../src/store/pglite-driver.ts';
import { sql } from '../src/store/sql.ts';

/**
 * Every care relationship ends (migration 022): a database written before the rule has its
 * open and overlong links bounded to 90 days from the upgrade; what already ended, and lab
 * orders (which count from their start), are left as they were.
 */
describe('the upgrade that bounds care links', () => {
  it('ends open and overlong relationships 90 days on, and leaves the rest', async () => {
    const db = await openPglite();
    try {
      await migrate(db, 21);
      const establishment = '00000000-0000-4000-8000-0000000000e1';
      const patient = '00000000-0000-4000-8000-0000000000a1';
      await db.run(sql`INSERT INTO organization (id, level, establishment_id, resource) VALUES (${establishment}, 'establishment', ${establishment}, '{}')`);
      await db.run(sql`INSERT INTO patient (id, establishment_id, body, search) VALUES (${patient}, ${establishment}, '\\x00', '{}')`);
      const link = (n: number, kind: string, startsAt: string, endsAt: string | null) =>
        db.rows(
          sql`INSERT INTO care_link (source_id, kind, patient_id, establishment_id, starts_at, ends_at) VALUES (${`00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`}, ${kind}, ${patient}, ${establishment}, ${startsAt}, ${endsAt})`,
        );
      await link(1, 'stay', '2020-01-01T00:00:00Z', null); // open since 2020
      await link(2, 'care-team', '2026-01-01T00:00:00Z', '2036-01-01T00:00:00Z'); // ten years
      await link(3, 'stay', '2024-03-01T00:00:00Z', '2024-03-05T00:00:00Z'); // ended
      await link(4, 'lab-order', '2026-11-30T00:00:00Z', null);
      await migrate(db);
      const rows = await db.rows<{ n: number; days: number | null }>(
        sql`SELECT right(source_id::text, 2)::int AS n, round(extract(epoch FROM ends_at - now()) / 86400)::int AS days FROM care_link ORDER BY 1`,
      );
      expect(rows.map((row) => [row.n, row.days])).toEqual([
        [1, 90],
        [2, 90],
        [3, expect.any(Number)],
        [4, null],
      ]);
      expect(rows[2]!.days).toBeLessThan(0);
    } finally {
      await db.close();
    }
  });
});
