import { invalidParameter } from '../domain/refusals.ts';

/** The officer says why, in a few words: it goes into the ledger. */
export function noteOf(body: unknown): string {
  const note = body && typeof body === 'object' ? (body as { note?: unknown }).note : undefined;
  if (typeof note !== 'string' || note.trim().length < 3 || note.length > 500) {
    throw invalidParameter('Give a note of 3 to 500 characters: what the review found', 'note');
  }
  return note.trim();
}
