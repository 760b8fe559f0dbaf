import type { FastifyInstance } from 'fastify';
import type { SoftwareAuthenticator } from './software-authenticator.ts';

/**
 * The end of a privileged sign-in over HTTP, once `POST /api/auth/totp` answered
 * `{"next": …}`: enrols the authenticator's first passkey (with the account's activation
 * code) or asserts with it. The token.
 */
export async function completePasskeyStep(
  app: FastifyInstance,
  ticket: string,
  next: 'webauthn' | 'webauthn-enrol',
  authenticator: SoftwareAuthenticator,
  remoteAddress?: string,
  activationCode?: string,
): Promise<string> {
  const post = async (url: string, payload: object) => {
    const answer = await app.inject({ method: 'POST', url, payload, ...(remoteAddress ? { remoteAddress } : {}) });
    if (answer.statusCode !== 200) throw new Error(`${url}: ${answer.statusCode} ${answer.body}`);
    return answer.json();
  };
  if (next === 'webauthn-enrol') {
    const options = await post('/api/auth/webauthn/register/options', { ticket, activationCode });
    return (await post('/api/auth/webauthn/register/verify', { ticket, activationCode, response: authenticator.register(options) })).token;
  }
  const options = await post('/api/auth/webauthn/options', { ticket });
  return (await post('/api/auth/webauthn/verify', { ticket, response: authenticator.assert(options) })).token;
}
