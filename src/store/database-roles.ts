import type { GATE_CLAIM } from './gate-claim.ts';
import type { LOGIN_CLAIM } from './login-claim.ts';

/** Vigie's database roles (migrations 010 and 024). */

/** The role Vigie works as: records read and written, the ledger only read and appended to. */
export const APPLICATION_ROLE = 'vigie_app';
/**
 * The role the gate alone takes, for its own transactions: the only one that may read or
 * write the patient and clinical tables (migration 024).
 */
export const GATE_ROLE = 'vigie_gate';
/** The patient tables: identities and clinical resources, sealed, with their blind indexes. */
export const PATIENT_TABLES = ['patient', 'clinical_resource'];
/** The role that alone may remove sealed ledger entries (retention). */
export const ARCHIVIST_ROLE = 'vigie_archivist';

/** The roles a transaction may be worked as by name; the gate's and the login's own are taken with a claim only (gate-claim.ts, login-claim.ts). */
export type WorkingRole = typeof APPLICATION_ROLE | typeof ARCHIVIST_ROLE;
export const WORKING_ROLES: ReadonlySet<string> = new Set<WorkingRole>([APPLICATION_ROLE, ARCHIVIST_ROLE]);

/** What a transaction may be asked to work as: a role by name, or by a claim. */
export type RoleRequest = WorkingRole | typeof GATE_CLAIM | typeof LOGIN_CLAIM;
