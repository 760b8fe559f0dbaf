import { randomBytes } from 'node:crypto';
import type { KeyRing } from '../crypto/key-ring.ts';
import { versionConflict } from '../domain/refusals.ts';
import type { Database, Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { requestAccountChange, withdrawRequests, type AccountRequest } from './account-requests.ts';
import { accountByUsername, createAccount } from './accounts.ts';
import { administer, auditChange, requireScope, revokeSessions, targetAccount, viewOf, type AccountView, type ManagedAccount } from './admin-common.ts';
import { accountChangeOf, newAccountOf, type AccountChangeInput, type NewAccountInput } from './admin-changes.ts';
import type { Actor } from '../domain/actor.ts';
import { checkPlacement, type Placement } from './placement.ts';
import { clearLoginFailures } from './throttle.ts';

/**
 * Account administration by `user_admin` (DESIGN invariants 3 and 9): ask for accounts,
 * changes of role and placement, re-enabling and new activation codes — each waits for a
 * second person (account-requests.ts) — and disable accounts and reset lockouts at once.
 * A user administrator reads no patient data (src/access/rules.ts), never acts on their own
 * account, has no "log in as", and never holds a new account's secrets: its owner sets them
 * with the activation code the confirming person hands over (activation.ts).
 */
export interface RequestedAccount {
  account: AccountView;
  request: AccountRequest;
}

export async function createManagedAccount(db: Database, keys: KeyRing, actor: Actor, input: NewAccountInput): Promise<RequestedAccount> {
  return administer(db, actor, 'account-create', undefined, async (tx) => {
    const account = newAccountOf(input);
    requireScope(actor, account.establishmentId);
    const placement: Placement = {
      role: account.role,
      establishmentId: account.establishmentId ?? null,
      unitId: account.unitId ?? null,
      practitionerId: account.practitionerId ?? null,
    };
    await checkPlacement(tx, placement, undefined);
    if (await accountByUsername(tx, account.username)) throw versionConflict(`Username ${account.username} is taken`);
    // A password no one knows, and a TOTP secret no one sees: the owner replaces both at activation.
    const { id } = await createAccount(tx, keys, { ...account, password: randomBytes(32).toString('base64url'), activated: false });
    await tx.run(sql`UPDATE account SET status = 'pending' WHERE id = ${id}`);
    await auditChange(tx, actor, 'account-create', `account asked for with role ${account.role}, pending confirmation`, id, { ...account });
    const request = await requestAccountChange(tx, actor, id, 'create', placement);
    return { account: viewOf(await reload(tx, id)), request };
  });
}

/** A change of role or placement waits for a second person; until then the account stays as it is. */
export async function changeManagedAccount(db: Database, actor: Actor, id: string, input: AccountChangeInput): Promise<RequestedAccount> {
  return administer(db, actor, 'account-change', id, async (tx) => {
    const change = accountChangeOf(input);
    const before = await targetAccount(tx, actor, id);
    const establishmentId = change.establishmentId === undefined ? before.establishment_id : change.establishmentId;
    const placement: Placement = {
      role: change.role ?? before.role,
      establishmentId,
      // Moving to another establishment leaves the old one's unit behind.
      unitId: change.unitId !== undefined ? change.unitId : establishmentId === before.establishment_id ? before.unit_id : null,
      practitionerId: change.practitionerId === undefined ? before.practitioner_id : change.practitionerId,
    };
    requireScope(actor, placement.establishmentId);
    await checkPlacement(tx, placement, id);
    const request = await requestAccountChange(tx, actor, id, 'change', placement);
    return { account: viewOf(before), request };
  });
}

export async function disableManagedAccount(db: Database, actor: Actor, id: string): Promise<AccountView> {
  return administer(db, actor, 'account-disable', id, async (tx) => {
    const account = await targetAccount(tx, actor, id);
    if (account.status === 'contained') throw versionConflict('The account is contained by the security officer, who alone reinstates it');
    if (account.status === 'suspended') throw versionConflict('The account is already disabled');
    await suspendAccount(tx, actor, account, 'disabled by a user administrator');
    return viewOf(await reload(tx, id));
  });
}

/** Disables an account now: status, sessions and any pending role request, audited. */
export async function suspendAccount(tx: Sql, actor: Actor | undefined, account: ManagedAccount, reason: string): Promise<void> {
  await tx.run(sql`UPDATE account SET status = 'suspended' WHERE id = ${account.id}`);
  const sessions = await revokeSessions(tx, account.id);
  await withdrawRequests(tx, account.id);
  await auditChange(tx, actor, 'account-disable', reason, account.id, {
    username: account.username,
    previousStatus: account.status,
    sessionsRevoked: sessions,
  });
}

/** Re-enabling gives back what the account could open: it waits for a second person. */
export async function enableManagedAccount(db: Database, actor: Actor, id: string): Promise<RequestedAccount> {
  return administer(db, actor, 'account-enable', id, async (tx) => {
    const account = await targetAccount(tx, actor, id);
    if (account.status === 'contained') throw versionConflict('The account is contained by the security officer, who alone reinstates it');
    if (account.status !== 'suspended') throw versionConflict(`The account is ${account.status}, not disabled`);
    const request = await requestAccountChange(tx, actor, id, 'enable', placementOf(account));
    return { account: viewOf(account), request };
  });
}

/**
 * A lost passkey or forgotten credentials: a new activation code, asked for by a user
 * administrator or a security officer and confirmed by the other role. Until then the
 * account keeps its credentials; once confirmed, they are withdrawn and the owner starts again.
 */
export async function requestActivationCode(db: Database, actor: Actor, id: string): Promise<RequestedAccount> {
  return administer(
    db,
    actor,
    'account-request',
    id,
    async (tx) => {
      const account = await targetAccount(tx, actor, id);
      if (account.status !== 'active') throw versionConflict(`The account is ${account.status}: a new activation code is for an active account`);
      const request = await requestAccountChange(tx, actor, id, 'activation', placementOf(account));
      return { account: viewOf(account), request };
    },
    ['user_admin', 'security_officer'],
  );
}

/** Ends a lockout (NIST SP 800-63B: after 100 failures only this opens the account again). */
export async function resetLockout(db: Database, actor: Actor, id: string): Promise<{ account: AccountView; hadFailures: boolean }> {
  return administer(db, actor, 'lockout-reset', id, async (tx) => {
    const account = await targetAccount(tx, actor, id);
    const hadFailures = await clearLoginFailures(tx, account.username);
    await auditChange(tx, actor, 'lockout-reset', 'failed sign-ins forgotten', id, { username: account.username, hadFailures });
    return { account: viewOf(account), hadFailures };
  });
}

const placementOf = (account: ManagedAccount): Placement => ({
  role: account.role,
  establishmentId: account.establishment_id,
  unitId: account.unit_id,
  practitionerId: account.practitioner_id,
});

async function reload(tx: Sql, id: string): Promise<ManagedAccount> {
  const row = await tx.one<ManagedAccount>(
    sql`SELECT id, username, role, status, establishment_id, unit_id, practitioner_id, created_at FROM account WHERE id = ${id}`,
  );
  return row!;
}
