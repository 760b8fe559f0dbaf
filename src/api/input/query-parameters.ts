import { PATIENT_SEARCH_PARAMS } from '../fhir/capability.ts';
import { AUDIT_PARAMS } from '../fhir/audit-event-routes.ts';
import { KICK_OFF_PARAMS } from '../fhir/bulk-export-routes.ts';
import { PAGING_PARAMS } from '../fhir/params.ts';

/**
 * Every query parameter Vigie reads, per route (`METHOD /url` as registered); a route
 * not listed takes none. Anything else — an unknown name, a name given twice — is a 400
 * naming it, never silently ignored: a client that believes it filtered must not receive
 * everything (FHIR R4 §3.1.1.4.1, "strict" handling).
 */
export const QUERY_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  'GET /fhir/Patient': [...PATIENT_SEARCH_PARAMS, ...PAGING_PARAMS],
  'GET /fhir/Patient/:id/$everything': PAGING_PARAMS,
  'GET /fhir/:type': ['patient', 'subject', ...PAGING_PARAMS],
  'GET /fhir/AuditEvent': AUDIT_PARAMS,
  'GET /fhir/$export': KICK_OFF_PARAMS,
  'GET /fhir/Patient/$export': KICK_OFF_PARAMS,
  'GET /fhir/Group/:id/$export': KICK_OFF_PARAMS,
  'GET /api/security/alerts': ['status'],
  'GET /api/security/break-glass': ['status'],
  'GET /api/security/disclosures': ['hours'],
  'GET /api/admin/review': ['establishment'],
  // What an OpenID provider sends back (RFC 6749 §4.1.2 and §4.1.2.1, RFC 9207, OIDC Session Management).
  'GET /api/auth/sso/callback': ['code', 'state', 'iss', 'session_state', 'error', 'error_description', 'error_uri'],
};

/** The parameters a route takes; HEAD is its GET without the body. */
export function parametersOf(method: string, url: string): readonly string[] {
  return QUERY_PARAMETERS[`${method === 'HEAD' ? 'GET' : method} ${url}`] ?? [];
}

/**
 * FHIR's `_format` (R4 §3.1.0.1.10) on any /fhir route: Vigie speaks JSON only, so the
 * JSON spellings are accepted and anything else (xml, turtle) is a 406.
 */
export const FORMAT_PARAMETER = '_format';
export const JSON_FORMATS: readonly string[] = ['json', 'application/json', 'application/fhir+json'];
