import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import rateLimit from '@fastify/rate-limit';
import type { RelyingParty } from '../identity/passkeys/relying-party.ts';
import { completeEnrolment, completeSignIn, enrolmentOptions, signInOptions, signInWithRecoveryCode } from '../identity/passkeys/sign-in.ts';
import type { Database } from '../store/database.ts';
import { credential, originOf } from './auth-routes.ts';
import { answers } from './schemas/common.ts';
import { CeremonyOptions, EnrolledGrant, Enrolment, EnrolmentStart, PasskeySignIn, RecoverySignIn, SessionGrant, TicketOnly } from './schemas/sign-in.ts';

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
export async function passkeyRoutes(scope: FastifyInstance, deps: PasskeyDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { db, relyingParty } = deps;
  await app.register(rateLimit, { max: 30, timeWindow: '1 minute' });

  app.post('/api/auth/webauthn/options', { schema: { body: TicketOnly, response: answers(CeremonyOptions) } }, async (request) =>
    signInOptions(db, relyingParty, credential(request.body.ticket)),
  );
  app.post('/api/auth/webauthn/verify', { schema: { body: PasskeySignIn, response: answers(SessionGrant) } }, async (request) =>
    completeSignIn(db, credential(request.body.ticket), request.body.response, originOf(request)),
  );

  // The first passkey takes the activation code as well: a password and a TOTP secret alone never enrol one.
  app.post('/api/auth/webauthn/register/options', { schema: { body: EnrolmentStart, response: answers(CeremonyOptions) } }, async (request) =>
    enrolmentOptions(db, relyingParty, credential(request.body.ticket), credential(request.body.activationCode), originOf(request)),
  );
  app.post('/api/auth/webauthn/register/verify', { schema: { body: Enrolment, response: answers(EnrolledGrant) } }, async (request) => {
    const { ticket, activationCode, response } = request.body;
    return completeEnrolment(db, credential(ticket), credential(activationCode), response, originOf(request));
  });

  app.post('/api/auth/recovery-code', { schema: { body: RecoverySignIn, response: answers(SessionGrant) } }, async (request) =>
    signInWithRecoveryCode(db, credential(request.body.ticket), credential(request.body.code), originOf(request)),
  );
}
