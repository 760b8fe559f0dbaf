import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkingHours } from '../src/guard/hours.ts';
import { actorOf, type Actor } from '../src/domain/actor.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { CLINIC_ID, seedFixture, UNIT_ID } from './support/fixture.ts';
import { testAccount } from './support/sign-in.ts';
import { openTestStore } from './support/test-store.ts';
import { sql } from '../src/store/sql.ts';

/**
 * Unusual hours: the hours an account works are learnt as it is given patients; patients
 * outside its relationships at an hour it never works alert the security officer.
 */
let store: Store;
beforeAll(async () => {
  store = await openTestStore();
  await seedFixture(store);
});
afterAll(() => store.close());

/** Paris time in November is UTC+1. */
const paris = (day: number, hour: number) => new Date(Date.UTC(2026, 10, day, hour - 1, 30));
async function worker(name: string, hours: readonly number[], days: number, learnt: WorkingHours): Promise<Actor> {
  const account = await testAccount(store, name, 'admissions', { establishmentId: CLINIC_ID, unitId: UNIT_ID });
  for (let day = 1; day <= days; day++) for (const hour of hours) await learnt.mark(store.db, account.id, paris(day, hour));
  return actorOf(
    account.id,
    { username: name, role: 'admissions', establishment_id: CLINIC_ID, practitioner_id: null, unit_id: UNIT_ID },
    { sessionId: crypto.randomUUID(), address: '10.1.1.1' },
  );
}
const alertsOf = (actor: Actor) =>
  store.db.rows<{ detector: string; explanation: string; contained: boolean }>(
    sql`SELECT detector, explanation, contained FROM guard_alert WHERE account_id = ${actor.accountId}`,
  );

describe('unusual hours', () => {
  it('are learnt once per account and hour, as bits of the local day', async () => {
    const learnt = new WorkingHours();
    const day = await worker('hours.day', [8, 9, 9, 14], 1, learnt);
    const row = await store.db.one<{ day: string; hours: number }>(sql`SELECT day::text AS day, hours FROM guard_hours WHERE account_id = ${day.accountId}`);
    expect(row).toEqual({ day: '2026-11-01', hours: (1 << 8) | (1 << 9) | (1 << 14) });
  });

  it('alert when patients outside relationships are given at an hour the account never works, once a day', async () => {
    const learnt = new WorkingHours();
    const clerk = await worker('hours.clerk', [8, 9, 10, 11, 14, 15, 16], 20, learnt);
    await learnt.outsideRelationshipsAt(store.db, clerk, paris(21, 10), 8);
    await learnt.outsideRelationshipsAt(store.db, clerk, paris(21, 3), 2); // one emergency admission at night
    expect(await alertsOf(clerk)).toEqual([]);
    await learnt.outsideRelationshipsAt(store.db, clerk, paris(21, 3), 5);
    await learnt.outsideRelationshipsAt(store.db, clerk, paris(21, 4), 9);
    const alerts = await alertsOf(clerk);
    expect(alerts).toMatchObject([{ detector: 'hours', contained: false }]);
    expect(alerts[0]!.explanation).toMatch(
      /given 5 points of patients outside its care relationships in the hour to 03:30, an hour it has not worked, nor the hour either side, on any of its last 20 working days/,
    );
  });

  it('leave a shift that runs over into the next hour alone, and see a night two hours past the last worked', async () => {
    const learnt = new WorkingHours();
    const late = await worker('hours.late', [7, 8, 22], 20, learnt);
    await learnt.outsideRelationshipsAt(store.db, late, paris(21, 9), 9);
    await learnt.outsideRelationshipsAt(store.db, late, paris(21, 23), 9);
    expect(await alertsOf(late)).toEqual([]);
    await learnt.outsideRelationshipsAt(store.db, late, paris(21, 1), 9);
    expect(await alertsOf(late)).toMatchObject([{ detector: 'hours' }]);
  });

  it('leave a night worker at night, and an account with too short a history, alone', async () => {
    const learnt = new WorkingHours();
    const night = await worker('hours.night', [22, 23, 0, 1, 2, 3, 4, 5], 20, learnt);
    await learnt.outsideRelationshipsAt(store.db, night, paris(21, 3), 9);
    const newcomer = await worker('hours.new', [9, 10], 5, learnt);
    await learnt.outsideRelationshipsAt(store.db, newcomer, paris(6, 3), 9);
    expect([...(await alertsOf(night)), ...(await alertsOf(newcomer))]).toEqual([]);
  });
});
