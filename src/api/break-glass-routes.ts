import type { FastifyInstance } from 'fastify';
import { listBreakGlass, reviewBreakGlass } from '../gate/break-glass-review.ts';
import { BREAK_GLASS_REASONS } from '../access/break-glass-reasons.ts';
import type { AccessPolicy } from '../access/policy.ts';
import type { KeyRing } from '../crypto/key-ring.ts';
import type { Guard } from '../guard/guard.ts';
import { openBreakGlass } from '../gate/break-glass.ts';
import { isUuid } from '../domain/uuid.ts';
import { invalidParameter } from '../domain/refusals.ts';
import type { Database } from '../store/database.ts';
import { requireActor } from './authenticate.ts';

export interface BreakGlassDeps {
  db: Database;
  keys: KeyRing;
  policy: AccessPolicy;
  guard: Guard;
}

/** Opening a record without a care relationship, and the security officer's review of it. */
export async function breakGlassRoutes(app: FastifyInstance, deps: BreakGlassDeps): Promise<void> {
  app.get('/api/break-glass/reasons', async (request) => {
    await requireActor(request);
    return { reasons: Object.entries(BREAK_GLASS_REASONS).map(([code, label]) => ({ code, label })), hours: deps.policy.breakGlassHours };
  });

  app.post('/api/break-glass', async (request, reply) => {
    const actor = await requireActor(request);
    return reply.code(201).send(await openBreakGlass(deps, actor, request.body));
  });

  app.get('/api/security/break-glass', async (request) => {
    const actor = await requireActor(request);
    const query = request.query as Record<string, string | undefined>;
    if (query.status !== undefined && query.status !== 'unreviewed' && query.status !== 'all') {
      throw invalidParameter("Parameter status must be 'unreviewed' or 'all'", 'status');
    }
    return { entries: await listBreakGlass(deps.db, deps.keys, actor, { unreviewedOnly: query.status !== 'all', limit: 500 }) };
  });

  app.post('/api/security/break-glass/:id/review', async (request) => {
    const actor = await requireActor(request);
    const { id } = request.params as { id: string };
    if (!isUuid(id)) throw invalidParameter('Unknown break-glass id', 'id');
    return reviewBreakGlass(deps.db, deps.keys, actor, id, request.body);
  });
}
