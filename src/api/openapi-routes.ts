import type { FastifyInstance } from 'fastify';
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { Type } from '@sinclair/typebox';
import { Outcome } from './schemas/common.ts';

/**
 * The OpenAPI 3 description of Vigie's own routes (`/api/…`, `/health/…`), built from the
 * routes' schemas as registered. FHIR routes are described by FHIR's own CapabilityStatement
 * (`GET /fhir/metadata`), and the web application's files by nothing.
 */
export const OPENAPI = (version: string): FastifyDynamicSwaggerOptions => ({
  openapi: {
    openapi: '3.0.3',
    info: { title: 'Vigie', version, description: 'Patient records for French care establishments: accounts, sign-in, guard, exports, portal.' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  },
  transform: ({ schema, url }) => ({ schema: DESCRIBED.some((prefix) => url.startsWith(prefix)) ? schema : { ...schema, hide: true }, url }),
  // Shared schemas keep their names (`#/components/schemas/OperationOutcome`).
  refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
});

const DESCRIBED = ['/api/', '/health/'];

/** The document itself: it describes routes and holds no data, so it is open to anyone. */
export async function openApiRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/openapi.json', { schema: { response: { 200: Type.Object({}, { additionalProperties: true, description: 'This document' }) } } }, async () =>
    app.swagger(),
  );
}

/** Schemas every route may name by reference; added once, at the root. */
export const SHARED_SCHEMAS = [Outcome];
