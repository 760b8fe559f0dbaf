import type { FastifyBaseLogger, FastifyInstance, FastifyServerOptions } from 'fastify';
import pino from 'pino';

/** Of the requests answered 2xx or 3xx, one in this many is logged: enough to see traffic, not a write per read. */
export const ANSWERED_SAMPLE = 100;

/**
 * The server's log, off the hot path: written asynchronously in blocks (a synchronous
 * write per request was a tenth of the server's busy time), every failure and refusal
 * kept (error, warn), answered requests sampled (info). Never query strings: they hold
 * names and NIRs.
 */
export function requestLogger(): { options: Pick<FastifyServerOptions, 'logger' | 'disableRequestLogging'>; flush: () => void } {
  const destination = pino.destination({ sync: false, minLength: 4096 });
  return {
    options: { logger: { level: 'info', stream: destination }, disableRequestLogging: true },
    flush: () => {
      try {
        destination.flushSync();
      } catch {
        // Not open yet: nothing written to flush.
      }
    },
  };
}

export function logRequests(app: FastifyInstance): void {
  let answered = 0;
  // A callback hook, not an async one: no promise per request for the 99 in 100 not logged.
  app.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const level: keyof FastifyBaseLogger | undefined =
      status >= 500 ? 'error' : status >= 400 ? 'warn' : ++answered % ANSWERED_SAMPLE === 0 ? 'info' : undefined;
    if (level) {
      request.log[level](
        { method: request.method, path: request.url.split('?')[0], status, ms: Math.round(reply.elapsedTime), remoteAddress: request.ip },
        'request',
      );
    }
    done();
  });
}
