import { isUuid } from '../domain/uuid.ts';
import { invalidParameter } from '../domain/refusals.ts';
import { recipientKeyOf, type RecipientKey } from './recipient-key.ts';
import { checkPassphrase } from './sealed-file.ts';
import { IDENTIFIED_PURPOSES, PURPOSES, type Purpose } from './purposes.ts';
import { MAX_LISTED_PATIENTS, type ExportScope } from '../gate/export-scope.ts';

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
  /** Or the receiving system's public key, which the files are sealed to: then no passphrase at all. */
  recipientKey: RecipientKey | undefined;
  /** A migration's window: its files are written once it opens, and taken before it closes. */
  window: ExportWindow | undefined;
}

export interface ExportWindow {
  start: Date;
  end: Date;
}

/** A window opens within 90 days, lasts an hour to a week (the files' keeping), and the clock may be 5 minutes off. */
const WINDOW = { aheadDays: 90, shortestHours: 1, longestDays: 7, skewMinutes: 5 };

const KEYS = new Set(['purpose', 'justification', 'ethicsReference', 'scope', 'fields', 'identifiedBecause', 'format', 'passphrase', 'recipientKey', 'window']);

export function exportRequestInput(body: unknown): ExportRequestInput {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw invalidParameter('The request is a JSON object: purpose, justification, scope, fields, format');
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
    if (!IDENTIFIED_PURPOSES.includes(purpose as Purpose))
      throw invalidParameter(`Direct identifiers leave only for ${IDENTIFIED_PURPOSES.join(', ')}`, 'fields');
    if (!identifiedBecause) throw invalidParameter('Say why direct identifiers are needed (identifiedBecause)', 'identifiedBecause');
  }
  const format = input.format ?? 'ndjson';
  if (format !== 'ndjson' && format !== 'csv')
    throw invalidParameter("format must be 'ndjson' (the default: FHIR NDJSON) or 'csv' (for spreadsheets), one file per resource type", 'format');
  const passphrase = input.passphrase === undefined ? undefined : passphraseOf(input.passphrase);
  const recipientKey = input.recipientKey === undefined ? undefined : recipientKeyOf(input.recipientKey);
  if (passphrase && recipientKey) throw invalidParameter('Files are sealed to a passphrase or to a recipient key, not both', 'passphrase');
  const scope = scopeOf(input.scope);
  let window: ExportWindow | undefined;
  if (purpose === 'migration') {
    // Moving to another system: the whole establishment, sealed to that system's key, within a window.
    if (scope.kind !== 'establishment') throw invalidParameter('A migration moves the whole establishment: scope {"kind":"establishment"}', 'scope');
    if (!recipientKey)
      throw invalidParameter("A migration's files are sealed to the receiving system's public key (recipientKey), not a passphrase", 'recipientKey');
    window = windowOf(input.window);
  } else if (input.window !== undefined) throw invalidParameter('Only a migration is written within a window', 'window');
  return {
    purpose: purpose as Purpose,
    justification,
    ethicsReference,
    scope,
    fields,
    identifiedBecause: fields === 'identified' ? identifiedBecause : undefined,
    format,
    passphrase,
    recipientKey,
    window,
  };
}

function windowOf(value: unknown, now = Date.now()): ExportWindow {
  const given = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const [start, end] = [given.start, given.end].map((item) => (typeof item === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(item) ? new Date(item) : undefined));
  if (!start || !end || Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || Object.keys(given).length !== 2) {
    throw invalidParameter('A migration names its window: {"start","end"}, ISO 8601 date-times', 'window');
  }
  const hours = (end.getTime() - start.getTime()) / 3_600_000;
  if (start.getTime() < now - WINDOW.skewMinutes * 60_000 || start.getTime() > now + WINDOW.aheadDays * 86_400_000)
    throw invalidParameter(`The window opens from now to ${WINDOW.aheadDays} days ahead`, 'window.start');
  if (hours < WINDOW.shortestHours || hours > WINDOW.longestDays * 24)
    throw invalidParameter(`The window lasts ${WINDOW.shortestHours} hour to ${WINDOW.longestDays} days`, 'window.end');
  return { start, end };
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
  throw invalidParameter('scope is {"kind":"establishment"} or {"kind":"patients","ids":[...]}', 'scope');
}

/** Free text of `min` to `max` characters, trimmed. It is about the export, never a patient. */
function text(value: unknown, name: string, min: number, max = 500): string {
  if (typeof value !== 'string' || value.trim().length < min || value.length > max)
    throw invalidParameter(`${name} is a text of ${min} to ${max} characters`, name);
  return value.trim();
}
