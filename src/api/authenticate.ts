import type { FastifyRequest } from 'fastify';
import { Unauthenticated, type Actor, type Origin } from '../domain/actor.ts';
import { authenticate, authenticated, liveSession, type Authenticated, type SessionRow } from '../identity/sessions.ts';
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
  return admitted(request, token, await authenticate(request.vigieDb, token, origin), origin);
}

/**
 * The request's session check for the gate to run with its read (src/gate/session-check.ts),
 * when this process has seen the token before and so knows whose links to read with it;
 * undefined otherwise (then requireActor, first).
 */
export function sessionCheckOf(request: FastifyRequest): SessionCheck | undefined {
  const token = bearerToken(request);
  const expected = token && expectedActors.get(keyOf(token));
  if (!token || !expected) return undefined;
  const origin = originOf(request);
  return {
    ctes: liveSession(token),
    expected,
    admissible: (live) => {
      const session = live ? authenticated(live as SessionRow, origin) : undefined;
      return session && samePlace(session.openedFrom, origin) ? session.actor : undefined;
    },
    admit: (live) => admitted(request, token, live ? authenticated(live as SessionRow, origin) : undefined, origin),
  };
}

/** A session found live, unless its token is used from another place (which closes the account's sessions): else a 401. */
async function admitted(request: FastifyRequest, token: string, session: Authenticated | undefined, origin: Origin): Promise<Actor> {
  if (!session || (await request.vigieGuard.sessionUsedElsewhere(request.vigieDb, session.actor, session.openedFrom, origin))) {
    expectedActors.delete(keyOf(token));
    throw new Unauthenticated();
  }
  remember(keyOf(token), session.actor);
  return session.actor;
}

/**
 * The actor each token had at its last request, by the token's hash: only what a session
 * check is expected to find, never trusted — every request checks its session in the
 * database. Bounded: the oldest is forgotten first.
 */
const expectedActors = new Map<string, Actor>();
const EXPECTED_ACTORS_MAX = 10_000;

function remember(key: string, actor: Actor): void {
  expectedActors.delete(key);
  if (expectedActors.size >= EXPECTED_ACTORS_MAX) expectedActors.delete(expectedActors.keys().next().value!);
  expectedActors.set(key, actor);
}

const keyOf = (token: string): string => tokenHash(token).toString('base64');

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() || undefined : undefined;
}

const originOf = (request: FastifyRequest): Origin => ({ address: request.ip, userAgent: request.headers['user-agent'] });
