import { randomUUID } from 'node:crypto';
import { forbidden, notFound, versionConflict } from '../gate/refusals.ts';
import type { Database, Sql } from '../store/database.ts';
import { administer, auditChange, revokeSessions, targetAccount } from './admin-common.ts';
import type { Actor } from './actor.ts';
import type { Role } from './roles.ts';

/**
 * Two people for a privileged role (DESIGN invariant 3; the 2024 case began with one usurped
 * privileged account): one user administrator asks, a different one confirms, and only
 * then does the account hold the role. A request not confirmed within a week lapses.
 */
const GRANT_DAYS = 7;

export interface PendingGrant {
  id: string;
  accountId: string;
  username: string;
  role: Role;
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
}

interface GrantRow {
  id: string;
  account_id: string;
  username: string;
  role: Role;
  requested_by: string;
  requester: string;
  requested_at: Date;
  expires_at: Date;
  decided_at: Date | null;
}

const SELECT_GRANTS = `SELECT g.id, g.account_id, a.username, g.role, g.requested_by, r.username AS requester, g.requested_at, g.expires_at, g.decided_at
  FROM role_grant g JOIN account a ON a.id = g.account_id JOIN account r ON r.id = g.requested_by`;

const grantOf = (row: GrantRow): PendingGrant => ({
  id: row.id,
  accountId: row.account_id,
  username: row.username,
  role: row.role,
  requestedBy: row.requester,
  requestedAt: new Date(row.requested_at).toISOString(),
  expiresAt: new Date(row.expires_at).toISOString(),
});

/** Records a request for a privileged role; the caller has checked the target. */
export async function requestGrant(tx: Sql, actor: Actor, accountId: string, role: Role): Promise<PendingGrant> {
  // A lapsed request no longer blocks a new one.
  await tx.query(`UPDATE role_grant SET decided_at = now(), outcome = 'rejected' WHERE account_id = $1 AND decided_at IS NULL AND expires_at <= now()`, [accountId]);
  const [pending] = await tx.query('SELECT 1 FROM role_grant WHERE account_id = $1 AND decided_at IS NULL', [accountId]);
  if (pending) throw versionConflict('A role request for this account already waits for confirmation: confirm or reject it first');
  const id = randomUUID();
  await tx.query(
    `INSERT INTO role_grant (id, account_id, role, requested_by, expires_at) VALUES ($1, $2, $3, $4, now() + make_interval(days => $5))`,
    [id, accountId, role, actor.accountId, GRANT_DAYS],
  );
  await auditChange(tx, actor, 'role-grant', `privileged role ${role} requested; a second user administrator must confirm it`, accountId, { grantId: id, role, decision: 'requested' });
  const [row] = await tx.query<GrantRow>(`${SELECT_GRANTS} WHERE g.id = $1`, [id]);
  return grantOf(row!);
}

export async function listPendingGrants(db: Database, actor: Actor): Promise<PendingGrant[]> {
  return administer(db, actor, 'role-grant', undefined, async (tx) => {
    const rows = await tx.query<GrantRow>(
      `${SELECT_GRANTS} WHERE g.decided_at IS NULL AND g.expires_at > now() AND ($1::uuid IS NULL OR a.establishment_id = $1) ORDER BY g.requested_at`,
      [actor.establishmentId ?? null],
    );
    return rows.map(grantOf);
  });
}

/** The second administrator's yes: the role takes effect, the account's sessions end. */
export async function confirmGrant(db: Database, actor: Actor, grantId: string): Promise<PendingGrant> {
  return decide(db, actor, grantId, 'confirmed', async (tx, grant) => {
    if (grant.requested_by === actor.accountId) throw forbidden('A privileged role is confirmed by a second user administrator, not by the one who asked for it');
    await tx.query(`UPDATE account SET role = $2, status = CASE WHEN status = 'pending' THEN 'active' ELSE status END WHERE id = $1`, [grant.account_id, grant.role]);
    await revokeSessions(tx, grant.account_id);
  });
}

/** A no, or the requester withdrawing: nothing changes, a pending new account stays disabled. */
export async function rejectGrant(db: Database, actor: Actor, grantId: string): Promise<PendingGrant> {
  return decide(db, actor, grantId, 'rejected', async (tx, grant) => {
    await tx.query(`UPDATE account SET status = 'suspended' WHERE id = $1 AND status = 'pending'`, [grant.account_id]);
  });
}

async function decide(db: Database, actor: Actor, grantId: string, outcome: 'confirmed' | 'rejected', apply: (tx: Sql, grant: GrantRow) => Promise<void>): Promise<PendingGrant> {
  return administer(db, actor, 'role-grant', undefined, async (tx) => {
    const [grant] = await tx.query<GrantRow>(`${SELECT_GRANTS} WHERE g.id = $1 FOR UPDATE OF g`, [grantId]);
    if (!grant) throw notFound('Role request');
    // Never one's own role, never outside one's establishment.
    await targetAccount(tx, actor, grant.account_id);
    if (grant.decided_at) throw versionConflict('This role request is already decided');
    if (new Date(grant.expires_at).getTime() <= Date.now()) throw versionConflict('This role request has lapsed: ask again');
    await apply(tx, grant);
    await tx.query('UPDATE role_grant SET decided_by = $2, decided_at = now(), outcome = $3 WHERE id = $1', [grantId, actor.accountId, outcome]);
    await auditChange(tx, actor, 'role-grant', `privileged role ${grant.role} ${outcome}`, grant.account_id, { grantId, role: grant.role, decision: outcome });
    return grantOf(grant);
  });
}

/** Requests lapse or are withdrawn when their account is disabled. */
export async function withdrawGrants(tx: Sql, accountId: string): Promise<void> {
  await tx.query(`UPDATE role_grant SET decided_at = now(), outcome = 'rejected' WHERE account_id = $1 AND decided_at IS NULL`, [accountId]);
}
