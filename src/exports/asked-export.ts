import { invalidParameter } from '../domain/refusals.ts';
import { recipientKeyOf, type RecipientKey } from './recipient-key.ts';
import { checkPassphrase } from './sealed-file.ts';
import { IDENTIFIED_PURPOSES, PURPOSES, type Purpose } from './purposes.ts';
import type { ExportScope } from '../gate/export-scope.ts';

/**
 * An export request as asked: by `POST /api/exports`, its shape checked by the route's
 * schema (src/api/schemas/exports.ts: types, ids, bounds, unknown fields), or by a FHIR
 * kick-off from its query. What it must mean is checked here, in full, before anything is
 * written: a purpose Vigie knows, the reasons it needs, one way of sealing, a window that
 * makes sense.
 */
export interface AskedExport {
  purpose: string;
  justification: string;
  ethicsReference?: string | undefined;
  scope: { kind: 'establishment' | 'patients'; ids?: string[] | undefined };
  fields?: 'pseudonymised' | 'identified' | undefined;
  identifiedBecause?: string | undefined;
  format?: 'ndjson' | 'csv' | undefined;
  /** The requester's passphrase for the files; without one, the approver gives it. Never stored. */
  passphrase?: string | undefined;
  /** Or the receiving system's public key (PEM), which the files are sealed to: then no passphrase at all. */
  recipientKey?: string | undefined;
  /** A migration's window: its files are written once it opens, and taken before it closes (ISO 8601). */
  window?: { start: string; end: string } | undefined;
}

export interface ExportRequestInput {
  purpose: Purpose;
  justification: string;
  ethicsReference: string | undefined;
  scope: ExportScope;
  fields: 'pseudonymised' | 'identified';
  identifiedBecause: string | undefined;
  format: 'ndjson' | 'csv';
  passphrase: string | undefined;
  recipientKey: RecipientKey | undefined;
  window: ExportWindow | undefined;
}

export interface ExportWindow {
  start: Date;
  end: Date;
}

/** A window opens within 90 days, lasts an hour to a week (the files' keeping), and the clock may be 5 minutes off. */
const WINDOW = { aheadDays: 90, shortestHours: 1, longestDays: 7, skewMinutes: 5 };

export function exportRequestOf(asked: AskedExport): ExportRequestInput {
  const purpose = asked.purpose as Purpose;
  if (!PURPOSES.includes(purpose)) throw invalidParameter(`purpose must be one of ${PURPOSES.join(', ')}`, 'purpose');
  const justification = text(asked.justification, 'justification', 10);
  const ethicsReference = asked.ethicsReference === undefined ? undefined : text(asked.ethicsReference, 'ethicsReference', 3, 100);
  if (purpose === 'research' && !ethicsReference) throw invalidParameter('A research export names its ethics approval (ethicsReference)', 'ethicsReference');
  const fields = asked.fields ?? 'pseudonymised';
  const identifiedBecause = asked.identifiedBecause === undefined ? undefined : text(asked.identifiedBecause, 'identifiedBecause', 10);
  if (fields === 'identified') {
    if (!IDENTIFIED_PURPOSES.includes(purpose)) throw invalidParameter(`Direct identifiers leave only for ${IDENTIFIED_PURPOSES.join(', ')}`, 'fields');
    if (!identifiedBecause) throw invalidParameter('Say why direct identifiers are needed (identifiedBecause)', 'identifiedBecause');
  }
  const passphrase = asked.passphrase === undefined ? undefined : passphraseOf(asked.passphrase);
  const recipientKey = asked.recipientKey === undefined ? undefined : recipientKeyOf(asked.recipientKey);
  if (passphrase && recipientKey) throw invalidParameter('Files are sealed to a passphrase or to a recipient key, not both', 'passphrase');
  const scope = scopeOf(asked.scope);
  let window: ExportWindow | undefined;
  if (purpose === 'migration') {
    // Moving to another system: the whole establishment, sealed to that system's key, within a window.
    if (scope.kind !== 'establishment') throw invalidParameter('A migration moves the whole establishment: scope {"kind":"establishment"}', 'scope');
    if (!recipientKey)
      throw invalidParameter("A migration's files are sealed to the receiving system's public key (recipientKey), not a passphrase", 'recipientKey');
    window = windowOf(asked.window);
  } else if (asked.window !== undefined) throw invalidParameter('Only a migration is written within a window', 'window');
  return {
    purpose,
    justification,
    ethicsReference,
    scope,
    fields,
    identifiedBecause: fields === 'identified' ? identifiedBecause : undefined,
    format: asked.format ?? 'ndjson',
    passphrase,
    recipientKey,
    window,
  };
}

function windowOf(given: AskedExport['window'], now = Date.now()): ExportWindow {
  const [start, end] = [given?.start, given?.end].map((item) => (item !== undefined && /^\d{4}-\d{2}-\d{2}T/.test(item) ? new Date(item) : undefined));
  if (!start || !end || Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) {
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
export function passphraseOf(value: string): string {
  try {
    return checkPassphrase(value);
  } catch (error) {
    throw invalidParameter((error as Error).message, 'passphrase');
  }
}

/** The establishment, or the patients listed (each once, as Vigie writes ids). */
function scopeOf(scope: AskedExport['scope']): ExportScope {
  if (scope.kind === 'establishment' && scope.ids === undefined) return { kind: 'establishment' };
  if (scope.kind === 'patients' && scope.ids !== undefined) return { kind: 'patients', ids: [...new Set(scope.ids.map((id) => id.toLowerCase()))] };
  throw invalidParameter('scope is {"kind":"establishment"} or {"kind":"patients","ids":[...]}', 'scope');
}

/** Free text of `min` to `max` characters, trimmed. It is about the export, never a patient. */
function text(value: string, name: string, min: number, max = 500): string {
  if (value.trim().length < min || value.length > max) throw invalidParameter(`${name} is a text of ${min} to ${max} characters`, name);
  return value.trim();
}
