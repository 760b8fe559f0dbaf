import type { FastifyInstance } from 'fastify';
import { decideExport } from '../exports/decisions.ts';
import { exportRequest, listExports, requestExport, withdrawExport, type ExportDeps } from '../exports/requests.ts';
import { requireActor } from './authenticate.ts';
import { pathId } from './path-id.ts';

/** Governed exports: requests (`POST /api/exports`), the requester's and approvers' lists, withdrawal, and the two-person decision. */
export async function exportRoutes(app: FastifyInstance, deps: ExportDeps): Promise<void> {
  const { db } = deps;
  app.post('/api/exports', async (request, reply) => reply.code(201).send(await requestExport(deps, await requireActor(request), request.body)));
  app.get('/api/exports', async (request) => ({ exports: await listExports(db, await requireActor(request)) }));
  app.get('/api/exports/:id', async (request) => exportRequest(db, await requireActor(request), pathId(request, 'export')));
  app.delete('/api/exports/:id', async (request) => withdrawExport(db, await requireActor(request), pathId(request, 'export')));
  app.post('/api/exports/:id/approve', async (request) => decideExport(db, await requireActor(request), pathId(request, 'export'), 'approve', request.body));
  app.post('/api/exports/:id/refuse', async (request) => decideExport(db, await requireActor(request), pathId(request, 'export'), 'refuse', request.body));
}
