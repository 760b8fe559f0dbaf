import { invalidParameter } from '../../domain/refusals.ts';
import type { PageRequest } from '../../gate/pages.ts';
import { isUuid } from '../../domain/uuid.ts';

/**
 * FHIR search parameters, strictly: an unknown or repeated parameter is a 400, never
 * silently ignored (a client that believes it filtered must not receive everything).
 */
export type Params = Record<string, string>;

export function strictParams(query: unknown, allowed: readonly string[]): Params {
  const params: Params = {};
  for (const [name, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (!allowed.includes(name)) {
      throw invalidParameter(`Unknown search parameter '${name}'; supported: ${allowed.join(', ')}`, name);
    }
    if (typeof value !== 'string') throw invalidParameter(`Parameter '${name}' must be given once`, name);
    params[name] = value;
  }
  return params;
}

export const PAGING_PARAMS = ['_count', '_cursor'] as const;

export function pageOf(params: Params, defaultCount: number, maxCount: number): PageRequest {
  let count = defaultCount;
  if (params._count !== undefined) {
    if (!/^\d{1,6}$/.test(params._count) || Number(params._count) < 1) {
      throw invalidParameter('_count must be a positive integer', '_count');
    }
    count = Math.min(Number(params._count), maxCount);
  }
  const after = params._cursor;
  if (after !== undefined && !isUuid(after)) throw invalidParameter('_cursor is not a cursor this server issued', '_cursor');
  return { count, after };
}

/** `patient=ID` or `patient=Patient/ID` (also `subject=Patient/ID`). */
export function patientParam(params: Params): string {
  if (params.patient !== undefined && params.subject !== undefined) throw invalidParameter('Give patient or subject, not both', 'subject');
  const value = params.patient ?? params.subject;
  if (!value) throw invalidParameter('Searches of patient data need patient=Patient/ID', 'patient');
  const id = value.startsWith('Patient/') ? value.slice('Patient/'.length) : value;
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) throw invalidParameter(`'${value}' is not a Patient reference`, 'patient');
  return id;
}
