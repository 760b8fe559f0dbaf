import type { KeyRing } from '../crypto/key-ring.ts';
import type { Actor } from '../domain/actor.ts';
import { appendAudit } from '../ledger/append.ts';
import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { breakGlassAad, type BreakGlassReason } from '../access/break-glass-reasons.ts';
import { openPatientText, sealPatientText } from './codec.ts';
import { forbidden, invalid, notFound, versionConflict } from '../domain/refusals.ts';

/**
 * The security officer's review of break-glass accesses: who opened which record, why
 * (the stated text), when, and whether it was justified. Reviews are audited and final.
 * The texts may say something about the patient: sealed under the establishment's key,
 * they are opened here, in the gate, like the record.
 */
export interface BreakGlassEntry {
  id: string;
  username: string;
  role: string;
  patientId: string;
  establishmentId: string;
  reason: BreakGlassReason;
  text: string;
  openedAt: string;
  expiresAt: string;
  review: { outcome: 'justified' | 'unjustified'; note: string | null; reviewedAt: string; reviewedBy: string } | null;
}

interface Row {
  id: string;
  username: string;
  role: string;
  patient_id: string;
  establishment_id: string;
  reason_code: BreakGlassReason;
  reason_text: Uint8Array;
  opened_at: Date;
  expires_at: Date;
  review_outcome: 'justified' | 'unjustified' | null;
  review_note: Uint8Array | null;
  reviewed_at: Date | null;
  reviewer: string | null;
}

const SELECT_ENTRIES = sql`SELECT b.id, a.username, a.role, b.patient_id, b.establishment_id, b.reason_code, b.reason_text,
    b.opened_at, b.expires_at, b.review_outcome, b.review_note, b.reviewed_at, r.username AS reviewer
  FROM break_glass b JOIN account a ON a.id = b.account_id LEFT JOIN account r ON r.id = b.reviewed_by`;

const REVIEWERS = new Set(['security_officer']);
const READERS = new Set(['security_officer', 'dpo']);

export async function listBreakGlass(
  db: Database,
  keys: KeyRing,
  actor: Actor,
  options: { unreviewedOnly: boolean; limit: number },
): Promise<BreakGlassEntry[]> {
  if (!READERS.has(actor.role)) throw forbidden(`role ${actor.role} does not review break-glass accesses`);
  const rows = await db.rows<Row>(sql`${SELECT_ENTRIES}
     WHERE NOT ${options.unreviewedOnly}::boolean OR b.reviewed_at IS NULL
     ORDER BY b.opened_at DESC LIMIT ${options.limit}`);
  return rows.map((row) => entryOf(keys, row));
}

export async function reviewBreakGlass(
  db: Database,
  keys: KeyRing,
  actor: Actor,
  id: string,
  input: { outcome: 'justified' | 'unjustified'; note?: string | undefined },
): Promise<BreakGlassEntry> {
  if (!REVIEWERS.has(actor.role)) throw forbidden(`role ${actor.role} does not review break-glass accesses`);
  const { outcome } = input;
  const note = input.note?.trim() ?? '';
  if (outcome === 'unjustified' && note.length < 10) {
    throw invalid([{ severity: 'error', code: 'invalid', diagnostics: 'An unjustified access needs a note of at least 10 characters', expression: ['note'] }]);
  }
  return db.transaction(async (tx) => {
    const current = await tx.one<{ establishment_id: string; patient_id: string; reviewed_at: Date | null }>(
      sql`SELECT establishment_id, patient_id, reviewed_at FROM break_glass WHERE id = ${id} FOR UPDATE`,
    );
    if (!current) throw notFound(`break-glass ${id}`);
    if (current.reviewed_at) throw versionConflict(`break-glass ${id} was already reviewed`);
    const sealed = note ? sealPatientText(keys, current.establishment_id, `break-glass-review:${id}`, note) : null;
    await tx.run(
      sql`UPDATE break_glass SET reviewed_at = now(), reviewed_by = ${actor.accountId}, review_outcome = ${outcome}, review_note = ${sealed} WHERE id = ${id}`,
    );
    await appendAudit(tx, [
      {
        action: 'break-glass-review',
        outcome: 'allowed',
        reason: `break-glass ${id} reviewed: ${outcome}`,
        actorId: actor.accountId,
        actorRole: actor.role,
        sessionId: actor.sessionId,
        address: actor.address,
        patientId: current.patient_id,
        establishmentId: current.establishment_id,
        detail: { breakGlass: id, outcome },
      },
    ]);
    const row = await tx.one<Row>(sql`${SELECT_ENTRIES} WHERE b.id = ${id}`);
    return entryOf(keys, row!);
  });
}

function entryOf(keys: KeyRing, row: Row): BreakGlassEntry {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    patientId: row.patient_id,
    establishmentId: row.establishment_id,
    reason: row.reason_code,
    text: openPatientText(keys, breakGlassAad(row.id), row.reason_text),
    openedAt: new Date(row.opened_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
    review: row.reviewed_at
      ? {
          outcome: row.review_outcome!,
          note: row.review_note ? openPatientText(keys, `break-glass-review:${row.id}`, row.review_note) : null,
          reviewedAt: new Date(row.reviewed_at).toISOString(),
          reviewedBy: row.reviewer!,
        }
      : null,
  };
}
