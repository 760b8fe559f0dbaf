import { randomUUID } from 'node:crypto';
import { appendAudit } from '../ledger/append.ts';
import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import type { Origin } from '../domain/actor.ts';

/**
 * Notices to an account's owner about their own account. A usurped account is seen first
 * by the person it belongs to: the 2024 clinic group learnt of its leak from the buyers.
 */
export type NoticeKind =
  | 'new-device'
  | 'recovery-code-used'
  | 'recovery-codes-renewed'
  | 'passkey-added'
  | 'passkey-removed'
  | 'session-used-elsewhere'
  | 'account-activated'
  | 'activation-code-issued';

const NOTICE_TEXT: Record<NoticeKind, string> = {
  'new-device': 'signed in from a device or address not seen before for this account',
  'recovery-code-used': 'a recovery code was used to sign in',
  'recovery-codes-renewed': 'new recovery codes were generated; the previous ones no longer work',
  'passkey-added': 'a passkey was added',
  'passkey-removed': 'a passkey was removed',
  'session-used-elsewhere':
    'your session was used from another network or browser: every session was closed; sign in again, and change your password if you did not move',
  'account-activated': 'you set your password and authenticator with your activation code',
  'activation-code-issued':
    'a new activation code was issued for your account: your passkeys, recovery codes and sessions were withdrawn; if you did not ask for it, tell your security officer',
};

export interface Notice {
  id: string;
  kind: NoticeKind;
  text: string;
  detail: Record<string, unknown>;
  createdAt: string;
}

/** Records a notice and its audit entry, in the caller's transaction. */
export async function notifyAccount(
  tx: Sql,
  account: { id: string; role: string },
  kind: NoticeKind,
  origin: Origin,
  detail: Record<string, unknown> = {},
  sessionId?: string,
): Promise<void> {
  const full = { address: origin.address ?? null, userAgent: origin.userAgent ?? null, ...detail };
  await tx.run(sql`INSERT INTO account_notice (id, account_id, kind, detail) VALUES (${randomUUID()}, ${account.id}, ${kind}, ${JSON.stringify(full)})`);
  await appendAudit(tx, [
    {
      action: 'account-notice',
      outcome: 'allowed',
      reason: `notice to the account holder: ${NOTICE_TEXT[kind]}`,
      actorId: account.id,
      actorRole: account.role,
      sessionId,
      address: origin.address,
      detail: { kind, ...full },
    },
  ]);
}

/**
 * Before a session opens: a notice when this account has signed in before, but never from
 * this user agent and address together (true). The first sign-in of an account is not news.
 */
export async function noticeNewDevice(tx: Sql, account: { id: string; role: string }, origin: Origin): Promise<boolean> {
  const seen = await tx.one<{
    any_session: boolean;
    this_device: boolean;
  }>(sql`SELECT EXISTS (SELECT 1 FROM session WHERE account_id = ${account.id}) AS any_session,
            EXISTS (SELECT 1 FROM session WHERE account_id = ${account.id} AND address IS NOT DISTINCT FROM ${origin.address ?? null} AND user_agent IS NOT DISTINCT FROM ${origin.userAgent ?? null}) AS this_device`);
  if (!seen!.any_session || seen!.this_device) return false;
  await notifyAccount(tx, account, 'new-device', origin);
  return true;
}

export async function noticesOf(tx: Sql, accountId: string, limit = 100): Promise<Notice[]> {
  const rows = await tx.rows<{ id: string; kind: NoticeKind; detail: Record<string, unknown> | string; created_at: Date }>(
    sql`SELECT id, kind, detail, created_at FROM account_notice WHERE account_id = ${accountId} ORDER BY created_at DESC, id LIMIT ${limit}`,
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    text: NOTICE_TEXT[row.kind],
    detail: typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail,
    createdAt: new Date(row.created_at).toISOString(),
  }));
}
