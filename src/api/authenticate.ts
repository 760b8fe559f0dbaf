import type { FastifyRequest } from 'fastify';
import { Unauthenticated, type Actor } from '../identity/actor.ts';
import { authenticate } from '../identity/sessions.ts';
import type { Database } from '../store/database.ts';

declare module 'fastify' {
  interface FastifyRequest {
    vigieDb: Database;
  }
}

/** The actor of a request from its bearer token, or a uniform 401. */
export async function requireActor(request: FastifyRequest): Promise<Actor> {
  const header = request.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
  if (!token) throw new Unauthenticated();
  const actor = await authenticate(request.vigieDb, token, { address: request.ip, userAgent: request.headers['user-agent'] });
  if (!actor) throw new Unauthenticated();
  return actor;
}
