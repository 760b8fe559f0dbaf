import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { notFound, versionConflict } from '../../domain/refusals.ts';
import { appendAudit, type AuditEntry } from '../../ledger/append.ts';
import type { Database, Sql } from '../../store/database.ts';
import { Unauthenticated, type Actor } from '../../domain/actor.ts';
import { PRIVILEGED_ROLES } from '../../domain/roles.ts';
import { creationOptions, registerPasskey } from './ceremonies.ts';
import { deletePasskey, hasPasskey, passkeysOf, summaryOf, type PasskeySummary } from './credentials.ts';
import { notifyAccount } from '../../notices/notices.ts';
import { replaceRecoveryCodes } from './recovery-codes.ts';
import type { RelyingParty } from './relying-party.ts';
import { registrationResponse, type BrowserRegistration } from './client-data.ts';

/**
 * A signed-in person's own second factors: their passkeys (list, add, remove — never the
 * last one of a privileged account, who could then not sign in) and their recovery codes.
 * Each change is audited and told to the owner.
 */
export async function listOwnPasskeys(db: Database, actor: Actor): Promise<PasskeySummary[]> {
  return (await passkeysOf(db, actor.accountId)).map(summaryOf);
}

export async function addPasskeyOptions(db: Database, rp: RelyingParty, actor: Actor): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return db.transaction((tx) => creationOptions(tx, { id: actor.accountId, username: actor.username }, 'add-passkey', { sessionId: actor.sessionId }, rp));
}

/** Registers one more passkey; an account's first one comes with its recovery codes. */
export async function addPasskey(db: Database, actor: Actor, response: BrowserRegistration): Promise<{ passkey: PasskeySummary; recoveryCodes?: string[] }> {
  const parsed = registrationResponse(response);
  const added = await db.transaction(async (tx) => {
    const first = !(await hasPasskey(tx, actor.accountId));
    const registered = await registerPasskey(tx, actor.accountId, parsed, 'add-passkey', { sessionId: actor.sessionId });
    if (!registered.ok) {
      await audit(tx, actor, { action: 'passkey', outcome: 'refused', reason: `passkey registration refused: ${registered.reason}` });
      return undefined;
    }
    const recoveryCodes = first ? await replaceRecoveryCodes(tx, actor.accountId) : undefined;
    await audit(tx, actor, {
      action: 'passkey',
      outcome: 'allowed',
      reason: first ? 'first passkey registered, recovery codes issued' : 'passkey registered',
      detail: { passkey: registered.value.id },
    });
    await notifyAccount(tx, account(actor), 'passkey-added', originOf(actor), { passkey: registered.value.id }, actor.sessionId);
    return { passkey: registered.value, ...(recoveryCodes ? { recoveryCodes } : {}) };
  });
  if (!added) throw new Unauthenticated();
  return added;
}

export async function removeOwnPasskey(db: Database, actor: Actor, passkeyId: string): Promise<void> {
  const outcome = await db.transaction(async (tx) => {
    const owned = await passkeysOf(tx, actor.accountId);
    if (!owned.some((row) => row.id === passkeyId)) throw notFound('Passkey');
    if (owned.length === 1 && PRIVILEGED_ROLES.includes(actor.role)) {
      await audit(tx, actor, {
        action: 'passkey',
        outcome: 'refused',
        reason: 'removal of the last passkey of a privileged account',
        detail: { passkey: passkeyId },
      });
      return 'refused';
    }
    await deletePasskey(tx, actor.accountId, passkeyId);
    await audit(tx, actor, { action: 'passkey', outcome: 'allowed', reason: 'passkey removed', detail: { passkey: passkeyId } });
    await notifyAccount(tx, account(actor), 'passkey-removed', originOf(actor), { passkey: passkeyId }, actor.sessionId);
    return 'removed';
  });
  // Refused after the refusal's audit entry is committed.
  if (outcome === 'refused') throw versionConflict('This is the last passkey of a privileged account: add another one before removing it');
}

/** Ten new recovery codes, shown once; the previous ones stop working. */
export async function renewRecoveryCodes(db: Database, actor: Actor): Promise<{ recoveryCodes: string[] }> {
  return db.transaction(async (tx) => {
    const recoveryCodes = await replaceRecoveryCodes(tx, actor.accountId);
    await audit(tx, actor, { action: 'recovery-code', outcome: 'allowed', reason: 'recovery codes renewed, the previous ones invalidated' });
    await notifyAccount(tx, account(actor), 'recovery-codes-renewed', originOf(actor), {}, actor.sessionId);
    return { recoveryCodes };
  });
}

const account = (actor: Actor) => ({ id: actor.accountId, role: actor.role });
const originOf = (actor: Actor) => ({ address: actor.address });

function audit(tx: Sql, actor: Actor, entry: Omit<AuditEntry, 'actorId' | 'actorRole' | 'sessionId' | 'address'>): Promise<void> {
  return appendAudit(tx, [{ ...entry, actorId: actor.accountId, actorRole: actor.role, sessionId: actor.sessionId, address: actor.address }]);
}
