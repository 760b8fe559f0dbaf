import type { FastifyInstance } from 'fastify';
import { createAccount } from '../../src/identity/accounts.ts';
import { issueActivationCode } from '../../src/identity/activation.ts';
import { PRIVILEGED_ROLES, type Role } from '../../src/domain/roles.ts';
import { totpCode } from '../../src/identity/totp.ts';
import type { Store } from '../../src/runtime/open-store.ts';
import { completePasskeyStep } from './passkey-step.ts';
import { openedFrom } from './session-place.ts';
import { SoftwareAuthenticator } from './software-authenticator.ts';

/** An account made for one test, with what signing in needs. */
export interface TestAccount {
  id: string;
  username: string;
  password: string;
  totpSecret: string;
  /** Sign-ins so far: each uses the next TOTP step (a code is never accepted twice). */
  signIns: number;
  /** Its passkey authenticator (privileged roles), made at the first sign-in. */
  authenticator?: SoftwareAuthenticator;
  /** Privileged roles: the activation code that enrols the first passkey (as the seed's demo accounts have). */
  activationCode?: string | undefined;
}

export async function testAccount(
  store: Store,
  username: string,
  role: Role,
  placement: { establishmentId?: string; unitId?: string; practitionerId?: string } = {},
): Promise<TestAccount> {
  const password = `${username} walks along the river`;
  const { id, totpSecret } = await createAccount(store.db, store.keys, { username, role, password, ...placement });
  return { id, username, password, totpSecret, signIns: 0, activationCode: await firstPasskeyCode(store, id, role) };
}

/** A privileged account made by a test is activated as the seed's are: password and TOTP set, a code for the first passkey. */
export async function firstPasskeyCode(store: Store, accountId: string, role: Role): Promise<string | undefined> {
  return PRIVILEGED_ROLES.includes(role) ? (await issueActivationCode(store.db, accountId, undefined, true)).code : undefined;
}

/** Each sign-in from its own address, so that many in one test stay under the routes' per-address limit. */
let addresses = 0;

/**
 * Password, then TOTP (then the passkey for privileged roles), through the HTTP contract;
 * the bearer header, or throws with the answer. At most twice per account.
 */
export async function signInAs(
  app: FastifyInstance,
  account: Pick<TestAccount, 'username' | 'password' | 'totpSecret' | 'signIns' | 'authenticator' | 'activationCode'>,
  remoteAddress = `10.200.${++addresses >> 8}.${addresses & 255}`,
): Promise<Record<string, string>> {
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: account.username, password: account.password },
    remoteAddress,
  });
  if (login.statusCode !== 200) throw new Error(`login ${account.username}: ${login.statusCode} ${login.body}`);
  const code = totpCode(account.totpSecret, Date.now() + 30_000 * account.signIns++);
  const totp = await app.inject({ method: 'POST', url: '/api/auth/totp', payload: { ticket: login.json().ticket, code }, remoteAddress });
  if (totp.statusCode !== 200) throw new Error(`totp ${account.username}: ${totp.statusCode} ${totp.body}`);
  const { token, next } = totp.json();
  if (token) return openedFrom(app, { authorization: `Bearer ${token}` }, remoteAddress);
  const authenticator = (account.authenticator ??= new SoftwareAuthenticator());
  return openedFrom(
    app,
    { authorization: `Bearer ${await completePasskeyStep(app, login.json().ticket, next, authenticator, remoteAddress, account.activationCode)}` },
    remoteAddress,
  );
}
