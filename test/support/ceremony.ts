import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { totpCode } from '../../src/identity/totp.ts';
import type { Store } from '../../src/runtime/open-store.ts';
import type { TestAccount } from './sign-in.ts';
import { SoftwareAuthenticator } from './software-authenticator.ts';
import { sql } from '../../src/store/sql.ts';

/** One HTTP client per sign-in, each from its own address (the routes limit per address). */
let addresses = 0;

export interface Client {
  address: string;
  post(url: string, payload?: object, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string, headers: Record<string, string>): Promise<LightMyRequestResponse>;
  delete(url: string, headers: Record<string, string>): Promise<LightMyRequestResponse>;
}

export function clientAt(app: FastifyInstance, address = nextAddress()): Client {
  return {
    address,
    post: (url, payload, headers) =>
      app.inject({ method: 'POST', url, ...(payload ? { payload } : {}), ...(headers ? { headers } : {}), remoteAddress: address }),
    get: (url, headers) => app.inject({ method: 'GET', url, headers, remoteAddress: address }),
    delete: (url, headers) => app.inject({ method: 'DELETE', url, headers, remoteAddress: address }),
  };
}

export function nextAddress(): string {
  addresses++;
  return `10.201.${addresses >> 8}.${addresses & 255}`;
}

/** Password and TOTP through the HTTP contract: the ticket and what the answers said. */
export async function passwordAndTotp(client: Client, account: TestAccount): Promise<{ ticket: string; mfa: string[]; totp: LightMyRequestResponse }> {
  const { ticket, mfa } = await passwordOnly(client, account);
  const totp = await client.post('/api/auth/totp', { ticket, code: totpCode(account.totpSecret, Date.now() + 30_000 * account.signIns++) });
  return { ticket, mfa, totp };
}

export async function passwordOnly(client: Client, account: TestAccount): Promise<{ ticket: string; mfa: string[] }> {
  const login = await client.post('/api/auth/login', { username: account.username, password: account.password });
  if (login.statusCode !== 200) throw new Error(`login ${account.username}: ${login.statusCode} ${login.body}`);
  return login.json();
}

/** TOTP is not under test where this is used: lets an account pass its current code once more. */
export async function allowAnotherTotp(store: Store, account: TestAccount): Promise<void> {
  await store.db.run(sql`UPDATE account SET totp_last_step = 0 WHERE id = ${account.id}`);
  account.signIns = 0;
}

/** First sign-in of a privileged account, through enrolment: the client, token and recovery codes. */
export async function enrolAtFirstSignIn(app: FastifyInstance, account: TestAccount, authenticator = new SoftwareAuthenticator()) {
  const client = clientAt(app);
  const { ticket } = await passwordAndTotp(client, account);
  const activationCode = account.activationCode;
  const options = (await client.post('/api/auth/webauthn/register/options', { ticket, activationCode })).json();
  const verify = await client.post('/api/auth/webauthn/register/verify', { ticket, activationCode, response: authenticator.register(options) });
  if (verify.statusCode !== 200) throw new Error(`enrolment of ${account.username}: ${verify.statusCode} ${verify.body}`);
  const { token, expiresAt, recoveryCodes } = verify.json() as { token: string; expiresAt: string; recoveryCodes: string[] };
  return { client, authenticator, token, expiresAt, recoveryCodes, headers: bearer(token) };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
