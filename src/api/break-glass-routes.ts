import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { listBreakGlass, reviewBreakGlass } from '../gate/break-glass-review.ts';
import { BREAK_GLASS_REASONS, type BreakGlassReason } from '../access/break-glass-reasons.ts';
import type { AccessPolicy } from '../access/policy.ts';
import type { KeyRing } from '../crypto/key-ring.ts';
import type { Guard } from '../guard/guard.ts';
import { openBreakGlass } from '../gate/break-glass.ts';
import type { Database } from '../store/database.ts';
import { requireActor } from './authenticate.ts';
import { pathId } from './path-id.ts';
import { answers, IdParams } from './schemas/common.ts';
import {
  BreakGlassAsked,
  BreakGlassEntries,
  BreakGlassEntry,
  BreakGlassOpened,
  BreakGlassQuery,
  BreakGlassReasons,
  BreakGlassReview,
} from './schemas/security.ts';

export interface BreakGlassDeps {
  db: Database;
  keys: KeyRing;
  policy: AccessPolicy;
  guard: Guard;
}

/** Opening a record without a care relationship, and the security officer's review of it. */
export async function breakGlassRoutes(scope: FastifyInstance, deps: BreakGlassDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/break-glass/reasons', { schema: { response: answers(BreakGlassReasons) } }, async (request) => {
    await requireActor(request);
    const reasons = Object.entries(BREAK_GLASS_REASONS).map(([code, label]) => ({ code: code as BreakGlassReason, label }));
    return { reasons, hours: deps.policy.breakGlassHours };
  });

  app.post('/api/break-glass', { schema: { body: BreakGlassAsked, response: answers(BreakGlassOpened, 201) } }, async (request, reply) => {
    const actor = await requireActor(request);
    return reply.code(201).send(await openBreakGlass(deps, actor, request.body));
  });

  app.get('/api/security/break-glass', { schema: { querystring: BreakGlassQuery, response: answers(BreakGlassEntries) } }, async (request) => {
    const actor = await requireActor(request);
    return { entries: await listBreakGlass(deps.db, deps.keys, actor, { unreviewedOnly: request.query.status !== 'all', limit: 500 }) };
  });

  app.post(
    '/api/security/break-glass/:id/review',
    { schema: { params: IdParams('break-glass'), body: BreakGlassReview, response: answers(BreakGlassEntry) } },
    async (request) => reviewBreakGlass(deps.db, deps.keys, await requireActor(request), pathId(request.params), request.body),
  );
}
