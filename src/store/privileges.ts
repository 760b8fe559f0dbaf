import type { Sql } from './database.ts';
import { sql } from './sql.ts';
import { APPLICATION_ROLE, ARCHIVIST_ROLE, GATE_ROLE, PATIENT_TABLES } from './database-roles.ts';

/** Tables the application may read and append to, never change (DESIGN invariant 6). */
const INSERT_ONLY = ['audit_event', 'ledger_checkpoint', 'ledger_genesis', 'ledger_archive'];

/**
 * Grants the roles of migrations 010 and 024 their rights on every table of the schema, the
 * insert-only ones excepted. Run as the owner after each migration, so that a table a
 * later migration adds is covered, and a right granted by hand beyond these is taken back.
 */
export async function grantPrivileges(tx: Sql): Promise<void> {
  const [{ schema } = { schema: 'public' }] = await tx.rows<{ schema: string }>(sql`SELECT quote_ident(current_schema()) AS schema`);
  const workingRoles = `${APPLICATION_ROLE}, ${GATE_ROLE}`;
  const statements = [
    `GRANT USAGE ON SCHEMA ${schema} TO ${workingRoles}, ${ARCHIVIST_ROLE}`,
    // The gate's transactions do what the application's do (the ledger, the guard), and more.
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${workingRoles}`,
    `REVOKE ALL ON ${PATIENT_TABLES.join(', ')} FROM ${APPLICATION_ROLE}, PUBLIC`,
    `REVOKE TRUNCATE, TRIGGER, REFERENCES ON ${PATIENT_TABLES.join(', ')} FROM ${GATE_ROLE}`,
    `REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON ${INSERT_ONLY.join(', ')} FROM ${workingRoles}`,
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migration FROM ${workingRoles}`,
    // USAGE draws numbers; only the owner may set a sequence back.
    `GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${workingRoles}`,
    `REVOKE UPDATE ON ALL SEQUENCES IN SCHEMA ${schema} FROM ${workingRoles}`,
    // Where the database's entries begin is the archivist's to say, not the application's.
    `REVOKE INSERT ON ledger_archive FROM ${workingRoles}`,
    `GRANT SELECT, DELETE ON audit_event TO ${ARCHIVIST_ROLE}`,
    `GRANT SELECT ON ledger_checkpoint, ledger_lane, ledger_genesis TO ${ARCHIVIST_ROLE}`,
    `GRANT SELECT, INSERT ON ledger_archive TO ${ARCHIVIST_ROLE}`,
  ];
  for (const statement of statements) await tx.query(statement);
}

/** Whether this login owns Vigie's tables (or is a superuser): it may migrate and grant. */
export async function ownsSchema(tx: Sql): Promise<boolean> {
  const row = await tx.one<{ owns: boolean }>(sql`SELECT coalesce((SELECT pg_has_role(current_user, tableowner, 'MEMBER') FROM pg_tables
       WHERE schemaname = current_schema() AND tablename = 'schema_migration'), has_schema_privilege(current_schema(), 'CREATE')) AS owns`);
  return row!.owns;
}
