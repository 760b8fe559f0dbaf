import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Unauthenticated } from '../domain/actor.ts';
import { Throttled } from '../identity/throttle.ts';
import { RefusedError, type OutcomeIssue } from '../domain/refusals.ts';

/** Every refusal leaves as a FHIR OperationOutcome with a 4xx status, from here only. */
export function operationOutcome(issues: OutcomeIssue[]): fhir4.OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: issues as fhir4.OperationOutcomeIssue[] };
}

export function sendOutcome(reply: FastifyReply, status: number, code: string, diagnostics: string): FastifyReply {
  return reply
    .code(status)
    .type('application/fhir+json')
    .send(operationOutcome([{ severity: 'error', code, diagnostics }]));
}

export const UNAUTHENTICATED_MESSAGE = 'Authentication failed: wrong credentials, or a missing, expired or revoked token';

export const THROTTLED_MESSAGE = 'Too many failed sign-ins: wait as long as Retry-After says, or ask a user administrator to reset the lockout';

export function errorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof RefusedError) {
    return reply.code(error.status).type('application/fhir+json').send(operationOutcome(error.issues));
  }
  if (error instanceof Unauthenticated) {
    return sendOutcome(reply.header('www-authenticate', 'Bearer'), 401, 'login', UNAUTHENTICATED_MESSAGE);
  }
  if (error instanceof Throttled) {
    // One answer whether the username exists or not; Retry-After says when to try again.
    return sendOutcome(reply.header('retry-after', String(error.retryAfterSeconds)), 429, 'throttled', THROTTLED_MESSAGE);
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.statusCode === 429) return sendOutcome(reply, 429, 'throttled', 'Too many requests; slow down');
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return sendOutcome(reply, 413, 'too-costly', 'The body is larger than this route accepts');
  }
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return sendOutcome(reply, 415, 'not-supported', 'Send JSON (application/fhir+json or application/json)');
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    // Body parsing (bad JSON, too large) and schema errors from Fastify itself.
    return sendOutcome(reply, fastifyError.statusCode, 'invalid', fastifyError.message);
  }
  request.log.error({ err: error }, 'unexpected error');
  return sendOutcome(reply, 500, 'exception', 'Internal error; the incident is logged');
}

/** Errors Fastify's router meets before any route (a URL it cannot decode, a path segment past any id's length). */
export function frameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') sendOutcome(reply, 414, 'too-costly', 'A segment of the path is longer than any id');
  else sendOutcome(reply, 400, 'invalid', error.code === 'FST_ERR_BAD_URL' ? 'The URL is not valid percent-encoded UTF-8' : 'The request cannot be routed');
}
