import type { FastifyInstance } from 'fastify';
import { totpCode } from '../../src/identity/totp.ts';
import type { TestAccount } from './sign-in.ts';

/**
 * What an account's owner does with the activation code from the letter, through the HTTP
 * contract: the authenticator's secret, then their own password and a code from it. The
 * account as the owner now holds it (the code is kept: a privileged role's first passkey needs it).
 */
export async function activateOverHttp(
  app: FastifyInstance,
  id: string,
  username: string,
  activationCode: string,
  remoteAddress = '10.199.0.1',
): Promise<TestAccount> {
  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload, remoteAddress });
  const start = await post('/api/auth/activation/start', { username, activationCode });
  if (start.statusCode !== 200) throw new Error(`activation of ${username}: ${start.statusCode} ${start.body}`);
  const totpSecret = new URL(start.json().totpUri).searchParams.get('secret')!;
  const password = 'une phrase que seule la titulaire connaît';
  const finish = await post('/api/auth/activation/finish', { username, activationCode, password, code: totpCode(totpSecret) });
  if (finish.statusCode !== 200) throw new Error(`activation of ${username}: ${finish.statusCode} ${finish.body}`);
  // The code proved at activation is spent: the first sign-in takes the next step.
  return { id, username, password, totpSecret, signIns: 1, activationCode };
}
