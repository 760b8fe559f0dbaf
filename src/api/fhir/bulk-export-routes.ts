import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { VIGIE } from '../../domain/systems.ts';
import { invalidParameter, notFound, RefusedError } from '../../domain/refusals.ts';
import type { AskedExport } from '../../exports/asked-export.ts';
import { exportRequest, requestExport, withdrawExport, type ExportDeps } from '../../exports/requests.ts';
import { filesOf, MAX_DOWNLOADS } from '../../exports/files.ts';
import type { ExportScope } from '../../gate/export-scope.ts';
import { groupPatients } from '../../gate/export-scope.ts';
import type { Actor } from '../../domain/actor.ts';
import type { ExportView } from '../../exports/view.ts';
import { requireActor } from '../authenticate.ts';
import { pathId } from '../path-id.ts';
import { baseUrl } from './bundle.ts';
import { strictParams } from './params.ts';
import { IdParams } from '../schemas/common.ts';

/**
 * FHIR Bulk Data kick-off (system, Patient and Group level) and its status endpoint. A
 * kick-off is an export request like any other: of every patient in the requester's reach
 * (a Group: the patients staying now in one of its establishment's care units),
 * pseudonymised, as NDJSON, with the purpose and justification Vigie asks of every export
 * (`purpose`, `justification`, `ethicsReference` parameters). It answers 202 and a status
 * URL; the status stays "awaiting approval" until a second person approves.
 */
export const KICK_OFF_PARAMS = ['_outputFormat', 'purpose', 'justification', 'ethicsReference'] as const;
const NDJSON_FORMATS = ['application/fhir+ndjson', 'application/ndjson', 'ndjson'];

export async function bulkExportRoutes(scope: FastifyInstance, deps: ExportDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const kickOff = async (request: FastifyRequest, reply: FastifyReply, scope: (actor: Actor) => Promise<ExportScope>) => {
    const actor = await requireActor(request);
    if (!/\brespond-async\b/.test(String(request.headers.prefer ?? ''))) throw invalidParameter('A bulk export is asynchronous: send Prefer: respond-async');
    const params = strictParams(request.query, KICK_OFF_PARAMS);
    if (params._outputFormat !== undefined && !NDJSON_FORMATS.includes(params._outputFormat))
      throw invalidParameter('_outputFormat: NDJSON only (application/fhir+ndjson)', '_outputFormat');
    const asked: AskedExport = {
      purpose: params.purpose ?? '',
      justification: params.justification ?? '',
      ethicsReference: params.ethicsReference,
      scope: await scope(actor),
      fields: 'pseudonymised',
      format: 'ndjson',
    };
    const requested = await requestExport(deps, actor, asked);
    return reply.code(202).header('content-location', statusUrl(request, requested.id)).send(progressOutcome(requested));
  };
  const everyone = async (): Promise<ExportScope> => ({ kind: 'establishment' });
  app.get('/fhir/$export', (request, reply) => kickOff(request, reply, everyone));
  app.get('/fhir/Patient/$export', (request, reply) => kickOff(request, reply, everyone));
  // A Group is a care unit of the requester's establishment: its patients staying now.
  app.get('/fhir/Group/:id/$export', { schema: { params: IdParams('Group') } }, (request, reply) =>
    kickOff(request, reply, async (actor) => {
      const id = pathId(request.params);
      const ids = await groupPatients(deps.db, actor, id);
      if (!ids) throw notFound(`Group/${id} (a care unit of your establishment)`);
      if (ids.length === 0) throw invalidParameter(`Group/${id}: no patient is staying in this unit now`, 'id');
      return { kind: 'patients', ids };
    }),
  );

  const exportId = { schema: { params: IdParams('export') } };
  app.get('/fhir/$export-status/:id', exportId, async (request, reply) => {
    const view = await exportRequest(deps.db, await requireActor(request), pathId(request.params));
    if (view.status === 'ready')
      return reply
        .code(200)
        .header('expires', new Date(view.expiresAt!).toUTCString())
        .send(await manifestOf(deps, request, view));
    const gone = { refused: 403, cancelled: 410, expired: 410, received: 410, failed: 500 } as const;
    if (view.status in gone) {
      const status = gone[view.status as keyof typeof gone];
      throw new RefusedError(status, [
        { severity: 'error', code: status === 403 ? 'forbidden' : status === 410 ? 'not-found' : 'exception', diagnostics: progressOf(view) },
      ]);
    }
    return reply.code(202).header('x-progress', progressOf(view)).header('retry-after', '60').send(progressOutcome(view));
  });
  app.delete('/fhir/$export-status/:id', exportId, async (request, reply) => {
    await withdrawExport(deps.db, await requireActor(request), pathId(request.params));
    return reply.code(202).send();
  });
}

/**
 * The Bulk Data manifest of a ready export: one sealed NDJSON file per resource type,
 * taken from Vigie with the requester's token and opened with the passphrase given apart.
 */
async function manifestOf(deps: ExportDeps, request: FastifyRequest, view: ExportView) {
  const files = await filesOf(deps.db, view.id);
  return {
    transactionTime: view.readyAt,
    request: `${baseUrl(request)}/fhir/$export`,
    requiresAccessToken: true,
    output: files.map((file) => ({ type: file.type, url: `${baseUrl(request)}/api/exports/${view.id}/files/${file.type}`, count: file.resources })),
    error: [],
    extension: {
      [`${VIGIE}/StructureDefinition/sealed-files`]: {
        format: view.recipientKeyFingerprint
          ? `VIGIE-EXPORT-2, sealed to the key ${view.recipientKeyFingerprint} (vigie export open --key)`
          : 'VIGIE-EXPORT-1 (vigie export open)',
        expires: view.expiresAt,
        downloadsEach: MAX_DOWNLOADS,
      },
    },
  };
}

const statusUrl = (request: FastifyRequest, id: string) => `${baseUrl(request)}/fhir/$export-status/${id}`;

function progressOf(view: ExportView): string {
  switch (view.status) {
    case 'awaiting-approval':
      return view.approvalsNeeded === 2
        ? `awaiting the approvals of the data protection officer and the security officer (${view.patients} patients)`
        : `awaiting approval by a second person (${view.patients} patients)`;
    case 'scheduled':
      return `approved, written when its window opens at ${view.window?.start ?? ''}`;
    case 'approved':
      return `approved (${view.patients} patients): writing starts`;
    case 'writing':
      return `writing: ${view.patientsWritten} of ${view.patients} patients`;
    case 'ready':
      return `ready until ${view.expiresAt}`;
    case 'failed':
      return `failed: ${view.failure ?? ''}`;
    case 'expired':
      return `expired: its files are deleted`;
    case 'received':
      return `received by the recipient at ${view.receivedAt ?? ''}: its files are deleted`;
    case 'refused':
      return `refused${view.decision ? `: ${view.decision.note}` : ''}`;
    case 'cancelled':
      return `cancelled: ${view.cancelledBecause ?? ''}`;
  }
}

const progressOutcome = (view: ExportView): fhir4.OperationOutcome => ({
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'information', code: 'informational', diagnostics: progressOf(view) }],
});
