import type { Actor } from '../domain/actor.ts';
import { invalidParameter } from '../domain/refusals.ts';
import type { AuditEntry } from '../ledger/append.ts';

/** The officer says why, in a few words: it goes into the ledger. */
export function noteOf(note: string): string {
  if (note.trim().length < 3 || note.length > 500) {
    throw invalidParameter('Give a note of 3 to 500 characters: what the review found', 'note');
  }
  return note.trim();
}

/** The ledger's entry for an officer's reinstatement (of an account or an address), with the officer's note as its reason. */
export function reinstatementEntry(officer: Actor, note: string, detail: Record<string, unknown>): AuditEntry {
  return {
    action: 'reinstatement',
    outcome: 'allowed',
    reason: note,
    actorId: officer.accountId,
    actorRole: officer.role,
    sessionId: officer.sessionId,
    address: officer.address,
    detail,
  };
}
