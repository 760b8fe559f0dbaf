import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { KeyRing } from '../crypto/key-ring.ts';
import { Unauthenticated, type Origin } from '../domain/actor.ts';
import { completeTotp, startLogin } from '../identity/login.ts';
import { revokeSession } from '../identity/sessions.ts';
import type { Database } from '../store/database.ts';
import { invalidParameter } from '../domain/refusals.ts';
import { requireActor } from './authenticate.ts';

export interface AuthDeps {
  db: Database;
  keys: KeyRing;
  /** Whether single sign-on is configured: the sign-in page shows its button only then. */
  sso: boolean;
}

/** The login contract of DESIGN.md: password → ticket, ticket + TOTP → bearer token. */
export async function authRoutes(app: FastifyInstance, deps: AuthDeps): Promise<void> {
  // A coarse per-address brake on guessing, on the routes that take a credential (per-account
  // backoff lives in identity); who is signed in and which methods exist guess nothing.
  await app.register(rateLimit, { global: false });
  const guessing = { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } };

  app.get('/api/auth/methods', async () => ({ password: true, sso: deps.sso }));

  app.post('/api/auth/login', guessing, async (request) => {
    const body = objectBody(request);
    const username = stringField(body, 'username');
    const password = stringField(body, 'password');
    return startLogin(deps.db, username, password, originOf(request));
  });

  app.post('/api/auth/totp', guessing, async (request) => {
    const body = objectBody(request);
    return completeTotp(deps.db, deps.keys, stringField(body, 'ticket'), stringField(body, 'code'), originOf(request));
  });

  // Who is signed in: what the web application shows and scopes itself by.
  app.get('/api/me', async (request) => {
    const actor = await requireActor(request);
    return {
      username: actor.username,
      role: actor.role,
      establishmentId: actor.establishmentId ?? null,
      unitId: actor.unitId ?? null,
      practitionerId: actor.practitionerId ?? null,
    };
  });

  app.post('/api/auth/logout', async (request, reply) => {
    const actor = await requireActor(request);
    await revokeSession(deps.db, actor, 'signed out');
    return reply.code(204).send();
  });
}

export function objectBody(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalidParameter('The body must be a JSON object');
  return body as Record<string, unknown>;
}

export function stringField(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  // A missing or non-string field is a malformed request, not wrong credentials.
  if (typeof value !== 'string') throw invalidParameter(`Field '${name}' must be a string`, name);
  if (value.length === 0 || value.length > 1024) throw new Unauthenticated();
  return value;
}

export function originOf(request: FastifyRequest): Origin {
  return { address: request.ip, userAgent: request.headers['user-agent'] };
}
