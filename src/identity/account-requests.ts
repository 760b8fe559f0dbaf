import { randomUUID } from 'node:crypto';
import type { AccessPolicy } from '../access/policy.ts';
import type { KeyRing } from '../crypto/key-ring.ts';
import { forbidden, notFound, versionConflict } from '../domain/refusals.ts';
import type { Database, Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { reachOf } from './account-reach.ts';
import { issueActivationCode, withdrawCredentials, type IssuedCode } from './activation.ts';
import { administer, auditChange, revokeSessions, targetAccount, viewOf, type AccountView, type ManagedAccount } from './admin-common.ts';
import type { Actor } from '../domain/actor.ts';
import { watchAccountMaking } from './account-making-watch.ts';
import { notifyAccount } from '../notices/notices.ts';
import { checkPlacement, type Placement } from './placement.ts';
import type { Role } from '../domain/roles.ts';

/**
 * Two people for every act that makes access (DESIGN invariants 3 and 9; the 2024 case
 * began with one usurped privileged account): an account's creation, a change of its role,
 * establishment, unit or practitioner, its re-enabling, and a new activation code. One
 * person asks; a different user administrator or a security officer confirms — a new
 * activation code takes one of each — and only then does anything change. The person who
 * confirms sees what the account will open at once, and receives the activation code to
 * hand over. A request not confirmed within a week lapses.
 */
const REQUEST_DAYS = 7;

export type RequestKind = 'create' | 'change' | 'enable' | 'activation';

/** Who decides on requests: a second user administrator, or a security officer. */
const DECIDERS: readonly Role[] = ['user_admin', 'security_officer'];

export interface AccountRequest {
  id: string;
  kind: RequestKind;
  accountId: string;
  username: string;
  /** The role and placement the account will have once confirmed. */
  role: Role;
  establishmentId: string | null;
  unitId: string | null;
  practitionerId: string | null;
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
}

export interface Decided {
  request: AccountRequest;
  account: AccountView;
  /** Patients the account's care relationships reach today, once confirmed. */
  reach: number;
  /** For a new account or a new code: shown once, to the person who confirmed, to hand over. */
  activation?: IssuedCode | undefined;
}

interface RequestRow {
  id: string;
  kind: RequestKind;
  account_id: string;
  username: string;
  role: Role;
  establishment_id: string | null;
  unit_id: string | null;
  practitioner_id: string | null;
  requested_by: string;
  requester: string;
  requester_role: Role;
  requested_at: Date;
  expires_at: Date;
  decided_at: Date | null;
}

const SELECT_REQUESTS = sql`SELECT g.id, g.kind, g.account_id, a.username, g.role, g.establishment_id, g.unit_id, g.practitioner_id,
    g.requested_by, r.username AS requester, r.role AS requester_role, g.requested_at, g.expires_at, g.decided_at
  FROM role_grant g JOIN account a ON a.id = g.account_id JOIN account r ON r.id = g.requested_by`;

const requestOf = (row: RequestRow): AccountRequest => ({
  id: row.id,
  kind: row.kind,
  accountId: row.account_id,
  username: row.username,
  role: row.role,
  establishmentId: row.establishment_id,
  unitId: row.unit_id,
  practitionerId: row.practitioner_id,
  requestedBy: row.requester,
  requestedAt: new Date(row.requested_at).toISOString(),
  expiresAt: new Date(row.expires_at).toISOString(),
});

const WHAT: Record<RequestKind, string> = {
  create: 'new account',
  change: 'change of role or placement',
  enable: 're-enabling',
  activation: 'new activation code',
};

/** Records a request; the caller has checked the target and the placement. */
export async function requestAccountChange(tx: Sql, actor: Actor, accountId: string, kind: RequestKind, placement: Placement): Promise<AccountRequest> {
  // A lapsed request no longer blocks a new one.
  await tx.run(
    sql`UPDATE role_grant SET decided_at = now(), outcome = 'rejected' WHERE account_id = ${accountId} AND decided_at IS NULL AND expires_at <= now()`,
  );
  const pending = await tx.one(sql`SELECT 1 FROM role_grant WHERE account_id = ${accountId} AND decided_at IS NULL`);
  if (pending) throw versionConflict('A request for this account already waits for confirmation: confirm or reject it first');
  const id = randomUUID();
  await tx.run(sql`INSERT INTO role_grant (id, kind, account_id, role, establishment_id, unit_id, practitioner_id, requested_by, expires_at)
     VALUES (${id}, ${kind}, ${accountId}, ${placement.role}, ${placement.establishmentId}, ${placement.unitId}, ${placement.practitionerId}, ${actor.accountId}, now() + make_interval(days => ${REQUEST_DAYS}))`);
  await auditChange(tx, actor, 'account-request', `${WHAT[kind]} requested (role ${placement.role}); a second person must confirm it`, accountId, {
    requestId: id,
    kind,
    ...placement,
    decision: 'requested',
  });
  await watchAccountMaking(tx, actor, 'requested');
  const row = await tx.one<RequestRow>(sql`${SELECT_REQUESTS} WHERE g.id = ${id}`);
  return requestOf(row!);
}

/** The requests a decider may confirm, each with what the account would reach today. */
export async function listAccountRequests(db: Database, actor: Actor, policy: AccessPolicy): Promise<(AccountRequest & { reach: number })[]> {
  return administer(
    db,
    actor,
    'account-request',
    undefined,
    async (tx) => {
      const rows = await tx.rows<RequestRow>(
        sql`${SELECT_REQUESTS} WHERE g.decided_at IS NULL AND g.expires_at > now() AND (${actor.establishmentId ?? null}::uuid IS NULL OR a.establishment_id = ${actor.establishmentId ?? null} OR g.establishment_id = ${actor.establishmentId ?? null}) ORDER BY g.requested_at`,
      );
      return Promise.all(rows.map(async (row) => ({ ...requestOf(row), reach: await reachOf(tx, policy, row.account_id, placementOf(row)) })));
    },
    DECIDERS,
  );
}

/**
 * The second person's yes: the change applies, the account's sessions end, and a new
 * account or a new code comes with its activation code, shown once.
 */
export async function confirmAccountRequest(db: Database, keys: KeyRing, policy: AccessPolicy, actor: Actor, requestId: string): Promise<Decided> {
  return decide(db, actor, requestId, 'confirmed', async (tx, request, account) => {
    if (request.requested_by === actor.accountId) throw forbidden('A request is confirmed by a second person, never by the one who made it');
    if (request.kind === 'activation' && request.requester_role === actor.role) {
      throw forbidden('A new activation code needs a user administrator and a security officer together: the other role confirms');
    }
    const placement = placementOf(request);
    if (request.kind !== 'activation') await checkPlacement(tx, placement, account.id);
    await tx.run(sql`UPDATE account SET role = ${placement.role}, establishment_id = ${placement.establishmentId}, unit_id = ${placement.unitId}, practitioner_id = ${placement.practitionerId},
         status = CASE WHEN ${request.kind === 'create' || request.kind === 'enable'} THEN 'active' ELSE status END WHERE id = ${account.id}`);
    await revokeSessions(tx, account.id);
    let activation: IssuedCode | undefined;
    if (request.kind === 'activation') await withdrawCredentials(tx, keys, account.id);
    if (request.kind === 'create' || request.kind === 'activation') activation = await issueActivationCode(tx, account.id, actor.accountId);
    if (request.kind === 'activation') await notifyAccount(tx, account, 'activation-code-issued', { address: actor.address }, { by: actor.username });
    await watchAccountMaking(tx, actor, 'confirmed');
    return { reach: await reachOf(tx, policy, account.id, placement), activation };
  });
}

/** A no, or the requester withdrawing: nothing changes; a new account never opens. */
export async function rejectAccountRequest(db: Database, actor: Actor, requestId: string): Promise<Decided> {
  return decide(db, actor, requestId, 'rejected', async (tx, request, account) => {
    await tx.run(sql`UPDATE account SET status = 'suspended' WHERE id = ${account.id} AND status = 'pending'`);
    return { reach: 0, activation: undefined };
  });
}

async function decide(
  db: Database,
  actor: Actor,
  requestId: string,
  outcome: 'confirmed' | 'rejected',
  apply: (tx: Sql, request: RequestRow, account: ManagedAccount) => Promise<{ reach: number; activation: IssuedCode | undefined }>,
): Promise<Decided> {
  return administer(
    db,
    actor,
    'account-request',
    undefined,
    async (tx) => {
      const request = await tx.one<RequestRow>(sql`${SELECT_REQUESTS} WHERE g.id = ${requestId} FOR UPDATE OF g`);
      if (!request) throw notFound('Account request');
      // Never about one's own account, never outside one's establishment.
      const account = await targetAccount(tx, actor, request.account_id);
      if (request.decided_at) throw versionConflict('This request is already decided');
      if (new Date(request.expires_at).getTime() <= Date.now()) throw versionConflict('This request has lapsed: ask again');
      const applied = await apply(tx, request, account);
      await tx.run(sql`UPDATE role_grant SET decided_by = ${actor.accountId}, decided_at = now(), outcome = ${outcome} WHERE id = ${requestId}`);
      await auditChange(tx, actor, 'account-request', `${WHAT[request.kind]} ${outcome} (role ${request.role})`, request.account_id, {
        requestId,
        kind: request.kind,
        decision: outcome,
        reach: applied.reach,
      });
      const after = await tx.one<ManagedAccount>(
        sql`SELECT id, username, role, status, establishment_id, unit_id, practitioner_id, created_at FROM account WHERE id = ${account.id}`,
      );
      return { request: requestOf(request), account: viewOf(after!), ...applied };
    },
    DECIDERS,
  );
}

/** Requests lapse or are withdrawn when their account is disabled. */
export async function withdrawRequests(tx: Sql, accountId: string): Promise<void> {
  await tx.run(sql`UPDATE role_grant SET decided_at = now(), outcome = 'rejected' WHERE account_id = ${accountId} AND decided_at IS NULL`);
}

const placementOf = (row: Pick<RequestRow, 'role' | 'establishment_id' | 'unit_id' | 'practitioner_id'>): Placement => ({
  role: row.role,
  establishmentId: row.establishment_id,
  unitId: row.unit_id,
  practitionerId: row.practitioner_id,
});
