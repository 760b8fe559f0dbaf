import type { FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { KeyRing } from '../crypto/key-ring.ts';
import { finishActivation, startActivation } from '../identity/activation.ts';
import { objectOf } from '../identity/admin-input.ts';
import type { Database } from '../store/database.ts';
import { originOf, stringField } from './auth-routes.ts';

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
export async function activationRoutes(app: FastifyInstance, deps: ActivationDeps): Promise<void> {
  await app.register(rateLimit, { max: 30, timeWindow: '1 minute' });

  app.post('/api/auth/activation/start', async (request) => {
    const body = objectOf(request.body, ['username', 'activationCode']);
    return startActivation(deps.db, deps.keys, stringField(body, 'username'), stringField(body, 'activationCode'), originOf(request));
  });

  app.post('/api/auth/activation/finish', async (request) => {
    const body = objectOf(request.body, ['username', 'activationCode', 'password', 'code']);
    const input = { password: stringField(body, 'password'), totpCode: stringField(body, 'code') };
    return finishActivation(deps.db, deps.keys, stringField(body, 'username'), stringField(body, 'activationCode'), input, originOf(request));
  });
}
