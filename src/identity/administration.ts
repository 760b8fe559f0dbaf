import { randomBytes } from 'node:crypto';
import type { KeyRing } from '../crypto/key-ring.ts';
import { invalidParameter, versionConflict } from '../gate/refusals.ts';
import type { Database, Sql } from '../store/database.ts';
import { accountByUsername, createAccount } from './accounts.ts';
import { administer, auditChange, requireScope, revokeSessions, targetAccount, viewOf, type AccountView, type ManagedAccount } from './admin-common.ts';
import { parseAccountChange, parseNewAccount } from './admin-input.ts';
import type { Actor } from './actor.ts';
import { checkNewPassword } from './password-policy.ts';
import { requestGrant, withdrawGrants, type PendingGrant } from './role-grants.ts';
import { PRIVILEGED_ROLES, type Role } from './roles.ts';
import { clearLoginFailures } from './throttle.ts';
import { totpUri } from './totp.ts';

/**
 * Account administration by `user_admin` (DESIGN invariant 3): create, move, change the
 * role of, disable and re-enable accounts, and reset lockouts. A user administrator reads
 * no patient data (src/access/rules.ts), never acts on their own account, and has no way
 * to act as someone else: there is no "log in as", and a new account's secrets are shown
 * once, to be handed over. A privileged role needs a second administrator (role-grants.ts).
 */
export interface CreatedAccount {
  account: AccountView;
  /** Random; shown once, never stored in clear. */
  initialPassword: string;
  /** The TOTP secret as an otpauth:// URI for an authenticator app; shown once. */
  totpUri: string;
  pendingGrant: PendingGrant | undefined;
}

const isPrivileged = (role: Role) => PRIVILEGED_ROLES.includes(role);

export async function createManagedAccount(db: Database, keys: KeyRing, actor: Actor, input: unknown): Promise<CreatedAccount> {
  return administer(db, actor, 'account-create', undefined, async (tx) => {
    const account = parseNewAccount(input);
    requireScope(actor, account.establishmentId);
    await checkPlacement(tx, account.role, account, undefined);
    if (await accountByUsername(tx, account.username)) throw versionConflict(`Username ${account.username} is taken`);
    const initialPassword = await randomPassword(tx, account.username, account.establishmentId ?? null);
    const { id, totpSecret } = await createAccount(tx, keys, { ...account, password: initialPassword });
    const privileged = isPrivileged(account.role);
    // A privileged account exists at once but opens nothing until a second administrator confirms.
    if (privileged) await tx.query(`UPDATE account SET status = 'pending' WHERE id = $1`, [id]);
    await auditChange(tx, actor, 'account-create', `account created with role ${account.role}${privileged ? ', pending confirmation' : ''}`, id, { ...account });
    const pendingGrant = privileged ? await requestGrant(tx, actor, id, account.role) : undefined;
    return { account: viewOf(await reload(tx, id)), initialPassword, totpUri: totpUri(totpSecret, account.username), pendingGrant };
  });
}

/** A change of placement applies at once; a privileged role waits for a second administrator. */
export async function changeManagedAccount(db: Database, actor: Actor, id: string, input: unknown): Promise<{ account: AccountView; pendingGrant: PendingGrant | undefined }> {
  return administer(db, actor, 'account-change', id, async (tx) => {
    const change = parseAccountChange(input);
    const before = await targetAccount(tx, actor, id);
    const establishmentId = change.establishmentId === undefined ? before.establishment_id : change.establishmentId;
    const placement = {
      establishmentId,
      // Moving to another establishment leaves the old one's unit behind.
      unitId: change.unitId !== undefined ? change.unitId : establishmentId === before.establishment_id ? before.unit_id : null,
      practitionerId: change.practitionerId === undefined ? before.practitioner_id : change.practitionerId,
    };
    const wanted = change.role ?? before.role;
    const escalates = wanted !== before.role && isPrivileged(wanted);
    const role = escalates ? before.role : wanted;
    requireScope(actor, placement.establishmentId);
    await checkPlacement(tx, role, placement, id);
    await tx.query('UPDATE account SET role = $2, establishment_id = $3, unit_id = $4, practitioner_id = $5 WHERE id = $1', [
      id,
      role,
      placement.establishmentId,
      placement.unitId,
      placement.practitionerId,
    ]);
    // Session lifetimes follow the role they were opened with: a new role, a new session.
    if (role !== before.role) await revokeSessions(tx, id);
    await auditChange(tx, actor, 'account-change', 'account changed', id, { before: viewOf(before), after: { role, ...placement }, requestedRole: escalates ? wanted : undefined });
    const pendingGrant = escalates ? await requestGrant(tx, actor, id, wanted) : undefined;
    return { account: viewOf(await reload(tx, id)), pendingGrant };
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
  await tx.query(`UPDATE account SET status = 'suspended' WHERE id = $1`, [account.id]);
  const sessions = await revokeSessions(tx, account.id);
  await withdrawGrants(tx, account.id);
  await auditChange(tx, actor, 'account-disable', reason, account.id, { username: account.username, previousStatus: account.status, sessionsRevoked: sessions });
}

/** Re-enabling a privileged account is granting its role again: it waits for a second administrator. */
export async function enableManagedAccount(db: Database, actor: Actor, id: string): Promise<{ account: AccountView; pendingGrant: PendingGrant | undefined }> {
  return administer(db, actor, 'account-enable', id, async (tx) => {
    const account = await targetAccount(tx, actor, id);
    if (account.status === 'contained') throw versionConflict('The account is contained by the security officer, who alone reinstates it');
    if (account.status !== 'suspended') throw versionConflict(`The account is ${account.status}, not disabled`);
    const privileged = isPrivileged(account.role);
    await tx.query('UPDATE account SET status = $2 WHERE id = $1', [id, privileged ? 'pending' : 'active']);
    await auditChange(tx, actor, 'account-enable', privileged ? 're-enabled, pending confirmation of its privileged role' : 're-enabled', id, { username: account.username });
    const pendingGrant = privileged ? await requestGrant(tx, actor, id, account.role) : undefined;
    return { account: viewOf(await reload(tx, id)), pendingGrant };
  });
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

async function reload(tx: Sql, id: string): Promise<ManagedAccount> {
  const [row] = await tx.query<ManagedAccount>('SELECT id, username, role, status, establishment_id, unit_id, practitioner_id, created_at FROM account WHERE id = $1', [id]);
  return row!;
}

interface Placement {
  establishmentId?: string | null | undefined;
  unitId?: string | null | undefined;
  practitionerId?: string | null | undefined;
}

/** The establishment, unit and practitioner exist and fit together; care roles belong somewhere. */
async function checkPlacement(tx: Sql, role: Role, placement: Placement, accountId: string | undefined): Promise<void> {
  if (!placement.establishmentId && !isPrivileged(role)) throw invalidParameter(`role ${role} needs an establishment`, 'establishmentId');
  if (placement.establishmentId && !(await organizationIs(tx, placement.establishmentId, 'establishment', undefined))) {
    throw invalidParameter('establishmentId: no such establishment', 'establishmentId');
  }
  if (placement.unitId) {
    if (!placement.establishmentId || !(await organizationIs(tx, placement.unitId, 'unit', placement.establishmentId))) {
      throw invalidParameter("unitId: no such unit in the account's establishment", 'unitId');
    }
  }
  if (placement.practitionerId) {
    const [practitioner] = await tx.query('SELECT 1 FROM practitioner WHERE id = $1', [placement.practitionerId]);
    if (!practitioner) throw invalidParameter('practitionerId: no such practitioner', 'practitionerId');
    const [other] = await tx.query<{ username: string }>('SELECT username FROM account WHERE practitioner_id = $1 AND id IS DISTINCT FROM $2', [placement.practitionerId, accountId ?? null]);
    if (other) throw versionConflict(`The practitioner already has an account (${other.username})`);
  }
}

async function organizationIs(tx: Sql, id: string, level: 'establishment' | 'unit', establishmentId: string | undefined): Promise<boolean> {
  const rows = await tx.query('SELECT 1 FROM organization WHERE id = $1 AND level = $2 AND ($3::uuid IS NULL OR establishment_id = $3)', [id, level, establishmentId ?? null]);
  return rows.length > 0;
}

/** 144 random bits; the policy is checked all the same, with the account's own words. */
async function randomPassword(tx: Sql, username: string, establishmentId: string | null): Promise<string> {
  const words = await establishmentWords(tx, establishmentId);
  for (;;) {
    const password = randomBytes(18).toString('base64url');
    if (checkNewPassword(password, { username, words }).length === 0) return password;
  }
}

/** The establishment's name: a guesser's first words, refused in passwords. */
export async function establishmentWords(sql: Sql, establishmentId: string | null | undefined): Promise<string[]> {
  if (!establishmentId) return [];
  const rows = await sql.query<{ name: string | null }>(`SELECT resource ->> 'name' AS name FROM organization WHERE id = $1`, [establishmentId]);
  const name = rows[0]?.name;
  return name ? [name, ...name.split(/[\s'-]+/).filter((word) => word.length >= 4)] : [];
}
