import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import rateLimit from '@fastify/rate-limit';
import { Type } from '@sinclair/typebox';
import type { KeyRing } from '../crypto/key-ring.ts';
import { Unauthenticated, type Origin } from '../domain/actor.ts';
import { completeTotp, startLogin } from '../identity/login.ts';
import { revokeSession } from '../identity/sessions.ts';
import type { Database } from '../store/database.ts';
import { requireActor } from './authenticate.ts';
import { answers, NO_CONTENT } from './schemas/common.ts';
import { Login, LoginTicket, Me, Methods, NextStep, SessionGrant, TotpStep } from './schemas/sign-in.ts';

export interface AuthDeps {
  db: Database;
  keys: KeyRing;
  /** Whether single sign-on is configured: the sign-in page shows its button only then. */
  sso: boolean;
}

/** The login contract of DESIGN.md: password → ticket, ticket + TOTP → bearer token. */
export async function authRoutes(scope: FastifyInstance, deps: AuthDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  // A coarse per-address brake on guessing, on the routes that take a credential (per-account
  // backoff lives in identity); who is signed in and which methods exist guess nothing.
  await app.register(rateLimit, { global: false });
  const guessing = { rateLimit: { max: 30, timeWindow: '1 minute' } };

  app.get('/api/auth/methods', { schema: { response: answers(Methods) } }, async () => ({ password: true, sso: deps.sso }));

  app.post('/api/auth/login', { config: guessing, schema: { body: Login, response: answers(LoginTicket) } }, async (request) => {
    const { username, password } = request.body;
    return startLogin(deps.db, credential(username), credential(password), originOf(request));
  });

  app.post('/api/auth/totp', { config: guessing, schema: { body: TotpStep, response: answers(Type.Union([SessionGrant, NextStep])) } }, async (request) =>
    completeTotp(deps.db, deps.keys, credential(request.body.ticket), credential(request.body.code), originOf(request)),
  );

  // Who is signed in: what the web application shows and scopes itself by.
  app.get('/api/me', { schema: { response: answers(Me) } }, async (request) => {
    const actor = await requireActor(request);
    return {
      username: actor.username,
      role: actor.role,
      establishmentId: actor.establishmentId ?? null,
      unitId: actor.unitId ?? null,
      practitionerId: actor.practitionerId ?? null,
    };
  });

  app.post('/api/auth/logout', { schema: { response: NO_CONTENT } }, async (request, reply) => {
    const actor = await requireActor(request);
    await revokeSession(deps.db, actor, 'signed out');
    return reply.code(204).send();
  });
}

/** A credential or ticket no real one could be (empty, or past 1 KiB) is wrong credentials, the uniform 401: not a malformed request. */
export function credential(value: string): string {
  if (value.length === 0 || value.length > 1024) throw new Unauthenticated();
  return value;
}

export function originOf(request: FastifyRequest): Origin {
  return { address: request.ip, userAgent: request.headers['user-agent'] };
}
