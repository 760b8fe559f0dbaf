/** The roles of DESIGN.md. Each account has exactly one. */
export const ROLES = [
  'doctor',
  'nurse',
  'admissions',
  'lab',
  'dpo',
  'dim',
  'security_officer',
  'user_admin',
  'sysadmin',
  // A patient, in the portal: their own identity and who opened their record, nothing else.
  'patient',
] as const;
export type Role = (typeof ROLES)[number];

/** Every role but the patient's: the accounts administrators create and the care organisation holds. */
export const STAFF_ROLES = ROLES.filter((role) => role !== 'patient');

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Roles that manage people, keys, audit or the system. */
export const PRIVILEGED_ROLES: readonly Role[] = ['sysadmin', 'user_admin', 'security_officer', 'dpo', 'dim'];

/**
 * Session lifetimes, NIST SP 800-63B-4 §2.3.3 / §2.2.3: AAL3 (privileged roles) 15 min idle
 * and 12 h absolute; AAL2 (everyone else) 1 h idle and 24 h absolute.
 */
export function sessionPolicy(role: Role): { idleSeconds: number; absoluteSeconds: number } {
  return PRIVILEGED_ROLES.includes(role) ? { idleSeconds: 15 * 60, absoluteSeconds: 12 * 3600 } : { idleSeconds: 3600, absoluteSeconds: 24 * 3600 };
}
