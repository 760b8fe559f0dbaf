import type { FastifyRequest } from 'fastify';
import { Unauthenticated, type Actor, type Origin } from '../domain/actor.ts';
import { authenticate, authenticated, liveSessionsOf, type Authenticated, type SessionRow } from '../identity/sessions.ts';
import { tokenHash } from '../identity/tokens.ts';
import type { SessionCheck } from '../gate/session-check.ts';
import type { Guard } from '../guard/guard.ts';
import { samePlace } from '../guard/places.ts';
import type { Database } from '../store/database.ts';

declare module 'fastify' {
  interface FastifyRequest {
    vigieDb: Database;
    vigieGuard: Guard;
  }
}

/** The actor of a request from its bearer token, or a uniform 401 (also for a token copied to another place). */
export async function requireActor(request: FastifyRequest): Promise<Actor> {
  const token = bearerToken(request);
  if (!token) throw new Unauthenticated();
  const origin = originOf(request);
  return admitted(request, await authenticate(request.vigieDb, token, origin), origin);
}

/**
 * The request's session check for the gate to run with its read (src/gate/session-check.ts);
 * undefined when the request has no bearer token (then requireActor answers 401).
 */
export function sessionCheckOf(request: FastifyRequest): SessionCheck | undefined {
  const token = bearerToken(request);
  if (!token) return undefined;
  const origin = originOf(request);
  return {
    tokenHash: tokenHash(token),
    sessions: liveSessionsOf,
    admissible: (live) => {
      const session = live ? authenticated(live as SessionRow, origin) : undefined;
      return session && samePlace(session.openedFrom, origin) ? session.actor : undefined;
    },
    admit: (live) => admitted(request, live ? authenticated(live as SessionRow, origin) : undefined, origin),
  };
}

/** A session found live, unless its token is used from another place (which closes the account's sessions): else a 401. */
async function admitted(request: FastifyRequest, session: Authenticated | undefined, origin: Origin): Promise<Actor> {
  if (!session || (await request.vigieGuard.sessionUsedElsewhere(request.vigieDb, session.actor, session.openedFrom, origin))) {
    throw new Unauthenticated();
  }
  return session.actor;
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() || undefined : undefined;
}

const originOf = (request: FastifyRequest): Origin => ({ address: request.ip, userAgent: request.headers['user-agent'] });
