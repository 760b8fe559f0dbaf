import type { FastifyRequest } from 'fastify';
import { Unauthenticated, type Actor } from '../domain/actor.ts';
import { authenticate } from '../identity/sessions.ts';
import type { Guard } from '../guard/guard.ts';
import type { Database } from '../store/database.ts';

declare module 'fastify' {
  interface FastifyRequest {
    vigieDb: Database;
    vigieGuard: Guard;
  }
}

/** The actor of a request from its bearer token, or a uniform 401 (also for a token copied to another place). */
export async function requireActor(request: FastifyRequest): Promise<Actor> {
  const header = request.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
  if (!token) throw new Unauthenticated();
  const origin = { address: request.ip, userAgent: request.headers['user-agent'] };
  const session = await authenticate(request.vigieDb, token, origin);
  if (!session || (await request.vigieGuard.sessionUsedElsewhere(request.vigieDb, session.actor, session.openedFrom, origin))) throw new Unauthenticated();
  return session.actor;
}
