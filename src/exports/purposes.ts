import type { Role } from '../domain/roles.ts';

/**
 * Why an export may be asked for. Direct identifiers (names, NIR, address, birth date)
 * leave only for purposes that need them — the care of the same patients elsewhere, a
 * migration to another system, a legal request — and only when the request says why;
 * research, billing (PMSI) and anything else get pseudonymised fields.
 */
export const PURPOSES = ['care-continuity', 'migration', 'research', 'billing', 'legal', 'other'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const IDENTIFIED_PURPOSES: readonly Purpose[] = ['care-continuity', 'migration', 'legal'];

/** Who may ask for an export. User administrators and security officers have no use for patient data. */
export const REQUESTER_ROLES: readonly Role[] = ['doctor', 'nurse', 'admissions', 'lab', 'dpo', 'sysadmin'];

/** Who approves an export, never their own: the data protection officer, or the medical information doctor of its establishment. */
export const APPROVER_ROLES: readonly Role[] = ['dpo', 'dim'];

/**
 * Who approves a migration — the whole establishment to another system — one each: the
 * data protection officer (the data, its purpose) and the security officer (the receiving
 * system's key, the window).
 */
export const MIGRATION_APPROVER_ROLES: readonly Role[] = ['dpo', 'security_officer'];

/**
 * Whether the actor is one of an export's approvers: for a migration, the data protection
 * officer or the security officer; otherwise the data protection officer, or the medical
 * information doctor when the export is of their own establishment (a group-wide export
 * is the data protection officer's).
 */
export function isApproverOf(
  actor: { role: Role; establishmentId: string | undefined },
  request: { approvals_needed: number; establishment_id: string | null },
): boolean {
  if (request.approvals_needed === 2) return MIGRATION_APPROVER_ROLES.includes(actor.role);
  if (actor.role === 'dim') return actor.establishmentId !== undefined && request.establishment_id === actor.establishmentId;
  return APPROVER_ROLES.includes(actor.role);
}

/** Patients past which an export needs a second person (VIGIE_EXPORT_APPROVAL_ABOVE may only lower it). */
export const APPROVAL_ABOVE = 50;

export function approvalAboveFrom(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.VIGIE_EXPORT_APPROVAL_ABOVE;
  if (value === undefined || value === '') return APPROVAL_ABOVE;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > APPROVAL_ABOVE)
    throw new Error(`VIGIE_EXPORT_APPROVAL_ABOVE must be a whole number from 0 to ${APPROVAL_ABOVE} (it may only lower the threshold): ${value}`);
  return n;
}
