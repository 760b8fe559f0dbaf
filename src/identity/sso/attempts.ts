import type { KeyRing } from '../../crypto/key-ring.ts';
import type { Sql } from '../../store/database.ts';
import { sql } from '../../store/sql.ts';
import { tokenHash } from '../tokens.ts';
import type { AuthorizationSecrets } from './identity-provider.ts';

/** Long enough to sign in with a card or a phone, short enough that a leaked state is worthless. */
export const ATTEMPT_SECONDS = 600;

export async function recordAttempt(tx: Sql, keys: KeyRing, secrets: AuthorizationSecrets): Promise<void> {
  const stateHash = tokenHash(secrets.state);
  // Rows are useless once expired; deleting them here keeps the table small without a job.
  await tx.run(sql`DELETE FROM sso_attempt WHERE expires_at < now() - interval '1 hour'`);
  await tx.run(
    sql`INSERT INTO sso_attempt (state_hash, secrets, expires_at) VALUES (${stateHash}, ${keys.accounts.encryptJson(secretsAad(stateHash), { nonce: secrets.nonce, codeVerifier: secrets.codeVerifier })}, now() + make_interval(secs => ${ATTEMPT_SECONDS}))`,
  );
}

export type ConsumedAttempt = { ok: true; secrets: AuthorizationSecrets } | { ok: false; reason: string };

/**
 * Marks the attempt of this state used, whatever happens next: a callback is honoured
 * once, so a replayed or intercepted one opens nothing.
 */
export async function consumeAttempt(tx: Sql, keys: KeyRing, state: string): Promise<ConsumedAttempt> {
  const stateHash = tokenHash(state);
  const row = await tx.one<{ secrets: Uint8Array; used: boolean; expired: boolean }>(
    sql`SELECT secrets, used_at IS NOT NULL AS used, expires_at <= now() AS expired FROM sso_attempt WHERE state_hash = ${stateHash} FOR UPDATE`,
  );
  if (!row) return { ok: false, reason: 'unknown state' };
  if (row.used) return { ok: false, reason: 'state already used (replayed callback)' };
  await tx.run(sql`UPDATE sso_attempt SET used_at = now() WHERE state_hash = ${stateHash}`);
  if (row.expired) return { ok: false, reason: 'sign-in attempt expired' };
  const { nonce, codeVerifier } = keys.accounts.decryptJson<{ nonce: string; codeVerifier: string }>(secretsAad(stateHash), row.secrets);
  return { ok: true, secrets: { state, nonce, codeVerifier } };
}

const secretsAad = (stateHash: Buffer) => `sso/${stateHash.toString('hex')}`;
