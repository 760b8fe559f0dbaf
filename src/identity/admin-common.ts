import { forbidden, notFound, RefusedError } from '../domain/refusals.ts';
import { appendAudit, type AuditAction } from '../ledger/append.ts';
import type { Database, Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import type { Actor } from '../domain/actor.ts';
import type { Role } from '../domain/roles.ts';

/**
 * What every account administration operation shares: only `user_admin` administers
 * (separation of duties, DESIGN invariant 3), never their own account, only inside their
 * establishment when they have one; each change and each refusal is audited.
 */
export interface ManagedAccount {
  id: string;
  username: string;
  role: Role;
  status: 'active' | 'suspended' | 'contained' | 'pending';
  establishment_id: string | null;
  unit_id: string | null;
  practitioner_id: string | null;
  created_at: Date;
}

export interface AccountView {
  id: string;
  username: string;
  role: Role;
  status: ManagedAccount['status'];
  establishmentId: string | null;
  unitId: string | null;
  practitionerId: string | null;
  createdAt: string;
}

export const viewOf = (row: ManagedAccount): AccountView => ({
  id: row.id,
  username: row.username,
  role: row.role,
  status: row.status,
  establishmentId: row.establishment_id,
  unitId: row.unit_id,
  practitionerId: row.practitioner_id,
  createdAt: new Date(row.created_at).toISOString(),
});

/**
 * Runs one administration operation in a transaction; a refusal is audited after the
 * rollback. Only user administrators act, and security officers where they confirm.
 */
export async function administer<T>(
  db: Database,
  actor: Actor,
  action: AuditAction,
  targetId: string | undefined,
  work: (tx: Sql) => Promise<T>,
  roles: readonly Role[] = ['user_admin'],
): Promise<T> {
  try {
    if (!roles.includes(actor.role)) throw forbidden(`role ${actor.role} may not do this: only ${roles.join(' or ')} (separation of duties)`);
    return await db.transaction(work);
  } catch (error) {
    if (error instanceof RefusedError && error.status === 403) {
      await appendAudit(db, [{ ...auditBase(actor, targetId), action, outcome: 'refused', reason: error.message }]);
    }
    throw error;
  }
}

export async function auditChange(
  tx: Sql,
  actor: Actor | undefined,
  action: AuditAction,
  reason: string,
  targetId: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await appendAudit(tx, [{ ...auditBase(actor, targetId), action, outcome: 'allowed', reason, detail }]);
}

const auditBase = (actor: Actor | undefined, targetId: string | undefined) => ({
  actorId: actor?.accountId,
  actorRole: actor?.role,
  sessionId: actor?.sessionId,
  address: actor?.address,
  establishmentId: actor?.establishmentId,
  resourceType: 'Account',
  resourceId: targetId,
});

/** The account an administrator acts on, locked for the transaction. */
export async function targetAccount(tx: Sql, actor: Actor, id: string): Promise<ManagedAccount> {
  const row = await tx.one<ManagedAccount>(
    sql`SELECT id, username, role, status, establishment_id, unit_id, practitioner_id, created_at FROM account WHERE id = ${id} FOR UPDATE`,
  );
  if (!row) throw notFound('Account');
  if (row.id === actor.accountId) throw forbidden('An administrator cannot change their own account or grant themselves a role');
  requireScope(actor, row.establishment_id);
  return row;
}

export function requireScope(actor: Actor, establishmentId: string | null | undefined): void {
  if (actor.establishmentId && establishmentId !== actor.establishmentId) {
    throw forbidden("Outside the administrator's establishment");
  }
}

/** Every session of the account ends now: the next request with its token is a 401. */
export async function revokeSessions(tx: Sql, accountId: string): Promise<number> {
  const rows = await tx.rows(sql`UPDATE session SET revoked_at = now() WHERE account_id = ${accountId} AND revoked_at IS NULL RETURNING 1`);
  return rows.length;
}
