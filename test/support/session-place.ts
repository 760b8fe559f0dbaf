import type { FastifyInstance, InjectOptions } from 'fastify';

/**
 * A browser stays where its session was opened: the guard closes a session whose token
 * is used from another network. Tests sign in from addresses of their own (the sign-in
 * routes are limited per address), so an app's injected requests bearing a token come
 * from the address that token was opened from, unless a test says otherwise.
 */
const placeOfToken = new Map<string, string>();
const keeping = new WeakSet<FastifyInstance>();

export function openedFrom(app: FastifyInstance, headers: Record<string, string>, remoteAddress: string): Record<string, string> {
  placeOfToken.set(headers.authorization!, remoteAddress);
  if (!keeping.has(app)) {
    keeping.add(app);
    const inject = app.inject.bind(app) as (options: InjectOptions) => ReturnType<FastifyInstance['inject']>;
    app.inject = ((options: InjectOptions) => {
      const token = (options.headers as Record<string, string> | undefined)?.authorization;
      const remote = token === undefined ? undefined : placeOfToken.get(token);
      return inject(remote && options.remoteAddress === undefined ? { ...options, remoteAddress: remote } : options);
    }) as FastifyInstance['inject'];
  }
  return headers;
}
