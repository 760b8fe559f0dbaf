import type { FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { RelyingParty } from '../identity/passkeys/relying-party.ts';
import { completeEnrolment, completeSignIn, enrolmentOptions, signInOptions, signInWithRecoveryCode } from '../identity/passkeys/sign-in.ts';
import type { Database } from '../store/database.ts';
import { objectBody, originOf, stringField } from './auth-routes.ts';

export interface PasskeyDeps {
  db: Database;
  relyingParty: RelyingParty;
}

/**
 * The end of a privileged sign-in (after `POST /api/auth/totp` answered `{"next": …}`):
 * a passkey assertion, or the first passkey's enrolment with the account's activation
 * code, opens the session; a recovery
 * code may stand in for the last factor. Bodies carry the login ticket.
 */
export async function passkeyRoutes(app: FastifyInstance, deps: PasskeyDeps): Promise<void> {
  const { db, relyingParty } = deps;
  await app.register(rateLimit, { max: 30, timeWindow: '1 minute' });

  app.post('/api/auth/webauthn/options', async (request) => signInOptions(db, relyingParty, stringField(objectBody(request), 'ticket')));
  app.post('/api/auth/webauthn/verify', async (request) => {
    const body = objectBody(request);
    return completeSignIn(db, stringField(body, 'ticket'), body.response, originOf(request));
  });

  // The first passkey takes the activation code as well: a password and a TOTP secret alone never enrol one.
  app.post('/api/auth/webauthn/register/options', async (request) => {
    const body = objectBody(request);
    return enrolmentOptions(db, relyingParty, stringField(body, 'ticket'), stringField(body, 'activationCode'), originOf(request));
  });
  app.post('/api/auth/webauthn/register/verify', async (request) => {
    const body = objectBody(request);
    return completeEnrolment(db, stringField(body, 'ticket'), stringField(body, 'activationCode'), body.response, originOf(request));
  });

  app.post('/api/auth/recovery-code', async (request) => {
    const body = objectBody(request);
    return signInWithRecoveryCode(db, stringField(body, 'ticket'), stringField(body, 'code'), originOf(request));
  });
}
