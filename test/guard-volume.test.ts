import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepVolumes } from '../src/guard/volume.ts';
import { appendAudit } from '../src/ledger/append.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { CLINIC_ID, seedFixture, UNIT_ID } from './support/fixture.ts';
import { testAccount } from './support/sign-in.ts';
import { openTestStore } from './support/test-store.ts';
import { sql } from '../src/store/sql.ts';

/**
 * The volume detector: the distinct patients each account was given in the guard's day,
 * within care relationships or not, against its own usual days and its unit's peers'.
 */
let store: Store;
const TODAY = '2026-11-20';
const now = new Date(`${TODAY}T18:00:00.000Z`);

beforeAll(async () => {
  store = await openTestStore();
  await seedFixture(store);
});
afterAll(() => store.close());

const doctor = async (name: string, unitId: string = UNIT_ID) => (await testAccount(store, name, 'doctor', { establishmentId: CLINIC_ID, unitId })).id;
/** Its usual days: `patients` a day for the `days` days before today. */
async function usual(accountId: string, patients: number, days: number) {
  for (let d = 1; d <= days; d++) {
    const day = new Date(now.getTime() - d * 86_400_000).toISOString().slice(0, 10);
    await store.db.run(sql`INSERT INTO guard_volume (account_id, day, patients) VALUES (${accountId}, ${day}, ${patients})`);
  }
}
/** Reads of `patients` distinct patients (within a relationship), as the gate records them. */
const reads = (accountId: string, patients: number) =>
  appendAudit(
    store.db,
    Array.from({ length: patients }, () => ({
      action: 'read' as const,
      outcome: 'allowed' as const,
      reason: 'care relationship: stay',
      actorId: accountId,
      actorRole: 'doctor',
      patientId: randomUUID(),
      detail: { basis: { kind: 'stay' } },
    })),
  );
const alertsOf = (accountId: string) =>
  store.db.rows<{ detector: string; explanation: string; contained: boolean; evidence: { firstSeq: string } }>(
    sql`SELECT detector, explanation, contained, evidence FROM guard_alert WHERE account_id = ${accountId}`,
  );

describe('the volume detector', () => {
  it("alerts on a day far above the account's usual days and its peers', once, without containing", async () => {
    const [heavy, peer1, peer2, steady] = [await doctor('vol.heavy'), await doctor('vol.peer1'), await doctor('vol.peer2'), await doctor('vol.steady')];
    await usual(heavy, 12, 10);
    await usual(steady, 45, 10);
    await reads(peer1, 10);
    await reads(peer2, 14);
    await reads(steady, 60); // a busy day for someone used to busy days
    await reads(heavy, 30);
    expect(await sweepVolumes(store.db, TODAY, now)).toBe(0); // 30 is not yet far above
    await reads(heavy, 50);
    expect(await sweepVolumes(store.db, TODAY, now)).toBe(1); // the day's patients so far: 80
    const [alert, ...more] = await alertsOf(heavy);
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ detector: 'volume', contained: false });
    expect(alert!.explanation).toMatch(
      /was given 80 patients on 2026-11-20, more than 3 times its usual 12 \(90th percentile of 10 days\) and its 3 peers' 14/,
    );
    await reads(heavy, 20);
    expect(await sweepVolumes(store.db, TODAY, now)).toBe(0); // once a day
    expect(await alertsOf(steady)).toEqual([]);
    const [{ status }] = (await store.db.rows<{ status: string }>(sql`SELECT status FROM account WHERE id = ${heavy}`)) as [{ status: string }];
    expect(status).toBe('active');
  });

  it('with neither history nor peers, leaves the account to the gate, which counts it in the request (guard-new-accounts)', async () => {
    const unit = randomUUID();
    await store.db.run(
      sql`INSERT INTO organization (id, establishment_id, level, part_of, resource) SELECT ${unit}, establishment_id, level, part_of, resource FROM organization WHERE id = ${UNIT_ID}`,
    );
    const alone = await doctor('vol.alone', unit);
    await reads(alone, 160);
    expect(await sweepVolumes(store.db, TODAY, now)).toBe(0);
    expect(await alertsOf(alone)).toEqual([]);
  });

  it('starts a new day where the last one ended in the ledger, and never goes back', async () => {
    const next = '2026-11-21';
    const late = await doctor('vol.late');
    await reads(late, 5);
    await sweepVolumes(store.db, next, new Date(`${next}T08:00:00.000Z`));
    const days = await store.db.rows<{ day: string; first_seq: string; last_seq: string }>(
      sql`SELECT day::text AS day, first_seq, last_seq FROM guard_day ORDER BY day`,
    );
    expect(days).toHaveLength(2);
    expect(BigInt(days[1]!.first_seq)).toBe(BigInt(days[0]!.last_seq) + 1n);
    const counted = await store.db.one<{ patients: number }>(sql`SELECT patients FROM guard_volume WHERE account_id = ${late} AND day = ${next}`);
    expect(counted!.patients).toBe(5);
    expect(await sweepVolumes(store.db, TODAY, now)).toBe(0); // an earlier day: nothing is counted again
  });
});
