import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { Gate } from '../src/gate/gate.ts';
import { inGate } from '../src/gate/gate-role.ts';
import { insertCareLinks } from '../src/store/patient-rows/care-links.ts';
import { insertPatients, patientsInSessions } from '../src/store/patient-rows/patients.ts';
import { DEFAULT_ACCESS_POLICY } from '../src/access/policy.ts';
import { currentLinksOfRow, type LinkRow } from '../src/access/relationships.ts';
import { liveSessionsOf } from '../src/identity/sessions.ts';
import { tokenHash } from '../src/identity/tokens.ts';
import { sql } from '../src/store/sql.ts';
import type { Role } from '../src/domain/roles.ts';
import { CLINIC_ID, PRACTITIONER_ID, UNIT_ID, signIn } from './support/fixture.ts';
import { patientRow } from './support/patient-rows.ts';
import { ownerQuery } from './support/test-store.ts';
import { fixtureApp } from './support/fixture-app.ts';

/**
 * A Patient read whose session check runs in the statement that reads the patient
 * (src/gate/quiet-read.ts, patientInSession): one round trip, and every property of the
 * separate check kept — revocation, containment, a token used elsewhere and a changed
 * placement all take effect on the very next read.
 */
const opened = fixtureApp();
const inSession = vi.spyOn(Gate.prototype, 'readPatientInSession');

/** A patient the fixture's doctor attends: a stay with them as practitioner, in the unit if given. */
async function attended(unitId?: string): Promise<string> {
  const id = randomUUID();
  await inGate(opened.store.db, async (tx) => {
    await insertPatients(tx, [patientRow(opened.store, id, 'Session', 'Anne', '1970-01-01')]);
    await insertCareLinks(tx, [
      {
        sourceId: randomUUID(),
        kind: 'stay',
        patientId: id,
        establishmentId: CLINIC_ID,
        practitionerId: PRACTITIONER_ID,
        unitId,
        startsAt: new Date(Date.now() - 86_400_000).toISOString(),
      },
    ]);
  });
  return id;
}

/** Each role signed in once for the tests that only read (the fixture allows two sign-ins a role). */
const signedIn = new Map<Role, Promise<Record<string, string>>>();
function session(role: Role): Promise<Record<string, string>> {
  if (!signedIn.has(role)) signedIn.set(role, signIn(opened.app, opened.fixture, role));
  return signedIn.get(role)!;
}

const read = (headers: Record<string, string>, id: string) => opened.app.inject({ url: `/fhir/Patient/${id}`, headers });

describe('the session check in the read', () => {
  it('reads with the session in one statement, and sees a placement changed since', async () => {
    const doctor = await session('doctor');
    const id = await attended();
    inSession.mockClear();
    expect((await read(doctor, id)).statusCode).toBe(200);
    expect(inSession).toHaveBeenCalledTimes(1);
    // The account is no longer this practitioner: the links read are those of its placement now.
    await ownerQuery(opened.store.db, `UPDATE account SET practitioner_id = NULL WHERE username = 'doctor.test'`);
    const after = await read(doctor, id);
    expect(after.statusCode).toBe(404);
    expect(inSession).toHaveBeenCalledTimes(2);
    const [entry] = await ownerQuery<{ outcome: string }>(opened.store.db, `SELECT outcome FROM audit_event WHERE patient_id = $1 ORDER BY seq DESC LIMIT 1`, [
      id,
    ]);
    expect(entry!.outcome).toBe('refused');
    await ownerQuery(opened.store.db, `UPDATE account SET practitioner_id = $1 WHERE username = 'doctor.test'`, [PRACTITIONER_ID]);
  });

  it("reads several requests' sessions and patients in one statement, each with the links of its own session's actor", async () => {
    const [doctor, nurse, admissions] = [await session('doctor'), await session('nurse'), await session('admissions')];
    const attendedOnly = await attended();
    const inUnit = await attended(UNIT_ID);
    const ask = (headers: Record<string, string> | undefined, patientId: string) => ({
      tokenHash: tokenHash(headers ? headers.authorization!.slice('Bearer '.length) : 'a token no session has'),
      patientId,
    });
    const asks = [
      ask(doctor, attendedOnly),
      ask(nurse, attendedOnly),
      ask(nurse, inUnit),
      ask(admissions, inUnit),
      ask(doctor, inUnit),
      ask(undefined, inUnit),
    ];
    const found = await inGate(opened.store.db, (tx) =>
      patientsInSessions<LinkRow>(tx, asks, liveSessionsOf, currentLinksOfRow(sql`live`, DEFAULT_ACCESS_POLICY, sql`p.id`)),
    );
    const kinds = found.map((read) => read && read.patient!.links.map((link) => link.kind).sort());
    expect(kinds).toEqual([['attending'], [], ['stay'], ['establishment-stay'], ['attending', 'stay'], undefined]);
    expect(found.slice(0, 5).map((read) => (read!.session as { username: string }).username)).toEqual([
      'doctor.test',
      'nurse.test',
      'nurse.test',
      'admissions.test',
      'doctor.test',
    ]);
  });

  it('answers concurrent reads of several accounts each as its own session allows', async () => {
    const [doctor, nurse] = [await session('doctor'), await session('nurse')];
    const attendedOnly = await attended();
    const inUnit = await attended(UNIT_ID);
    const answers = await Promise.all([
      read(doctor, attendedOnly),
      read(nurse, attendedOnly),
      read(nurse, inUnit),
      read({ authorization: 'Bearer a token no session has' }, inUnit),
      read(doctor, 'not-a-uuid'),
    ]);
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 404, 200, 401, 404]);
    expect(answers[0]!.json().id).toBe(attendedOnly);
    expect(answers[2]!.json().id).toBe(inUnit);
  });

  it('refuses on the next read a session revoked, an account contained, a token used from elsewhere', async () => {
    const id = await attended(UNIT_ID);
    const cases = [
      { role: 'doctor', what: 'revoked', change: `UPDATE session SET revoked_at = now() WHERE revoked_at IS NULL`, from: {} },
      { role: 'nurse', what: 'contained', change: `UPDATE account SET status = 'contained' WHERE username = 'nurse.test'`, from: {} },
      { role: 'admissions', what: 'used elsewhere', change: 'SELECT 1', from: { 'user-agent': 'curl/8.0' } },
    ] as const;
    for (const { role, what, change, from } of cases) {
      const headers = await signIn(opened.app, opened.fixture, role);
      expect((await read(headers, id)).statusCode, what).toBe(200);
      await ownerQuery(opened.store.db, change);
      inSession.mockClear();
      const refused = await read({ ...headers, ...from }, id);
      expect(refused.statusCode, what).toBe(401);
      expect(inSession, what).toHaveBeenCalledTimes(1);
      expect(refused.body, what).not.toContain('Session');
    }
    // The token used elsewhere closed its account's sessions: the owner's own browser is refused too.
    const sessions = await ownerQuery(
      opened.store.db,
      `SELECT 1 FROM session s JOIN account a ON a.id = s.account_id WHERE a.username = 'admissions.test' AND s.revoked_at IS NULL`,
    );
    expect(sessions).toHaveLength(0);
  });
});
