/**
 * Why a professional opens a record without a care relationship: a reason from this
 * list, plus free text (at least 10 characters) that the security officer reviews.
 */
export const BREAK_GLASS_REASONS = {
  emergency: 'Urgence vitale',
  continuity: 'Continuité des soins (patient pris en charge sans séjour enregistré)',
  'on-call': 'Garde ou astreinte',
  'patient-request': 'À la demande du patient',
  other: 'Autre motif (à préciser)',
} as const;

export type BreakGlassReason = keyof typeof BREAK_GLASS_REASONS;

export const BREAK_GLASS_TEXT = { min: 10, max: 500 } as const;

export function isBreakGlassReason(value: unknown): value is BreakGlassReason {
  return typeof value === 'string' && Object.hasOwn(BREAK_GLASS_REASONS, value);
}

/** Additional data binding an encrypted break-glass text to its row. */
export const breakGlassAad = (id: string) => `break-glass:${id}`;
