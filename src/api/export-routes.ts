import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { takeFile } from '../exports/files.ts';
import { decideExport } from '../exports/decisions.ts';
import { recordReceipt } from '../exports/migration.ts';
import { exportRequest, listExports, requestExport, withdrawExport, type ExportDeps } from '../exports/requests.ts';
import { requireActor } from './authenticate.ts';
import { pathId } from './path-id.ts';

/** Governed exports: requests (`POST /api/exports`), the requester's and approvers' lists, withdrawal, the two-person decision, and the sealed files. */
export async function exportRoutes(app: FastifyInstance, deps: ExportDeps): Promise<void> {
  const { db } = deps;
  app.post('/api/exports', async (request, reply) => reply.code(201).send(await requestExport(deps, await requireActor(request), request.body)));
  app.get('/api/exports', async (request) => ({ exports: await listExports(db, await requireActor(request)) }));
  app.get('/api/exports/:id', async (request) => exportRequest(db, await requireActor(request), pathId(request, 'export')));
  app.delete('/api/exports/:id', async (request) => withdrawExport(db, await requireActor(request), pathId(request, 'export')));
  app.get<{ Params: { id: string; type: string } }>('/api/exports/:id/files/:type', async (request, reply) => {
    const path = await takeFile(db, deps.jobs.dir, await requireActor(request), pathId(request, 'export'), request.params.type);
    return reply
      .type('application/octet-stream')
      .header('content-disposition', `attachment; filename="${basename(path)}"`)
      .send(createReadStream(path));
  });
  app.post('/api/exports/:id/approve', async (request) => decideExport(deps, await requireActor(request), pathId(request, 'export'), 'approve', request.body));
  app.post('/api/exports/:id/receipt', async (request) =>
    recordReceipt({ db, dir: deps.jobs.dir }, await requireActor(request), pathId(request, 'export'), request.body),
  );
  app.post('/api/exports/:id/refuse', async (request) => decideExport(deps, await requireActor(request), pathId(request, 'export'), 'refuse', request.body));
}
