import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import type { Store } from '../src/store/open-store.ts';
import { CLINIC_ID, PRACTITIONER_ID, seedFixture, signIn, UNIT_ID, type Fixture } from './support/fixture.ts';
import { signInAs, testAccount, type TestAccount } from './support/sign-in.ts';
import { openTestStore } from './support/test-store.ts';

/**
 * Account administration (DESIGN invariant 3): only user_admin, never on oneself, no
 * "log in as", a privileged role needs a second administrator, every change audited.
 */
let store: Store;
let app: FastifyInstance;
let fixture: Fixture;
let admin: Record<string, string>;
let secondAdmin: Record<string, string>;
let secondAdminAccount: TestAccount;

beforeAll(async () => {
  store = await openTestStore();
  fixture = await seedFixture(store);
  app = await buildApp({ store });
  secondAdminAccount = await testAccount(store, 'second.admin', 'user_admin');
  admin = await signIn(app, fixture, 'user_admin');
  secondAdmin = await signInAs(app, secondAdminAccount);
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
  app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
const accountCount = async () => Number((await store.db.query<{ n: string }>('SELECT count(*) AS n FROM account'))[0]!.n);
const auditCount = async (action: string, outcome: string) =>
  Number((await store.db.query<{ n: string }>('SELECT count(*) AS n FROM audit_event WHERE action = $1 AND outcome = $2', [action, outcome]))[0]!.n);
const statusOf = async (id: string) => (await store.db.query<{ status: string; role: string }>('SELECT status, role FROM account WHERE id = $1', [id]))[0]!;
const idOf = async (username: string) => (await store.db.query<{ id: string }>('SELECT id FROM account WHERE username = $1', [username]))[0]!.id;
const secretOf = (uri: string) => new URL(uri).searchParams.get('secret')!;
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
    expect((await call('GET', '/api/admin/grants', headers)).statusCode).toBe(403);
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
  it('shows a random password and the TOTP secret once, and they sign in', async () => {
    const response = await call('POST', '/api/admin/accounts', admin, newDoctor('nouvelle.infirmiere'));
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created.account).toMatchObject({ username: 'nouvelle.infirmiere', role: 'nurse', status: 'active', unitId: UNIT_ID });
    expect(created.initialPassword).toHaveLength(24);
    expect(created.totpUri).toMatch(/^otpauth:\/\/totp\/Vigie:nouvelle\.infirmiere\?/);
    expect(created.pendingGrant).toBeUndefined();
    const [stored] = await store.db.query<{ password_hash: string }>('SELECT password_hash FROM account WHERE id = $1', [created.account.id]);
    expect(stored!.password_hash).toMatch(/^\$argon2id\$/);
    expect(stored!.password_hash).not.toContain(created.initialPassword);
    await signInAs(app, { username: 'nouvelle.infirmiere', password: created.initialPassword, totpSecret: secretOf(created.totpUri), signIns: 0 });
    expect(await auditCount('account-create', 'allowed')).toBeGreaterThanOrEqual(1);
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

  it('refuses a taken username and a practitioner who already has an account with a 409', async () => {
    expect((await call('POST', '/api/admin/accounts', admin, newDoctor('doctor.test'))).statusCode).toBe(409);
    const twin = await call('POST', '/api/admin/accounts', admin, { ...newDoctor('twin.doctor'), role: 'doctor', practitionerId: PRACTITIONER_ID });
    expect(twin.statusCode).toBe(409);
  });
});

describe('privileged roles need a second administrator', () => {
  it('creates a privileged account pending: it opens nothing until another admin confirms', async () => {
    const created = (await call('POST', '/api/admin/accounts', admin, { username: 'new.sysadmin', role: 'sysadmin' })).json();
    expect(created.account.status).toBe('pending');
    expect(created.pendingGrant).toMatchObject({ username: 'new.sysadmin', role: 'sysadmin', requestedBy: 'user_admin.test' });
    const login = { username: 'new.sysadmin', password: created.initialPassword, totpSecret: secretOf(created.totpUri), signIns: 0 };
    expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: login.username, password: login.password } })).statusCode).toBe(401);

    const alone = await call('POST', `/api/admin/grants/${created.pendingGrant.id}/confirm`, admin);
    expect(alone.statusCode).toBe(403);
    expect(alone.json().issue[0].diagnostics).toMatch(/second user administrator/);
    expect(await statusOf(created.account.id)).toEqual({ status: 'pending', role: 'sysadmin' });
    // Enabling it by the back door is no way round.
    expect((await call('POST', `/api/admin/accounts/${created.account.id}/enable`, admin)).statusCode).toBe(409);

    expect((await call('GET', '/api/admin/grants', secondAdmin)).json().grants.map((grant: { id: string }) => grant.id)).toContain(created.pendingGrant.id);
    const confirmed = await call('POST', `/api/admin/grants/${created.pendingGrant.id}/confirm`, secondAdmin);
    expect(confirmed.statusCode).toBe(200);
    expect(await statusOf(created.account.id)).toEqual({ status: 'active', role: 'sysadmin' });
    await signInAs(app, login);
    expect((await call('POST', `/api/admin/grants/${created.pendingGrant.id}/confirm`, secondAdmin)).statusCode).toBe(409);
  });

  it('keeps the old role while a promotion waits, and ends the sessions when it is confirmed', async () => {
    const nurse = await testAccount(store, 'promoted.nurse', 'nurse', { establishmentId: CLINIC_ID, unitId: UNIT_ID });
    const nurseSession = await signInAs(app, nurse);
    const change = (await call('PATCH', `/api/admin/accounts/${nurse.id}`, admin, { role: 'security_officer' })).json();
    expect(change.account.role).toBe('nurse');
    expect(change.pendingGrant.role).toBe('security_officer');
    expect((await call('GET', '/api/me', nurseSession)).json().role).toBe('nurse');
    // A second request for the same account waits for the first to be decided.
    expect((await call('PATCH', `/api/admin/accounts/${nurse.id}`, secondAdmin, { role: 'dpo' })).statusCode).toBe(409);

    expect((await call('POST', `/api/admin/grants/${change.pendingGrant.id}/confirm`, secondAdmin)).statusCode).toBe(200);
    expect(await statusOf(nurse.id)).toEqual({ status: 'active', role: 'security_officer' });
    expect((await call('GET', '/api/me', nurseSession)).statusCode).toBe(401);
    expect(await auditCount('role-grant', 'allowed')).toBeGreaterThanOrEqual(4);
  });

  it('lets the requester withdraw, and nobody confirm a grant for themselves', async () => {
    const target = await testAccount(store, 'maybe.dpo', 'nurse', { establishmentId: CLINIC_ID });
    const { pendingGrant } = (await call('PATCH', `/api/admin/accounts/${target.id}`, admin, { role: 'dpo' })).json();
    expect((await call('POST', `/api/admin/grants/${pendingGrant.id}/reject`, admin)).statusCode).toBe(200);
    expect(await statusOf(target.id)).toEqual({ status: 'active', role: 'nurse' });
    // The second administrator asks for the first one's account to be changed: the first cannot confirm it.
    const { pendingGrant: aboutMe } = (await call('PATCH', `/api/admin/accounts/${await idOf('user_admin.test')}`, secondAdmin, { role: 'sysadmin' })).json();
    expect((await call('POST', `/api/admin/grants/${aboutMe.id}/confirm`, admin)).statusCode).toBe(403);
    expect((await call('POST', `/api/admin/grants/${aboutMe.id}/reject`, secondAdmin)).statusCode).toBe(200);
  });

  it('demotes at once: less privilege needs nobody else', async () => {
    const target = await testAccount(store, 'former.dpo', 'dpo');
    const response = await call('PATCH', `/api/admin/accounts/${target.id}`, admin, { role: 'nurse', establishmentId: CLINIC_ID });
    expect(response.json()).toMatchObject({ account: { role: 'nurse', establishmentId: CLINIC_ID } });
  });
});

describe('disabling and re-enabling', () => {
  it("refuses a disabled account's token at once, and re-enables it", async () => {
    const nurse = await testAccount(store, 'leaving.nurse', 'nurse', { establishmentId: CLINIC_ID, unitId: UNIT_ID });
    const session = await signInAs(app, nurse);
    expect((await call('GET', '/api/me', session)).statusCode).toBe(200);
    const disabled = await call('POST', `/api/admin/accounts/${nurse.id}/disable`, admin);
    expect(disabled.json()).toMatchObject({ status: 'suspended' });
    expect((await call('GET', '/api/me', session)).statusCode).toBe(401);
    expect((await store.db.query('SELECT 1 FROM session WHERE account_id = $1 AND revoked_at IS NULL', [nurse.id])).length).toBe(0);
    expect((await call('POST', `/api/admin/accounts/${nurse.id}/disable`, admin)).statusCode).toBe(409);

    expect((await call('POST', `/api/admin/accounts/${nurse.id}/enable`, admin)).json()).toMatchObject({ account: { status: 'active' } });
    expect((await call('GET', '/api/me', session)).statusCode).toBe(401);
    await signInAs(app, nurse);
  });

  it("leaves a contained account to the security officer", async () => {
    const target = await testAccount(store, 'contained.doctor', 'doctor', { establishmentId: CLINIC_ID });
    await store.db.query(`UPDATE account SET status = 'contained' WHERE id = $1`, [target.id]);
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
      await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: target.username, password: `wrong ${i}` }, remoteAddress: `10.1.0.${i}` });
      await store.db.query(`UPDATE login_failure SET blocked_until = NULL WHERE blocked_until < now() + interval '2 minutes'`);
    }
    const locked = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: target.username, password: target.password }, remoteAddress: '10.1.1.1' });
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
    expect(response.json().issue.map((issue: { diagnostics: string }) => issue.diagnostics).join(' ')).toMatch(why);
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
    expect((await call('POST', `/api/admin/teams/${team.id}/members`, admin, { accountId: nurseId })).json().members).toEqual([{ accountId: nurseId, username: 'nurse.test', role: 'nurse' }]);
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
