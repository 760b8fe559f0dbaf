/** Vigie's database roles (migrations 010 and 024), and the one name for the login's own rights. */

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

/** The login's own rights (SET ROLE NONE): the owner's, for the operator's commands and tests that play the owner. */
export const LOGIN_ROLE = 'NONE';

/** The roles a transaction may be worked as by name; the gate's is taken with its claim only (gate-claim.ts). */
export type WorkingRole = typeof APPLICATION_ROLE | typeof ARCHIVIST_ROLE | typeof LOGIN_ROLE;
export const WORKING_ROLES: ReadonlySet<string> = new Set<WorkingRole>([APPLICATION_ROLE, ARCHIVIST_ROLE, LOGIN_ROLE]);
