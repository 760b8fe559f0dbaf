import { isUuid } from '../domain/uuid.ts';
import { invalidParameter } from '../gate/refusals.ts';
import { checkPassphrase } from './sealed-file.ts';
import { IDENTIFIED_PURPOSES, MAX_LISTED_PATIENTS, PURPOSES, type Purpose } from './purposes.ts';

/** Which patients: every patient of the requester's establishment (of the group, for a group-wide account), or a list. */
export type ExportScope = { kind: 'establishment' } | { kind: 'patients'; ids: string[] };

/** An export request as asked for, checked in full before anything is written. */
export interface ExportRequestInput {
  purpose: Purpose;
  justification: string;
  ethicsReference: string | undefined;
  scope: ExportScope;
  fields: 'pseudonymised' | 'identified';
  identifiedBecause: string | undefined;
  format: 'ndjson' | 'csv';
  /** The requester's passphrase for the files; without one, the approver gives it. Never stored. */
  passphrase: string | undefined;
}

const KEYS = new Set(['purpose', 'justification', 'ethicsReference', 'scope', 'fields', 'identifiedBecause', 'format', 'passphrase']);

export function exportRequestInput(body: unknown): ExportRequestInput {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalidParameter('The request is a JSON object: purpose, justification, scope, fields, format');
  const input = body as Record<string, unknown>;
  const unknown = Object.keys(input).find((key) => !KEYS.has(key));
  if (unknown) throw invalidParameter(`Unknown field ${unknown}`, unknown);
  const purpose = input.purpose;
  if (!PURPOSES.includes(purpose as Purpose)) throw invalidParameter(`purpose must be one of ${PURPOSES.join(', ')}`, 'purpose');
  const justification = text(input.justification, 'justification', 10);
  const ethicsReference = input.ethicsReference === undefined ? undefined : text(input.ethicsReference, 'ethicsReference', 3, 100);
  if (purpose === 'research' && !ethicsReference) throw invalidParameter('A research export names its ethics approval (ethicsReference)', 'ethicsReference');
  const fields = input.fields ?? 'pseudonymised';
  if (fields !== 'pseudonymised' && fields !== 'identified') throw invalidParameter("fields must be 'pseudonymised' (the default) or 'identified'", 'fields');
  const identifiedBecause = input.identifiedBecause === undefined ? undefined : text(input.identifiedBecause, 'identifiedBecause', 10);
  if (fields === 'identified') {
    if (!IDENTIFIED_PURPOSES.includes(purpose as Purpose)) throw invalidParameter(`Direct identifiers leave only for ${IDENTIFIED_PURPOSES.join(', ')}`, 'fields');
    if (!identifiedBecause) throw invalidParameter('Say why direct identifiers are needed (identifiedBecause)', 'identifiedBecause');
  }
  const format = input.format ?? 'ndjson';
  if (format !== 'ndjson' && format !== 'csv') throw invalidParameter("format must be 'ndjson' (the default: FHIR NDJSON) or 'csv' (for spreadsheets), one file per resource type", 'format');
  const passphrase = input.passphrase === undefined ? undefined : passphraseOf(input.passphrase);
  return { purpose: purpose as Purpose, justification, ethicsReference, scope: scopeOf(input.scope), fields, identifiedBecause: fields === 'identified' ? identifiedBecause : undefined, format, passphrase };
}

/** A passphrase for export files, or a 400 saying what one must be. */
export function passphraseOf(value: unknown): string {
  try {
    return checkPassphrase(value);
  } catch (error) {
    throw invalidParameter((error as Error).message, 'passphrase');
  }
}

function scopeOf(value: unknown): ExportScope {
  const scope = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  if (scope?.kind === 'establishment' && Object.keys(scope).length === 1) return { kind: 'establishment' };
  if (scope?.kind === 'patients' && Array.isArray(scope.ids) && Object.keys(scope).length === 2) {
    const ids = scope.ids;
    if (ids.length === 0 || ids.length > MAX_LISTED_PATIENTS) throw invalidParameter(`scope.ids lists 1 to ${MAX_LISTED_PATIENTS} patient ids`, 'scope.ids');
    if (!ids.every((id) => typeof id === 'string' && isUuid(id))) throw invalidParameter('scope.ids holds patient ids', 'scope.ids');
    return { kind: 'patients', ids: [...new Set((ids as string[]).map((id) => id.toLowerCase()))] };
  }
  throw invalidParameter("scope is {\"kind\":\"establishment\"} or {\"kind\":\"patients\",\"ids\":[...]}", 'scope');
}

/** Free text of `min` to `max` characters, trimmed. It is about the export, never a patient. */
function text(value: unknown, name: string, min: number, max = 500): string {
  if (typeof value !== 'string' || value.trim().length < min || value.length > max) throw invalidParameter(`${name} is a text of ${min} to ${max} characters`, name);
  return value.trim();
}
