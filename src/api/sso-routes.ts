import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import rateLimit from '@fastify/rate-limit';
import { RefusedError } from '../domain/refusals.ts';
import { ATTEMPT_SECONDS } from '../identity/sso/attempts.ts';
import { ProviderUnavailable } from '../identity/sso/identity-provider.ts';
import { SingleSignOn, type SsoDeps } from '../identity/sso/single-sign-on.ts';
import { Unauthenticated } from '../domain/actor.ts';
import { originOf } from './auth-routes.ts';
import { SsoHandoffs } from './sso-handoff.ts';
import { answers } from './schemas/common.ts';
import { LoginTicket, SessionGrant } from './schemas/sign-in.ts';

/** The cookie that binds a sign-in to the browser that started it; lives as long as an attempt. */
const STATE_COOKIE = 'vigie_sso_state';
/** The cookie that lets the web application claim the sign-in's result (sso-handoff.ts). */
const HANDOFF_COOKIE = 'vigie_sso_handoff';
const COOKIE_PATH = '/api/auth/sso';

/**
 * Single sign-on (OpenID Connect): `start` redirects to the provider; the provider sends
 * the browser back to `callback`, which answers like the password sign-in: a session
 * (`{token, expiresAt}`) or a ticket for Vigie's own second factor (`{ticket, mfa}`).
 * A browser navigating there (Accept: text/html) is sent on to the web application,
 * which claims that answer with `POST /api/auth/sso/handoff`.
 */
export async function ssoRoutes(scope: FastifyInstance, deps: SsoDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  // Nothing here can be guessed (random state, single-use code): the brake only bounds the rows
  // and audit entries one address can create, roomy enough for a hospital behind one address.
  await app.register(rateLimit, { max: 120, timeWindow: '1 minute' });
  const sso = new SingleSignOn(deps);
  const secure = deps.config.redirectUri.protocol === 'https:' ? '; Secure' : '';
  // SameSite=Lax: sent on the provider's top-level redirect back, not on cross-site subrequests.
  const cookie = (value: string, maxAge: number, name = STATE_COOKIE) =>
    `${name}=${value}; Path=${COOKIE_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
  const handoffs = new SsoHandoffs<Awaited<ReturnType<SingleSignOn['finish']>>>();

  const redirect = (to: string) => Type.Null({ description: `A redirect to ${to}` });
  // Like the password sign-in: a session, or a ticket for Vigie's own second factor.
  const signedIn = Type.Union([SessionGrant, LoginTicket]);
  app.get('/api/auth/sso/start', { schema: { response: { 302: redirect('the identity provider'), ...answers(Type.Null()) } } }, async (_request, reply) => {
    const { url, state } = await sso.start().catch((error: unknown) => {
      throw error instanceof ProviderUnavailable ? providerUnreachable() : error;
    });
    return reply.header('set-cookie', cookie(state, ATTEMPT_SECONDS)).redirect(url.href, 302);
  });

  app.get('/api/auth/sso/callback', { schema: { response: { 303: redirect('the web application'), ...answers(signedIn) } } }, async (request, reply) => {
    reply.header('set-cookie', cookie('', 0));
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const result = await sso.finish(query, cookieValue(request.headers.cookie, STATE_COOKIE), originOf(request));
    if (!request.headers.accept?.includes('text/html')) return result;
    const code = handoffs.keep(result);
    if (!code) throw new RefusedError(503, [{ severity: 'error', code: 'transient', diagnostics: 'Too many sign-ins at once; try again' }]);
    return reply.header('set-cookie', [cookie('', 0), cookie(code, 60, HANDOFF_COOKIE)]).redirect('/#/sso', 303);
  });

  app.post('/api/auth/sso/handoff', { schema: { response: answers(signedIn) } }, async (request, reply) => {
    const result = handoffs.claim(cookieValue(request.headers.cookie, HANDOFF_COOKIE));
    reply.header('set-cookie', cookie('', 0, HANDOFF_COOKIE));
    if (!result) throw new Unauthenticated();
    return result;
  });
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const pair of header?.split(';') ?? []) {
    const [key, ...value] = pair.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

const providerUnreachable = () =>
  new RefusedError(503, [
    { severity: 'error', code: 'transient', diagnostics: 'The identity provider cannot be reached; try again, or sign in with a password' },
  ]);
