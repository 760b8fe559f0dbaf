import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { SimulatedClock } from '../src/guard/clock.ts';
import { NEW_ACCOUNT, VOLUME } from '../src/guard/limits.ts';
import type { Role } from '../src/domain/roles.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { CLINIC_ID, seedFixture, signIn, UNIT_ID, type Fixture } from './support/fixture.ts';
import { stayingInUnit } from './support/patient-rows.ts';
import { signInAs, testAccount } from './support/sign-in.ts';
import { openTestStore } from './support/test-store.ts';
import { sql } from '../src/store/sql.ts';

/**
 * Accounts the guard has nothing to compare with, watched in the request, within care
 * relationships too (T9: accounts made to read stay inside "relationships", where budgets
 * charge nothing). In its first 14 days an account is asked for a passkey past 60
 * patients in 24 hours and contained past 150; an older account with no working days to
 * compare with and no peers at work raises the volume detector's alert past 150, in the
 * request that crosses it. A settled account is not counted at all.
 */
let store: Store;
let fixture: Fixture;
let app: FastifyInstance;
const clock = new SimulatedClock();
let staying: string[] = []; // the unit's patients, all within a stay relationship

beforeAll(async () => {
  store = await openTestStore();
  fixture = await seedFixture(store);
  app = await buildApp({ store, clock });
  staying = await stayingInUnit(store, NEW_ACCOUNT.dayHard + 20, 'Sejour');
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const read = (id: string, headers: Record<string, string>) => app.inject({ url: `/fhir/Patient/${id}`, headers });
/** Reads each patient in turn and returns the codes: 'ok', or the refusal's issue code. */
async function readAll(ids: readonly string[], headers: Record<string, string>): Promise<string[]> {
  const codes = [];
  for (const id of ids) {
    const answer = await read(id, headers);
    codes.push(answer.statusCode === 200 ? 'ok' : answer.json().issue[0].code);
  }
  return codes;
}
const statusOf = async (accountId: string) => (await store.db.one<{ status: string }>(sql`SELECT status FROM account WHERE id = ${accountId}`))!.status;
const alertsOf = (accountId: string) =>
  store.db.rows<{ detector: string; severity: string; explanation: string; contained: boolean }>(
    sql`SELECT detector, severity, explanation, contained FROM guard_alert WHERE account_id = ${accountId} ORDER BY raised_at`,
  );
const givenTo = async (accountId: string) => store.db.count(sql`SELECT count(*) FROM guard_event WHERE account_id = ${accountId} AND kind = 'given'`);
/** The session stamped as a passkey step-up stamps it (the ceremony is tested in own-factors). */
const stepUp = (accountId: string) => store.db.rows(sql`UPDATE session SET step_up_at = ${clock.now()} WHERE account_id = ${accountId}`);

async function account(name: string, role: Role) {
  const made = await testAccount(store, name, role, { establishmentId: CLINIC_ID, unitId: UNIT_ID });
  return { id: made.id, headers: await signInAs(app, made) };
}
/** An account activated `days` ago that was given patients on `worked` of the days before today (the volume sweep's record). */
async function olderAccount(name: string, role: Role, days: number, worked: number) {
  const made = await account(name, role);
  const since = new Date(clock.now().getTime() - days * 86_400_000);
  await store.db.run(sql`UPDATE account SET created_at = ${since}, activated_at = ${since} WHERE id = ${made.id}`);
  await store.db.query(
    `INSERT INTO guard_volume (account_id, day, patients) SELECT $1, d::date, 20 FROM generate_series($2::date - $3::int, $2::date - 1, interval '1 day') AS d`,
    [made.id, clock.now().toISOString().slice(0, 10), worked],
  );
  return made;
}

describe('an account in its first 14 days', () => {
  it('is asked for a passkey past the soft line, even within its care relationships, and counts a patient once a day', async () => {
    const nurse = await account('new.nurse', 'nurse');
    expect(await readAll(staying.slice(0, NEW_ACCOUNT.daySoft), nurse.headers)).toEqual(Array(NEW_ACCOUNT.daySoft).fill('ok'));
    // The same patients again: already counted today.
    expect(await readAll(staying.slice(0, 5), nurse.headers)).toEqual(Array(5).fill('ok'));
    const over = await read(staying[NEW_ACCOUNT.daySoft]!, nurse.headers);
    expect(over.statusCode).toBe(403);
    expect(over.json().issue[0]).toMatchObject({ code: 'security' });
    expect(over.json().issue[0].diagnostics).toMatch(
      /passkey.*61 patients in 24 hours, within care relationships or not, past the soft line of 60 for an account in its first 14 days/,
    );
    const last = await store.db.one<{ outcome: string; reason: string }>(
      sql`SELECT outcome, reason FROM audit_event WHERE actor_id = ${nurse.id} AND action = 'read' ORDER BY seq DESC LIMIT 1`,
    );
    expect(last).toMatchObject({ outcome: 'refused' });
    expect(last!.reason).toMatch(/^guard: /);
    expect(await givenTo(nurse.id)).toBe(NEW_ACCOUNT.daySoft);
    // With a fresh passkey the nurse goes on; one step-up asked for is ordinary: no alert.
    await stepUp(nurse.id);
    expect((await read(staying[NEW_ACCOUNT.daySoft]!, nurse.headers)).statusCode).toBe(200);
    expect(await alertsOf(nurse.id)).toEqual([]);
    expect(await statusOf(nurse.id)).toBe('active');
  });

  it('is contained past the hard line, passkey or not, before the answer leaves; the security officer reads why', async () => {
    const doctor = await account('new.doctor', 'doctor');
    await stepUp(doctor.id);
    const codes = await readAll(staying.slice(0, NEW_ACCOUNT.dayHard + 1), doctor.headers);
    expect(codes.slice(0, NEW_ACCOUNT.dayHard)).toEqual(Array(NEW_ACCOUNT.dayHard).fill('ok'));
    expect(codes.at(-1)).toBe('suspended');
    expect(await statusOf(doctor.id)).toBe('contained');
    expect(await givenTo(doctor.id)).toBe(NEW_ACCOUNT.dayHard);
    // Every session revoked: the next read of a patient in its care is refused too.
    expect((await read(staying[0]!, doctor.headers)).statusCode).toBe(401);
    const officer = await signIn(app, fixture, 'security_officer');
    const { alerts } = (await app.inject({ url: '/api/security/alerts', headers: officer })).json();
    const alert = alerts.find((candidate: { username: string }) => candidate.username === 'new.doctor');
    expect(alert).toMatchObject({ detector: 'volume', severity: 'high', contained: true });
    expect(alert.explanation).toMatch(
      /new\.doctor \(doctor\), an account 0 days old, was given 151 patients in 24 hours, within care relationships or not, past the hard line of 150 for an account in its first 14 days: a new account reaching many patients at once/,
    );
  });
});

describe('an account past its first 14 days', () => {
  it('with usual days to compare with, is not counted at all', async () => {
    const nurse = await olderAccount('settled.nurse', 'nurse', 20, VOLUME.historyDays);
    expect(await readAll(staying.slice(0, NEW_ACCOUNT.dayHard + 10), nurse.headers)).toEqual(Array(NEW_ACCOUNT.dayHard + 10).fill('ok'));
    expect(await givenTo(nurse.id)).toBe(0);
    expect(await alertsOf(nurse.id)).toEqual([]);
  });

  it('with nothing to compare with, raises the volume alert in the request past the unknown line, once, without containing', async () => {
    const doctor = await olderAccount('dormant.doctor', 'doctor', 200, VOLUME.historyDays - 1);
    expect(await readAll(staying.slice(0, VOLUME.unknownLine), doctor.headers)).toEqual(Array(VOLUME.unknownLine).fill('ok'));
    expect(await alertsOf(doctor.id)).toEqual([]);
    expect(await readAll(staying.slice(VOLUME.unknownLine, VOLUME.unknownLine + 2), doctor.headers)).toEqual(['ok', 'ok']);
    const alerts = await alertsOf(doctor.id);
    expect(alerts).toEqual([expect.objectContaining({ detector: 'volume', severity: 'medium', contained: false })]);
    expect(alerts[0]!.explanation).toMatch(
      /dormant\.doctor \(doctor\) was given 151 patients in 24 hours, within care relationships or not, with no history \(6 working days in 30\) or peers to compare with, past 150/,
    );
    expect(await statusOf(doctor.id)).toBe('active');
  });

  it('with nothing of its own but peers at work, is left to the volume sweep, which compares it with them', async () => {
    const [peer1, peer2] = [await account('peer.nurse1', 'nurse'), await account('peer.nurse2', 'nurse')];
    const today = clock.now().toISOString().slice(0, 10);
    await store.db.run(sql`INSERT INTO guard_volume (account_id, day, patients) VALUES (${peer1.id}, ${today}, 70), (${peer2.id}, ${today}, 80)`);
    const nurse = await olderAccount('back.nurse', 'nurse', 400, 0);
    expect(await readAll(staying.slice(0, VOLUME.unknownLine + 1), nurse.headers)).toEqual(Array(VOLUME.unknownLine + 1).fill('ok'));
    expect(await alertsOf(nurse.id)).toEqual([]);
  });
});

describe('the rolling day', () => {
  it('forgets the patients given to a new account 24 hours ago', async () => {
    const nurse = await account('new.nurse2', 'nurse');
    expect(await readAll(staying.slice(0, NEW_ACCOUNT.daySoft), nurse.headers)).toEqual(Array(NEW_ACCOUNT.daySoft).fill('ok'));
    expect(await readAll(staying.slice(NEW_ACCOUNT.daySoft, NEW_ACCOUNT.daySoft + 1), nurse.headers)).toEqual(['security']);
    clock.advance(24 * 3_600_000 + 60_000);
    const next = staying.slice(NEW_ACCOUNT.daySoft, 2 * NEW_ACCOUNT.daySoft);
    expect(await readAll(next, nurse.headers)).toEqual(Array(NEW_ACCOUNT.daySoft).fill('ok'));
    expect(await readAll(staying.slice(0, 1), nurse.headers)).toEqual(['security']);
  });
});
