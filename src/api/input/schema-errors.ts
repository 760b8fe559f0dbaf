import type { FastifySchemaValidationError } from 'fastify';
import { invalidParameter, type RefusedError } from '../../domain/refusals.ts';
import { clip } from '../../domain/validate/checks.ts';
import { PATTERN_MEANINGS } from '../schemas/common.ts';

type Part = 'body' | 'headers' | 'params' | 'querystring';

/**
 * A request its route's schema refuses, as every other bad input: a 400 OperationOutcome
 * whose expression names the field (`window.start`, `scope.ids[0]`, `status`) and whose
 * diagnostics say what it must be. Nothing has run yet, so nothing was written.
 */
export function schemaRefusal(errors: FastifySchemaValidationError[], part: Part): RefusedError {
  const error = errors[0]!;
  const params = error.params as Record<string, unknown>;
  const at = pathOf(error.instancePath);
  const field = (name: string) => clip(at ? `${at}.${name}` : name, 120);
  if (error.keyword === 'additionalProperties') {
    const name = field(String(params.additionalProperty));
    return invalidParameter(part === 'body' ? `Unknown field '${name}'` : `Unknown ${WHERE[part]} '${name}'`, name);
  }
  if (error.keyword === 'required') {
    const name = field(String(params.missingProperty));
    return invalidParameter(`${WHAT[part]} '${name}' is required`, name);
  }
  if (at === '') return invalidParameter(part === 'body' ? 'The body must be a JSON object' : `The ${WHERE[part]} is not what this route takes`, part);
  return invalidParameter(`${WHAT[part]} '${at}' ${meaningOf(error, params)}`, at);
}

const WHAT: Record<Part, string> = { body: 'Field', querystring: 'Parameter', params: "The path's", headers: 'Header' };
const WHERE: Record<Part, string> = { body: 'field', querystring: 'parameter', params: 'path parameter', headers: 'header' };

function meaningOf(error: FastifySchemaValidationError, params: Record<string, unknown>): string {
  switch (error.keyword) {
    case 'type':
      return `must be ${article(String(params.type))}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `must be ${String(params.allowedValue)}`;
    case 'pattern':
      return `must be ${PATTERN_MEANINGS.get(String(params.pattern)) ?? 'in the expected form'}`;
    default:
      return error.message ?? 'is not what this route takes';
  }
}

const article = (type: string) => (type === 'array' || type === 'object' || type === 'integer' ? `an ${type}` : `a ${type}`);

/** `/window/start` → `window.start`; `/scope/ids/0` → `scope.ids[0]`. */
function pathOf(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}
