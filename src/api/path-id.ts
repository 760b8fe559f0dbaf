import type { FastifyRequest } from 'fastify';
import { isUuid } from '../domain/uuid.ts';
import { invalidParameter } from '../domain/refusals.ts';

/** The `:id` of a route, a UUID, or a 400 naming what it should identify. */
export function pathId(request: FastifyRequest, what: string): string {
  const { id } = request.params as { id: string };
  if (!isUuid(id)) throw invalidParameter(`Unknown ${what} id`, 'id');
  return id.toLowerCase();
}
