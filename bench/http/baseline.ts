import Fastify, { type FastifyInstance } from 'fastify';
import { nameQueryTerm } from '../../src/crypto/blind-index.ts';
import type { Database } from '../../src/store/database.ts';
import { PLAIN_EVERYTHING, PLAIN_FAMILY_SEARCH, PLAIN_READ } from '../plain-reads.ts';

/**
 * The baseline of `npm run bench:http`: the same HTTP stack as Vigie (Fastify), the same
 * URLs, a static bearer token, and one indexed SELECT per request, its rows answered as
 * stored (sealed, base64). What Vigie adds over it — sessions, the access decision, the
 * guard, decryption, the ledger — is what the benchmark's ratios weigh.
 */
export function baselineApp(db: Database, options: { token: string; indexKey: Uint8Array }): FastifyInstance {
  const app = Fastify();
  const expected = `Bearer ${options.token}`;
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/fhir/') && request.headers.authorization !== expected) return reply.code(401).send({ error: 'unauthorized' });
  });
  const rows = async (text: string, params: unknown[]) =>
    (await db.query<{ id: string; body: Uint8Array }>(text, params)).map((row) => ({ id: row.id, body: Buffer.from(row.body).toString('base64') }));

  app.get('/health', async () => ({ status: 'live' }));
  app.get<{ Params: { id: string } }>('/fhir/Patient/:id', async (request, reply) => {
    const [row] = await rows(PLAIN_READ, [request.params.id]);
    return row ?? reply.code(404).send({ error: 'not found' });
  });
  app.get<{ Querystring: { family?: string } }>('/fhir/Patient', async (request, reply) => {
    const lookup = nameQueryTerm(options.indexKey, 'family', request.query.family ?? '');
    if (!lookup) return reply.code(400).send({ error: 'family must contain letters' });
    return { entry: await rows(PLAIN_FAMILY_SEARCH, [[lookup.term]]) };
  });
  app.get<{ Params: { id: string } }>('/fhir/Patient/:id/$everything', async (request) => ({ entry: await rows(PLAIN_EVERYTHING, [request.params.id]) }));
  return app;
}
