import type { FastifyRequest } from 'fastify';
import { invalidParameter, RefusedError } from '../../domain/refusals.ts';
import { clip } from '../../domain/validate/checks.ts';
import { FORMAT_PARAMETER, JSON_FORMATS, parametersOf } from './query-parameters.ts';
import { firstUnsafeValue, unsafeCharacter } from './unsafe-text.ts';

/**
 * Refuses, before any handler runs and so before anything is read or written, the input
 * no route can use (DESIGN.md invariant 8): a malformed query, an unknown or repeated
 * parameter, NUL or invalid Unicode in the path, the query, a header or the body, and a
 * Host that cannot be a host. Every refusal is a 400 OperationOutcome naming where.
 */
export function refuseBadInput(request: FastifyRequest): void {
  refuseBadQuery(request);
  for (const [name, value] of Object.entries((request.params ?? {}) as Record<string, string>)) refuseUnsafe(value, name, `The path's ${name}`);
  refuseBadHeaders(request);
  const unsafe = firstUnsafeValue(request.body);
  if (unsafe) throw invalidParameter(`${unsafe.at} holds ${unsafe.problem}`, unsafe.at);
}

function refuseBadQuery(request: FastifyRequest): void {
  const mark = request.url.indexOf('?');
  if (mark < 0) return;
  const route = request.routeOptions.url;
  const fhir = route?.startsWith('/fhir/') ?? false;
  const allowed = route === undefined ? undefined : parametersOf(request.method, route);
  const seen = new Set<string>();
  for (const pair of request.url.slice(mark + 1).split('&')) {
    if (pair === '') continue;
    const [rawName = '', ...rawValue] = pair.split('=');
    const name = decoded(rawName, 'A query parameter name');
    const value = decoded(rawValue.join('='), `Parameter '${clip(name)}'`);
    refuseUnsafe(name, 'query', 'A query parameter name');
    refuseUnsafe(value, name, `Parameter '${clip(name)}'`);
    if (seen.has(name)) throw invalidParameter(`Parameter '${clip(name)}' is given more than once; give it once`, clip(name));
    seen.add(name);
    if (fhir && name === FORMAT_PARAMETER) {
      refuseFormat(value);
      continue;
    }
    if (allowed && !allowed.includes(name)) {
      const supported = allowed.length > 0 ? `supported here: ${allowed.join(', ')}` : 'this route takes no parameters';
      throw invalidParameter(`Unknown parameter '${clip(name)}'; ${supported}`, clip(name));
    }
  }
  // Decided here: the handlers never see it.
  if (fhir && seen.has(FORMAT_PARAMETER)) delete (request.query as Record<string, unknown>)[FORMAT_PARAMETER];
}

/** `+` is a space in a query (application/x-www-form-urlencoded); a broken %-escape is a 400, not raw text. */
function decoded(raw: string, what: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    throw invalidParameter(`${what} is not valid percent-encoded UTF-8`, 'query');
  }
}

function refuseFormat(value: string): void {
  // An unescaped "+" arrives as a space: application/fhir json is application/fhir+json.
  if (JSON_FORMATS.includes(value.replace(/ /g, '+'))) return;
  throw new RefusedError(406, [
    {
      severity: 'error',
      code: 'not-supported',
      diagnostics: `Vigie answers in FHIR JSON only (_format=json or application/fhir+json), not '${clip(value)}'`,
      expression: [FORMAT_PARAMETER],
    },
  ]);
}

/** A host name, an IPv4 or a bracketed IPv6 address, and an optional port (RFC 3986 §3.2.2). */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

function refuseBadHeaders(request: FastifyRequest): void {
  for (const [name, value] of Object.entries(request.headers)) {
    for (const one of Array.isArray(value) ? value : [value ?? '']) refuseUnsafe(one, name, `Header ${name}`);
  }
  // Links in answers are built on it (a Bundle's self and next).
  const host = request.headers.host;
  if (host !== undefined && !HOST.test(host)) throw invalidParameter('The Host header is not a host name or address', 'host');
}

function refuseUnsafe(text: string, where: string, what: string): void {
  const problem = unsafeCharacter(text);
  if (problem) throw invalidParameter(`${what} holds ${problem}`, where);
}
