import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import rateLimit from '@fastify/rate-limit';
import type { KeyRing } from '../crypto/key-ring.ts';
import { finishActivation, startActivation } from '../identity/activation.ts';
import type { Database } from '../store/database.ts';
import { credential, originOf } from './auth-routes.ts';
import { answers } from './schemas/common.ts';
import { ActivationDone, ActivationFinish, ActivationOffer, ActivationStart } from './schemas/sign-in.ts';

export interface ActivationDeps {
  db: Database;
  keys: KeyRing;
}

/**
 * The owner's side of activation (src/identity/activation.ts), before any session: the
 * code from the letter buys an authenticator secret, then the owner's password and a code
 * from that authenticator make the credentials theirs. A wrong code is the uniform 401,
 * throttled like a sign-in.
 */
export async function activationRoutes(scope: FastifyInstance, deps: ActivationDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  await app.register(rateLimit, { max: 30, timeWindow: '1 minute' });

  app.post('/api/auth/activation/start', { schema: { body: ActivationStart, response: answers(ActivationOffer) } }, async (request) =>
    startActivation(deps.db, deps.keys, credential(request.body.username), credential(request.body.activationCode), originOf(request)),
  );

  app.post('/api/auth/activation/finish', { schema: { body: ActivationFinish, response: answers(ActivationDone) } }, async (request) => {
    const { username, activationCode, password, code } = request.body;
    const input = { password: credential(password), totpCode: credential(code) };
    return finishActivation(deps.db, deps.keys, credential(username), credential(activationCode), input, originOf(request));
  });
}
