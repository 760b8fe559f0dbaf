import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { takeFile } from '../exports/files.ts';
import { decideExport } from '../exports/decisions.ts';
import { recordReceipt } from '../exports/migration.ts';
import { exportRequest, listExports, requestExport, withdrawExport, type ExportDeps } from '../exports/requests.ts';
import { requireActor } from './authenticate.ts';
import { pathId } from './path-id.ts';
import { answers, IdParams } from './schemas/common.ts';
import { Decision, ExportAsked, Exports, ExportView, FileParams, Receipt } from './schemas/exports.ts';

/** Governed exports: requests (`POST /api/exports`), the requester's and approvers' lists, withdrawal, the two-person decision, and the sealed files. */
export async function exportRoutes(scope: FastifyInstance, deps: ExportDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps;
  const params = IdParams('export');
  const decision = { params, body: Decision, response: answers(ExportView) };
  app.post('/api/exports', { schema: { body: ExportAsked, response: answers(ExportView, 201) } }, async (request, reply) =>
    reply.code(201).send(await requestExport(deps, await requireActor(request), request.body)),
  );
  app.get('/api/exports', { schema: { response: answers(Exports) } }, async (request) => ({ exports: await listExports(db, await requireActor(request)) }));
  app.get('/api/exports/:id', { schema: { params, response: answers(ExportView) } }, async (request) =>
    exportRequest(db, await requireActor(request), pathId(request.params)),
  );
  app.delete('/api/exports/:id', { schema: { params, response: answers(ExportView) } }, async (request) =>
    withdrawExport(db, await requireActor(request), pathId(request.params)),
  );
  const sealedFile = Type.Unsafe<unknown>({ description: 'The sealed file (application/octet-stream)' });
  app.get('/api/exports/:id/files/:type', { schema: { params: FileParams, response: answers(sealedFile) } }, async (request, reply) => {
    const path = await takeFile(db, deps.jobs.dir, await requireActor(request), pathId(request.params), request.params.type);
    return reply
      .type('application/octet-stream')
      .header('content-disposition', `attachment; filename="${basename(path)}"`)
      .send(createReadStream(path));
  });
  app.post('/api/exports/:id/approve', { schema: decision }, async (request) =>
    decideExport(deps, await requireActor(request), pathId(request.params), 'approve', request.body),
  );
  app.post('/api/exports/:id/receipt', { schema: { params, body: Receipt, response: answers(ExportView) } }, async (request) =>
    recordReceipt({ db, dir: deps.jobs.dir }, await requireActor(request), pathId(request.params), request.body),
  );
  app.post('/api/exports/:id/refuse', { schema: decision }, async (request) =>
    decideExport(deps, await requireActor(request), pathId(request.params), 'refuse', request.body),
  );
}
