import { forbidden } from '../domain/refusals.ts';
import { appendAudit } from '../ledger/append.ts';
import type { Database, Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import type { ManagedAccount } from './admin-common.ts';
import type { Actor } from '../domain/actor.ts';
import { suspendAccount } from './administration.ts';

/**
 * The periodic review of access rights (ISO 27001 A.5.18, HDS; the 2024 case went through
 * a privileged account nobody watched): per establishment, every account with its role,
 * status, last sign-in, how many patients it currently has a care relationship with, and
 * how often it broke the glass — counts only, never a patient. Dormant accounts are
 * flagged, and one command disables them.
 */
export const DORMANT_DAYS = 90;
const BREAK_GLASS_DAYS = 90;

/** Who may see the review: the administrator who acts on it and those who check rights. */
const REVIEWERS = new Set(['user_admin', 'dpo', 'security_officer']);

export interface ReviewedAccount {
  id: string;
  username: string;
  role: string;
  unitId: string | null;
  unitName: string | null;
  status: string;
  createdAt: string;
  lastLoginAt: string | null;
  currentCareRelationships: number;
  breakGlassLast90Days: number;
  dormant: boolean;
}

export interface RightsReview {
  generatedAt: string;
  dormantDays: number;
  establishments: Array<{ id: string | null; name: string; accounts: ReviewedAccount[] }>;
}

interface Row {
  id: string;
  username: string;
  role: string;
  status: string;
  establishment_id: string | null;
  establishment_name: string | null;
  unit_id: string | null;
  unit_name: string | null;
  created_at: Date;
  last_login_at: Date | null;
  care_relationships: number;
  break_glass: number;
  dormant: boolean;
  generated_at: Date;
}

/**
 * A sign-in is a session opened (password + TOTP, or single sign-on), so the last one is
 * the newest session. Relationships are current when started and not yet ended.
 */
const review = (establishmentId: string | null, dormantDays: number) => sql`
SELECT a.id, a.username, a.role, a.status, a.establishment_id, e.resource ->> 'name' AS establishment_name,
  a.unit_id, u.resource ->> 'name' AS unit_name, a.created_at, l.last_login_at,
  (SELECT count(*)::int FROM care_link c
     WHERE (c.practitioner_id = a.practitioner_id OR c.unit_id = a.unit_id)
       AND c.starts_at <= now() AND coalesce(c.ends_at, 'infinity'::timestamptz) > now()) AS care_relationships,
  (SELECT count(*)::int FROM audit_event b
     WHERE b.actor_id = a.id AND b.action = 'break-glass' AND b.outcome = 'allowed'
       AND b.occurred_at > now() - make_interval(days => ${BREAK_GLASS_DAYS})) AS break_glass,
  coalesce(l.last_login_at, a.created_at) < now() - make_interval(days => ${dormantDays}) AS dormant,
  now() AS generated_at
FROM account a
LEFT JOIN organization e ON e.id = a.establishment_id
LEFT JOIN organization u ON u.id = a.unit_id
LEFT JOIN LATERAL (SELECT max(s.created_at) AS last_login_at FROM session s WHERE s.account_id = a.id) l ON true
-- Staff accounts only: a patient's portal account holds no right to anyone else's data.
WHERE a.role <> 'patient' AND (${establishmentId}::uuid IS NULL OR a.establishment_id = ${establishmentId})
ORDER BY e.resource ->> 'name' NULLS FIRST, a.establishment_id, a.username`;

export async function reviewRights(tx: Sql, options: { establishmentId?: string | undefined; dormantDays?: number | undefined }): Promise<RightsReview> {
  const dormantDays = options.dormantDays ?? DORMANT_DAYS;
  const rows = await tx.rows<Row>(review(options.establishmentId ?? null, dormantDays));
  const establishments = new Map<string, RightsReview['establishments'][number]>();
  for (const row of rows) {
    const key = row.establishment_id ?? 'group';
    if (!establishments.has(key))
      establishments.set(key, { id: row.establishment_id, name: row.establishment_name ?? 'Group level (no establishment)', accounts: [] });
    establishments.get(key)!.accounts.push({
      id: row.id,
      username: row.username,
      role: row.role,
      unitId: row.unit_id,
      unitName: row.unit_name,
      status: row.status,
      createdAt: iso(row.created_at)!,
      lastLoginAt: iso(row.last_login_at),
      currentCareRelationships: row.care_relationships,
      breakGlassLast90Days: row.break_glass,
      dormant: row.dormant,
    });
  }
  return { generatedAt: iso(rows[0]?.generated_at ?? new Date())!, dormantDays, establishments: [...establishments.values()] };
}

/** The review through the API: for reviewers only, and itself audited. */
export async function reviewRightsAs(db: Database, actor: Actor, options: { establishmentId?: string | undefined }): Promise<RightsReview> {
  if (!REVIEWERS.has(actor.role)) {
    await appendAudit(db, [
      {
        action: 'access-review',
        outcome: 'refused',
        reason: `role ${actor.role} does not review access rights`,
        actorId: actor.accountId,
        actorRole: actor.role,
        sessionId: actor.sessionId,
        address: actor.address,
      },
    ]);
    throw forbidden(`role ${actor.role} does not review access rights: user_admin, dpo and security_officer do`);
  }
  const establishmentId = actor.establishmentId ?? options.establishmentId;
  if (actor.establishmentId && options.establishmentId && options.establishmentId !== actor.establishmentId)
    throw forbidden("Outside the reviewer's establishment");
  return db.transaction(async (tx) => {
    const review = await reviewRights(tx, { establishmentId });
    await appendAudit(tx, [
      {
        action: 'access-review',
        outcome: 'allowed',
        reason: 'rights review read',
        actorId: actor.accountId,
        actorRole: actor.role,
        sessionId: actor.sessionId,
        address: actor.address,
        detail: { establishmentId },
      },
    ]);
    return review;
  });
}

/**
 * Disables every active account with no sign-in for `days` (or none since its creation
 * that long ago), ending its sessions, each audited; returns what it disabled.
 */
export async function disableDormantAccounts(
  db: Database,
  options: { days: number; by?: Actor | undefined },
): Promise<Array<{ username: string; role: string; lastLoginAt: string | null; createdAt: string }>> {
  return db.transaction(async (tx) => {
    const rows = await tx.rows<
      ManagedAccount & { last_login_at: Date | null }
    >(sql`SELECT a.id, a.username, a.role, a.status, a.establishment_id, a.unit_id, a.practitioner_id, a.created_at, l.last_login_at
       FROM account a LEFT JOIN LATERAL (SELECT max(s.created_at) AS last_login_at FROM session s WHERE s.account_id = a.id) l ON true
       -- A patient signs in to the portal once a year, if ever: dormancy is a staff rule.
       WHERE a.status = 'active' AND a.role <> 'patient' AND coalesce(l.last_login_at, a.created_at) < now() - make_interval(days => ${options.days})
       ORDER BY a.username FOR UPDATE OF a`);
    for (const row of rows) await suspendAccount(tx, options.by, row, `dormant: no sign-in for ${options.days} days`);
    return rows.map((row) => ({ username: row.username, role: row.role, lastLoginAt: iso(row.last_login_at), createdAt: iso(row.created_at)! }));
  });
}

const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);
