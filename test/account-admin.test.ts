import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { CLINIC_ID, PRACTITIONER_ID, seedFixture, signIn, UNIT_ID, type Fixture } from './support/fixture.ts';
import { signInAs, testAccount, type TestAccount } from './support/sign-in.ts';
import { openTestStore } from './support/test-store.ts';
import { activateOverHttp } from './support/activation.ts';
import { allowAnotherTotp } from './support/ceremony.ts';
import { ACCOUNTS_MADE_PER_DAY } from '../src/identity/account-making-watch.ts';
import { sql } from '../src/store/sql.ts';

/**
 * Account administration (DESIGN invariants 3 and 9): only user_admin, never on oneself,
 * no "log in as", every act that makes access confirmed by a second person who hands over
 * the activation code, no credential ever in the creator's hands, every change audited.
 */
let store: Store;
let app: FastifyInstance;
let fixture: Fixture;
let admin: Record<string, string>;
let secondAdmin: Record<string, string>;
let secondAdminAccount: TestAccount;
let officer: Record<string, string>;
let dpo: Record<string, string>;

beforeAll(async () => {
  store = await openTestStore();
  fixture = await seedFixture(store);
  app = await buildApp({ store });
  secondAdminAccount = await testAccount(store, 'second.admin', 'user_admin');
  admin = await signIn(app, fixture, 'user_admin');
  secondAdmin = await signInAs(app, secondAdminAccount);
  officer = await signInAs(app, await testAccount(store, 'second.officer', 'security_officer'));
  dpo = await signInAs(app, await testAccount(store, 'second.dpo', 'dpo'));
});
afterAll(async () => {
  await app.close();
  await store.close();
});

/** What a reader of the PDF sees (poppler's pdftotext, which .ci/run installs). */
const pdfText = (pdf: Buffer) => {
  const file = join(mkdtempSync(join(tmpdir(), 'vigie-letter-')), 'letter.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, ' ');
};

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
  app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
const accountCount = async () => store.db.count(sql`SELECT count(*) FROM account`);
const auditCount = async (action: string, outcome: string) =>
  store.db.count(sql`SELECT count(*) FROM audit_event WHERE action = ${action} AND outcome = ${outcome}`);
const statusOf = async (id: string) => (await store.db.one<{ status: string; role: string }>(sql`SELECT status, role FROM account WHERE id = ${id}`))!;
const idOf = async (username: string) => (await store.db.one<{ id: string }>(sql`SELECT id FROM account WHERE username = ${username}`))!.id;
const newDoctor = (username: string) => ({ username, role: 'nurse', establishmentId: CLINIC_ID, unitId: UNIT_ID });

describe('who may administer', () => {
  it.each(['doctor', 'sysadmin', 'security_officer', 'dpo'] as const)('refuses %s with a 403 OperationOutcome, audited, nothing created', async (role) => {
    const headers = await signIn(app, fixture, role);
    const before = { accounts: await accountCount(), refused: await auditCount('account-create', 'refused') };
    const response = await call('POST', '/api/admin/accounts', headers, newDoctor(`made.by.${role}`));
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'forbidden' }] });
    expect(await accountCount()).toBe(before.accounts);
    expect(await auditCount('account-create', 'refused')).toBe(before.refused + 1);
    expect((await call('POST', `/api/admin/accounts/${await idOf('nurse.test')}/disable`, headers)).statusCode).toBe(403);
    // A security officer confirms requests (a second person); no one else sees them.
    expect((await call('GET', '/api/admin/requests', headers)).statusCode).toBe(role === 'security_officer' ? 200 : 403);
  });

  it('refuses a request without a token with a 401', async () => {
    expect((await call('POST', '/api/admin/accounts', {}, newDoctor('anonymous.made'))).statusCode).toBe(401);
  });

  it('refuses every change of the administrator to their own account', async () => {
    const self = await idOf('user_admin.test');
    for (const [method, url, body] of [
      ['PATCH', `/api/admin/accounts/${self}`, { role: 'sysadmin' }],
      ['PATCH', `/api/admin/accounts/${self}`, { unitId: UNIT_ID, establishmentId: CLINIC_ID }],
      ['POST', `/api/admin/accounts/${self}/disable`, undefined],
      ['POST', `/api/admin/accounts/${self}/reset-lockout`, undefined],
    ] as const) {
      const response = await call(method, url, admin, body);
      expect(response.statusCode, url).toBe(403);
      expect(response.json().issue[0].diagnostics).toMatch(/own account/);
    }
    expect(await statusOf(self)).toEqual({ status: 'active', role: 'user_admin' });
  });
});

describe('creating an account', () => {
  it('returns no credential; the account opens nothing until a second person confirms, who hands over the activation code', async () => {
    const response = await call('POST', '/api/admin/accounts', admin, newDoctor('nouvelle.infirmiere'));
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created.account).toMatchObject({ username: 'nouvelle.infirmiere', role: 'nurse', status: 'pending', unitId: UNIT_ID });
    expect(created.request).toMatchObject({ kind: 'create', username: 'nouvelle.infirmiere', role: 'nurse', requestedBy: 'user_admin.test' });
    // Nothing the creator could sign in with, or hand to an accomplice.
    expect(JSON.stringify(created)).not.toMatch(/password|totp|otpauth|secret|activation/i);
    expect(await store.db.one(sql`SELECT activated_at FROM account WHERE id = ${created.account.id}`)).toEqual({ activated_at: null });

    const alone = await call('POST', `/api/admin/requests/${created.request.id}/confirm`, admin);
    expect(alone.statusCode).toBe(403);
    expect(alone.json().issue[0].diagnostics).toMatch(/second person/);
    expect(await statusOf(created.account.id)).toEqual({ status: 'pending', role: 'nurse' });
    // Enabling it by the back door is no way round.
    expect((await call('POST', `/api/admin/accounts/${created.account.id}/enable`, admin)).statusCode).toBe(409);

    const listed = (await call('GET', '/api/admin/requests', secondAdmin)).json().requests.find((request: { id: string }) => request.id === created.request.id);
    expect(listed).toMatchObject({ kind: 'create', reach: expect.any(Number) });
    const confirmed = await call('POST', `/api/admin/requests/${created.request.id}/confirm`, secondAdmin);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({
      account: { status: 'active' },
      reach: listed.reach,
      activation: { code: expect.stringMatching(/^([0-9A-Z]{4}-){5}[0-9A-Z]{4}$/) },
    });
    expect((await call('POST', `/api/admin/requests/${created.request.id}/confirm`, secondAdmin)).statusCode).toBe(409);
    // The letter to hand over: the code, and a QR code of the activation page with the code in the fragment (never sent to a server).
    const { code, url, letterPdf } = confirmed.json().activation;
    expect(url).toBe(`http://127.0.0.1:8080/#/activate/nouvelle.infirmiere/${code}`);
    const letter = pdfText(Buffer.from(letterPdf, 'base64'));
    expect(letter).toContain(`Code d’activation : ${code}`);
    expect(letter).toContain('Identifiant : nouvelle.infirmiere');
    const owner = await activateOverHttp(app, created.account.id, 'nouvelle.infirmiere', code);
    await signInAs(app, owner);
    expect(await auditCount('account-activation', 'allowed')).toBeGreaterThanOrEqual(2);
  });

  it.each([
    [{ ...newDoctor('x.y.z'), extra: 1 }, 'extra'],
    [{ ...newDoctor('x.y.z'), role: 'superuser' }, 'role'],
    [{ ...newDoctor('X Y'), username: 'X Y' }, 'username'],
    [{ ...newDoctor('x.y.z'), unitId: CLINIC_ID }, 'unitId'],
    [{ ...newDoctor('x.y.z'), establishmentId: UNIT_ID }, 'establishmentId'],
    [{ username: 'x.y.z', role: 'doctor' }, 'establishmentId'],
    [{ ...newDoctor('x.y.z'), practitionerId: '00000000-0000-4000-8000-00000000ffff' }, 'practitionerId'],
  ])('refuses bad input with a 400 naming the field (%#) and creates nothing', async (body, field) => {
    const before = await accountCount();
    const response = await call('POST', '/api/admin/accounts', admin, body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'invalid', expression: [field] }] });
    expect(await accountCount()).toBe(before);
  });

  it('refuses a taken username, and a practitioner who has an account or one waiting, with a 409', async () => {
    expect((await call('POST', '/api/admin/accounts', admin, newDoctor('doctor.test'))).statusCode).toBe(409);
    const twin = await call('POST', '/api/admin/accounts', admin, { ...newDoctor('twin.doctor'), role: 'doctor', practitionerId: PRACTITIONER_ID });
    expect(twin.statusCode).toBe(409);
    // A practitioner claimed by a request still waiting cannot be claimed again.
    await store.db.run(sql`UPDATE account SET practitioner_id = NULL WHERE practitioner_id = ${PRACTITIONER_ID}`);
    expect(
      (await call('POST', '/api/admin/accounts', admin, { ...newDoctor('first.claim'), role: 'doctor', practitionerId: PRACTITIONER_ID })).statusCode,
    ).toBe(201);
    expect(
      (await call('POST', '/api/admin/accounts', secondAdmin, { ...newDoctor('second.claim'), role: 'doctor', practitionerId: PRACTITIONER_ID })).statusCode,
    ).toBe(409);
    await store.db.run(sql`UPDATE account SET practitioner_id = ${PRACTITIONER_ID} WHERE username = 'doctor.test'`);
  });
});

describe('two people for every act that makes access', () => {
  it('lets a security officer confirm, never a care role, and never the person the request is about', async () => {
    const { request } = (await call('POST', '/api/admin/accounts', admin, newDoctor('confirmed.by.rssi'))).json();
    const doctor = await call('POST', `/api/admin/requests/${request.id}/confirm`, await signIn(app, fixture, 'doctor'));
    expect(doctor.statusCode).toBe(403);
    expect((await call('GET', '/api/admin/requests', dpo)).statusCode).toBe(403);
    expect((await call('POST', `/api/admin/requests/${request.id}/confirm`, officer)).json()).toMatchObject({
      account: { status: 'active' },
      activation: { code: expect.any(String) },
    });
    // The second administrator asks for the first one's account to be changed: the first cannot confirm it.
    const { request: aboutMe } = (await call('PATCH', `/api/admin/accounts/${await idOf('user_admin.test')}`, secondAdmin, { role: 'sysadmin' })).json();
    expect((await call('POST', `/api/admin/requests/${aboutMe.id}/confirm`, admin)).statusCode).toBe(403);
    expect((await call('POST', `/api/admin/requests/${aboutMe.id}/reject`, secondAdmin)).statusCode).toBe(200);
  });

  it('creates a privileged account whose first passkey needs the activation code, not the password and TOTP secret', async () => {
    const created = (await call('POST', '/api/admin/accounts', admin, { username: 'new.sysadmin', role: 'sysadmin' })).json();
    const { activation } = (await call('POST', `/api/admin/requests/${created.request.id}/confirm`, secondAdmin)).json();
    const owner = await activateOverHttp(app, created.account.id, 'new.sysadmin', activation.code);
    // A thief holding the password and the TOTP secret, without the letter.
    const thief = { ...owner, activationCode: undefined };
    await expect(signInAs(app, thief)).rejects.toThrow(/register\/options: 400/);
    // A wrong code burns like a wrong factor.
    await allowAnotherTotp(store, thief);
    thief.activationCode = 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01' as never;
    await expect(signInAs(app, thief)).rejects.toThrow(/register\/options: 401/);
    await allowAnotherTotp(store, owner);
    await signInAs(app, owner);
    expect(await statusOf(created.account.id)).toEqual({ status: 'active', role: 'sysadmin' });
  });

  it('keeps the old role and placement while a change waits, and ends the sessions when it is confirmed', async () => {
    const nurse = await testAccount(store, 'promoted.nurse', 'nurse', { establishmentId: CLINIC_ID, unitId: UNIT_ID });
    const nurseSession = await signInAs(app, nurse);
    const change = (await call('PATCH', `/api/admin/accounts/${nurse.id}`, admin, { role: 'doctor', unitId: null })).json();
    expect(change.account).toMatchObject({ role: 'nurse', unitId: UNIT_ID });
    expect(change.request).toMatchObject({ kind: 'change', role: 'doctor', unitId: null });
    expect((await call('GET', '/api/me', nurseSession)).json()).toMatchObject({ role: 'nurse', unitId: UNIT_ID });
    // A second request for the same account waits for the first to be decided.
    expect((await call('PATCH', `/api/admin/accounts/${nurse.id}`, secondAdmin, { role: 'dpo' })).statusCode).toBe(409);

    expect((await call('POST', `/api/admin/requests/${change.request.id}/confirm`, secondAdmin)).statusCode).toBe(200);
    expect(await statusOf(nurse.id)).toEqual({ status: 'active', role: 'doctor' });
    expect((await call('GET', '/api/me', nurseSession)).statusCode).toBe(401);
    expect(await auditCount('account-request', 'allowed')).toBeGreaterThanOrEqual(4);
  });

  it('makes a demotion to a care role wait too: it opens patients', async () => {
    const target = await testAccount(store, 'former.dpo', 'dpo');
    const response = (await call('PATCH', `/api/admin/accounts/${target.id}`, admin, { role: 'nurse', establishmentId: CLINIC_ID })).json();
    expect(response).toMatchObject({ account: { role: 'dpo', establishmentId: null }, request: { role: 'nurse', establishmentId: CLINIC_ID } });
    expect((await call('POST', `/api/admin/requests/${response.request.id}/reject`, admin)).statusCode).toBe(200);
    expect(await statusOf(target.id)).toEqual({ status: 'active', role: 'dpo' });
  });

  it('alerts the security officer when one administrator asks for many accounts in a day', async () => {
    const busy = await testAccount(store, 'busy.admin', 'user_admin');
    const headers = await signInAs(app, busy);
    for (let n = 0; n < ACCOUNTS_MADE_PER_DAY; n++) expect((await call('POST', '/api/admin/accounts', headers, newDoctor(`intake.${n}`))).statusCode).toBe(201);
    const alerts = await store.db.rows<{ explanation: string }>(
      sql`SELECT explanation FROM guard_alert WHERE account_id = ${busy.id} AND detector = 'accounts-made'`,
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.explanation).toMatch(/busy\.admin \(user_admin\) requested 10 account requests in 24 hours/);
  });
});

describe('a new activation code', () => {
  it('takes a user administrator and a security officer; the old passkey and password stop working', async () => {
    const owner = await testAccount(store, 'lost.passkey', 'dpo');
    await signInAs(app, owner);
    const asked = await call('POST', `/api/admin/accounts/${owner.id}/activation`, admin);
    expect(asked.statusCode).toBe(201);
    const { request } = asked.json();
    expect(await auditCount('account-notice', 'allowed')).toBeGreaterThan(0);
    // Two user administrators are not enough for this one.
    const sameRole = await call('POST', `/api/admin/requests/${request.id}/confirm`, secondAdmin);
    expect(sameRole.statusCode).toBe(403);
    expect(sameRole.json().issue[0].diagnostics).toMatch(/security officer together/);
    const { activation } = (await call('POST', `/api/admin/requests/${request.id}/confirm`, officer)).json();
    expect((await store.db.rows(sql`SELECT 1 FROM passkey WHERE account_id = ${owner.id}`)).length).toBe(0);
    const old = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: owner.username, password: owner.password } });
    expect(old.statusCode).toBe(401);
    const notices = await store.db.rows<{ kind: string }>(sql`SELECT kind FROM account_notice WHERE account_id = ${owner.id}`);
    expect(notices.map((notice) => notice.kind)).toContain('activation-code-issued');
    await signInAs(app, await activateOverHttp(app, owner.id, owner.username, activation.code));
  });

  it('is refused to other roles, and for an account that is not active', async () => {
    const target = await testAccount(store, 'not.now', 'nurse', { establishmentId: CLINIC_ID });
    expect((await call('POST', `/api/admin/accounts/${target.id}/activation`, dpo)).statusCode).toBe(403);
    await call('POST', `/api/admin/accounts/${target.id}/disable`, admin);
    expect((await call('POST', `/api/admin/accounts/${target.id}/activation`, admin)).statusCode).toBe(409);
  });
});

describe('disabling and re-enabling', () => {
  it("refuses a disabled account's token at once; re-enabling waits for a second person", async () => {
    const nurse = await testAccount(store, 'leaving.nurse', 'nurse', { establishmentId: CLINIC_ID, unitId: UNIT_ID });
    const session = await signInAs(app, nurse);
    expect((await call('GET', '/api/me', session)).statusCode).toBe(200);
    const disabled = await call('POST', `/api/admin/accounts/${nurse.id}/disable`, admin);
    expect(disabled.json()).toMatchObject({ status: 'suspended' });
    expect((await call('GET', '/api/me', session)).statusCode).toBe(401);
    expect((await store.db.rows(sql`SELECT 1 FROM session WHERE account_id = ${nurse.id} AND revoked_at IS NULL`)).length).toBe(0);
    expect((await call('POST', `/api/admin/accounts/${nurse.id}/disable`, admin)).statusCode).toBe(409);

    const enable = (await call('POST', `/api/admin/accounts/${nurse.id}/enable`, admin)).json();
    expect(enable).toMatchObject({ account: { status: 'suspended' }, request: { kind: 'enable' } });
    await expect(signInAs(app, nurse)).rejects.toThrow(/login .*401/);
    expect((await call('POST', `/api/admin/requests/${enable.request.id}/confirm`, secondAdmin)).json()).toMatchObject({ account: { status: 'active' } });
    expect((await call('GET', '/api/me', session)).statusCode).toBe(401);
    await signInAs(app, nurse);
  });

  it('leaves a contained account to the security officer', async () => {
    const target = await testAccount(store, 'contained.doctor', 'doctor', { establishmentId: CLINIC_ID });
    await store.db.run(sql`UPDATE account SET status = 'contained' WHERE id = ${target.id}`);
    expect((await call('POST', `/api/admin/accounts/${target.id}/enable`, admin)).statusCode).toBe(409);
    expect((await call('POST', `/api/admin/accounts/${target.id}/disable`, admin)).statusCode).toBe(409);
    expect((await statusOf(target.id)).status).toBe('contained');
  });

  it('answers 404 for an account that does not exist and 400 for a malformed id', async () => {
    expect((await call('POST', '/api/admin/accounts/00000000-0000-4000-8000-00000000abcd/disable', admin)).statusCode).toBe(404);
    expect((await call('POST', '/api/admin/accounts/not-an-id/disable', admin)).statusCode).toBe(400);
  });
});

describe('lockout reset', () => {
  it('opens a locked account again', async () => {
    const target = await testAccount(store, 'locked.out', 'nurse', { establishmentId: CLINIC_ID });
    for (let i = 0; i < 10; i++) {
      await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: target.username, password: `wrong ${i}` },
        remoteAddress: `10.1.0.${i}`,
      });
      await store.db.run(sql`UPDATE login_failure SET blocked_until = NULL WHERE blocked_until < now() + interval '2 minutes'`);
    }
    const locked = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: target.username, password: target.password },
      remoteAddress: '10.1.1.1',
    });
    expect(locked.statusCode).toBe(429);
    const reset = await call('POST', `/api/admin/accounts/${target.id}/reset-lockout`, admin);
    expect(reset.json()).toMatchObject({ hadFailures: true });
    await signInAs(app, target);
    expect(await auditCount('lockout-reset', 'allowed')).toBe(1);
  });
});

describe("a user's own password", () => {
  const change = (headers: Record<string, string>, currentPassword: string, newPassword: string) =>
    call('POST', '/api/account/password', headers, { currentPassword, newPassword });

  it.each([
    ['short one', /at least 12/],
    ['motdepasse2026', /common or leaked/],
    ['Azertyuiop123!', /common or leaked/],
    ['password.changer and more', /account's name/],
    ['vigie sur la colline', /account's name/],
    ['0000000000000', /repeats/],
  ])('refuses %s with a 400 saying why', async (newPassword, why) => {
    const user = await testAccount(store, `changer.${Math.random().toString(36).slice(2, 8)}`, 'nurse', { establishmentId: CLINIC_ID });
    const response = await change(await signInAs(app, user), user.password, newPassword.replace('password.changer', user.username));
    expect(response.statusCode).toBe(400);
    expect(
      response
        .json()
        .issue.map((issue: { diagnostics: string }) => issue.diagnostics)
        .join(' '),
    ).toMatch(why);
  });

  it('needs the current password, then ends the other sessions', async () => {
    const user = await testAccount(store, 'password.changer', 'nurse', { establishmentId: CLINIC_ID });
    const first = await signInAs(app, user);
    const second = await signInAs(app, user);
    expect((await change(first, 'not my password', 'une phrase assez longue et neuve')).statusCode).toBe(403);
    expect((await change(first, user.password, 'une phrase assez longue et neuve')).statusCode).toBe(204);
    expect((await call('GET', '/api/me', first)).statusCode).toBe(200);
    expect((await call('GET', '/api/me', second)).statusCode).toBe(401);
    const old = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: user.password } });
    expect(old.statusCode).toBe(401);
  });
});

describe('staff teams', () => {
  it('are created, staffed, renamed, disabled and re-enabled by user_admin only, each step audited', async () => {
    const before = await auditCount('staff-team', 'allowed');
    const team = (await call('POST', '/api/admin/teams', admin, { name: 'Équipe de nuit', establishmentId: CLINIC_ID, unitId: UNIT_ID })).json();
    expect(team).toMatchObject({ name: 'Équipe de nuit', status: 'active', members: [] });
    const nurseId = await idOf('nurse.test');
    expect((await call('POST', `/api/admin/teams/${team.id}/members`, admin, { accountId: nurseId })).json().members).toEqual([
      { accountId: nurseId, username: 'nurse.test', role: 'nurse' },
    ]);
    expect((await call('POST', `/api/admin/teams/${team.id}/members`, admin, { accountId: nurseId })).statusCode).toBe(409);
    expect((await call('POST', `/api/admin/teams/${team.id}/members`, admin, { accountId: await idOf('sysadmin.test') })).statusCode).toBe(400);
    expect((await call('PATCH', `/api/admin/teams/${team.id}`, admin, { name: 'Équipe de jour' })).json().name).toBe('Équipe de jour');
    expect((await call('POST', `/api/admin/teams/${team.id}/disable`, admin)).json().status).toBe('disabled');
    expect((await call('POST', `/api/admin/teams/${team.id}/enable`, admin)).json().status).toBe('active');
    expect((await call('DELETE', `/api/admin/teams/${team.id}/members/${nurseId}`, admin)).json().members).toEqual([]);
    expect(await auditCount('staff-team', 'allowed')).toBe(before + 6);
    expect((await call('POST', '/api/admin/teams', await signIn(app, fixture, 'nurse'), { name: 'x', establishmentId: CLINIC_ID })).statusCode).toBe(403);
    expect((await call('POST', '/api/admin/teams', admin, { name: '', establishmentId: CLINIC_ID })).statusCode).toBe(400);
  });
});
