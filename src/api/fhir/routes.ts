import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CLINICAL_TYPES } from '../../domain/systems.ts';
import { directoryPage, directoryRead, isDirectoryType } from '../../directory/directory.ts';
import type { Gate } from '../../gate/gate.ts';
import type { GateWrites } from '../../gate/write.ts';
import { invalidParameter, notFound, RefusedError } from '../../domain/refusals.ts';
import type { Database } from '../../store/database.ts';
import { requireActor, sessionCheckOf } from '../authenticate.ts';
import { baseUrl, searchBundle } from './bundle.ts';
import { capabilityStatement, PATIENT_SEARCH_PARAMS } from './capability.ts';
import { PAGING_PARAMS, pageOf, patientParam, strictParams } from './params.ts';

export interface FhirDeps {
  db: Database;
  gate: Gate;
  writes: GateWrites;
  version: string;
}

const clinicalTypes: readonly string[] = CLINICAL_TYPES;
type IdParams = { type: string; id: string };

/** The FHIR R4 REST API. Handlers stay thin: parse, ask the gate, shape the answer. */
export async function fhirRoutes(app: FastifyInstance, deps: FhirDeps): Promise<void> {
  app.get('/fhir/metadata', async (_request, reply) => fhirJson(reply).send(capabilityStatement(deps.version)));

  app.get('/fhir/Patient', async (request, reply) => {
    const actor = await requireActor(request);
    const params = strictParams(request.query, [...PATIENT_SEARCH_PARAMS, ...PAGING_PARAMS]);
    const page = await deps.gate.searchPatients(
      actor,
      {
        family: params.family,
        given: params.given,
        birthdate: params.birthdate,
        identifier: params.identifier,
        postalCode: params['address-postalcode'],
        phone: params.phone,
        email: params.email,
      },
      pageOf(params, 20, 100),
    );
    return fhirJson(reply).send(searchBundle(request, page));
  });

  app.get<{ Params: { id: string } }>('/fhir/Patient/:id/$everything', async (request, reply) => {
    const actor = await requireActor(request);
    const params = strictParams(request.query, PAGING_PARAMS);
    const page = await deps.gate.everything(actor, request.params.id, pageOf(params, 200, 1000));
    return fhirJson(reply).send(searchBundle(request, page));
  });

  app.get<{ Params: { type: string } }>('/fhir/:type', async (request, reply) => {
    const actor = await requireActor(request);
    const type = request.params.type;
    if (isDirectoryType(type)) {
      const page = pageOf(strictParams(request.query, PAGING_PARAMS), 50, 500);
      const resources = await directoryPage(deps.db, type, page.after, page.count);
      const next = resources.length === page.count ? resources.at(-1)!.id : undefined;
      return fhirJson(reply).send(searchBundle(request, { resources, next }));
    }
    knownClinicalType(type);
    const params = strictParams(request.query, ['patient', 'subject', ...PAGING_PARAMS]);
    const page = await deps.gate.searchClinical(actor, type, patientParam(params), pageOf(params, 100, 500));
    return fhirJson(reply).send(searchBundle(request, page));
  });

  app.get<{ Params: IdParams }>('/fhir/:type/:id', async (request, reply) => {
    const { type, id } = request.params;
    // The common read: the session checked in the statement that reads the patient (src/gate/quiet-read.ts).
    const check = type === 'Patient' && Object.keys(request.query as object).length === 0 ? sessionCheckOf(request) : undefined;
    if (check) {
      const patient = await deps.gate.readPatientInSession(check, id);
      return versioned(reply, patient.versionId, patient.lastUpdated).send(patient.json);
    }
    const actor = await requireActor(request);
    strictParams(request.query, []);
    if (isDirectoryType(type)) {
      const resource = /^[0-9a-f-]{36}$/i.test(id) ? await directoryRead(deps.db, type, id) : undefined;
      if (!resource) throw notFound(`${type}/${id}`);
      return fhirJson(reply).send(resource);
    }
    const resource = type === 'Patient' ? await deps.gate.readPatient(actor, id) : await deps.gate.readClinical(actor, knownClinicalType(type), id);
    return withVersion(reply, resource).send(resource);
  });

  app.post<{ Params: { type: string } }>('/fhir/:type', async (request, reply) => {
    const actor = await requireActor(request);
    writableType(request.params.type);
    bodyTypeMatches(request, request.params.type);
    const created = await deps.writes.create(actor, request.body);
    return withVersion(reply.code(201), created)
      .header('location', `${baseUrl(request)}/fhir/${created.resourceType}/${created.id}/_history/${created.meta?.versionId}`)
      .send(created);
  });

  app.put<{ Params: IdParams }>('/fhir/:type/:id', async (request, reply) => {
    const actor = await requireActor(request);
    const { type, id } = request.params;
    writableType(type);
    bodyTypeMatches(request, type);
    const updated = await deps.writes.update(actor, type, id, request.body, ifMatchVersion(request));
    return withVersion(reply, updated).send(updated);
  });
}

function knownClinicalType(type: string): string {
  if (type === 'Patient' || clinicalTypes.includes(type)) return type;
  throw new RefusedError(404, [{ severity: 'error', code: 'not-supported', diagnostics: `Unknown resource type '${type}'` }]);
}

function writableType(type: string): void {
  if (isDirectoryType(type)) {
    throw new RefusedError(405, [{ severity: 'error', code: 'not-supported', diagnostics: `${type} is managed by the directory, not through this API` }]);
  }
  knownClinicalType(type);
}

function bodyTypeMatches(request: FastifyRequest, type: string): void {
  const body = request.body as { resourceType?: unknown } | null;
  if (body && typeof body === 'object' && !Array.isArray(body) && body.resourceType !== undefined && body.resourceType !== type) {
    throw invalidParameter(`The body is a ${String(body.resourceType)}, the URL names ${type}`, 'resourceType');
  }
}

/** `If-Match: W/"3"` → 3 (optimistic locking, FHIR §3.1.0.5). */
function ifMatchVersion(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"(\d+)"$/.exec(String(header).trim());
  if (!match) throw invalidParameter('If-Match must be a version ETag such as W/"3"', 'If-Match');
  return Number(match[1]);
}

export function fhirJson(reply: FastifyReply): FastifyReply {
  return reply.type('application/fhir+json');
}

function withVersion(reply: FastifyReply, resource: fhir4.Resource): FastifyReply {
  return versioned(reply, resource.meta?.versionId, resource.meta?.lastUpdated);
}

/** FHIR JSON with the resource's version as its ETag and Last-Modified. */
function versioned(reply: FastifyReply, versionId: string | undefined, lastUpdated: string | undefined): FastifyReply {
  if (versionId) reply.header('etag', `W/"${versionId}"`);
  if (lastUpdated) reply.header('last-modified', new Date(lastUpdated).toUTCString());
  return fhirJson(reply);
}
