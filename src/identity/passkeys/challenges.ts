import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '../../store/database.ts';
import { sql } from '../../store/sql.ts';
import type { RelyingParty } from './relying-party.ts';

/** Long enough to touch a key or read a fingerprint; the options ask for one minute. */
const CHALLENGE_SECONDS = 120;
export const CEREMONY_TIMEOUT_MS = 60_000;

export type Ceremony = 'sign-in' | 'enrol' | 'add-passkey' | 'step-up';

/** What a challenge is bound to: the login ticket on the way in, the session afterwards. */
export type ChallengeBinding = { ticketHash: Buffer } | { sessionId: string };

export interface ConsumedChallenge {
  rpId: string;
  origins: string[];
}

const hashOf = (challenge: string) => createHash('sha256').update(challenge, 'utf8').digest();

/** A fresh random challenge, recorded for this ceremony; the client signs its base64url form. */
export async function issueChallenge(
  tx: Sql,
  accountId: string,
  ceremony: Ceremony,
  binding: ChallengeBinding,
  rp: RelyingParty,
): Promise<Uint8Array<ArrayBuffer>> {
  const challenge = randomBytes(32);
  await tx.run(sql`INSERT INTO webauthn_challenge (challenge_hash, account_id, ceremony, ticket_hash, session_id, rp_id, origins, expires_at)
     VALUES (${hashOf(challenge.toString('base64url'))}, ${accountId}, ${ceremony}, ${ticketHashOf(binding)}, ${sessionIdOf(binding)}, ${rp.id}, ${rp.origins}, now() + make_interval(secs => ${CHALLENGE_SECONDS}))`);
  return new Uint8Array(challenge);
}

/**
 * Marks the challenge a response signed as used, if it was issued for this ceremony and
 * binding, is unused and unexpired; undefined otherwise (replayed, foreign or stale).
 * Used even when the signature then fails: a challenge gets one answer.
 */
export async function consumeChallenge(tx: Sql, challenge: string, ceremony: Ceremony, binding: ChallengeBinding): Promise<ConsumedChallenge | undefined> {
  const row = await tx.one<{ rp_id: string; origins: string[] }>(sql`UPDATE webauthn_challenge SET used_at = now()
     WHERE challenge_hash = ${hashOf(challenge)} AND ceremony = ${ceremony} AND ticket_hash IS NOT DISTINCT FROM ${ticketHashOf(binding)} AND session_id IS NOT DISTINCT FROM ${sessionIdOf(binding)}
       AND used_at IS NULL AND expires_at > now()
     RETURNING rp_id, origins`);
  return row && { rpId: row.rp_id, origins: row.origins };
}

const ticketHashOf = (binding: ChallengeBinding) => ('ticketHash' in binding ? binding.ticketHash : null);
const sessionIdOf = (binding: ChallengeBinding) => ('sessionId' in binding ? binding.sessionId : null);
