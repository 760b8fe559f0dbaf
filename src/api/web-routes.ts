import type { FastifyInstance } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sendOutcome } from './outcome.ts';

/** Where `npm run build:web` writes the React application (web/). */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

/**
 * The staff application and the patient portal, served by the API's own server: the
 * same origin, so the strict Content-Security-Policy (default-src 'self') holds and no
 * token crosses origins. Routing is in the URL's fragment, which browsers never send:
 * no patient id reaches a log or a Referer.
 */
export async function webRoutes(app: FastifyInstance, dist = WEB_DIST): Promise<void> {
  const index = join(dist, 'index.html');
  const page = existsSync(index) ? readFileSync(index) : undefined;
  app.get('/', async (_request, reply) => {
    if (!page) return sendOutcome(reply, 404, 'not-found', 'The web application is not built: run npm run build:web');
    return reply.type('text/html; charset=utf-8').send(page);
  });
  // Vite's hashed file names only: nothing else of the disk is reachable.
  app.get<{ Params: { file: string } }>('/assets/:file', async (request, reply) => {
    const { file } = request.params;
    const type = TYPES[extname(file)];
    if (!/^[\w.-]+$/.test(file) || file.startsWith('.') || !type) return sendOutcome(reply, 404, 'not-found', `No asset ${file}`);
    const body = await readFile(join(dist, 'assets', file)).catch(() => undefined);
    if (!body) return sendOutcome(reply, 404, 'not-found', `No asset ${file}`);
    return reply.type(type).send(body);
  });
}
