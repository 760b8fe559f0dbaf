import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Sql } from '../../store/database.ts';
import { sql } from '../../store/sql.ts';
import { CEREMONY_TIMEOUT_MS, consumeChallenge, issueChallenge, type Ceremony, type ChallengeBinding } from './challenges.ts';
import { descriptorsOf, insertPasskey, passkeyForAssertion, passkeysOf, recordPasskeyUse, type PasskeySummary } from './credentials.ts';
import type { RelyingParty } from './relying-party.ts';
import type { Parsed } from './client-data.ts';

/**
 * The two WebAuthn ceremonies (W3C Web Authentication Level 2 §7.1 registration, §7.2
 * assertion) with Vigie's choices: user verification required (a PIN or biometric, not a
 * mere touch), attestation not asked (no device list to maintain), challenges single use.
 * Verification never throws for a bad response: it says why, for the audit trail.
 */
export type Verified<T> = { ok: true; value: T } | { ok: false; reason: string };

/** EdDSA, ES256, RS256: what platform authenticators and security keys offer. */
const ALGORITHMS = [-8, -7, -257];

export async function creationOptions(
  tx: Sql,
  account: { id: string; username: string },
  ceremony: Ceremony,
  binding: ChallengeBinding,
  rp: RelyingParty,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await passkeysOf(tx, account.id);
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: account.username,
    // The account id, not a name: the authenticator keeps it and says nothing about the person.
    userID: new Uint8Array(Buffer.from(account.id.replaceAll('-', ''), 'hex')),
    challenge: await issueChallenge(tx, account.id, ceremony, binding, rp),
    timeout: CEREMONY_TIMEOUT_MS,
    attestationType: 'none',
    excludeCredentials: descriptorsOf(existing),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
    supportedAlgorithmIDs: ALGORITHMS,
  });
}

export async function requestOptions(
  tx: Sql,
  accountId: string,
  ceremony: Ceremony,
  binding: ChallengeBinding,
  rp: RelyingParty,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: descriptorsOf(await passkeysOf(tx, accountId)),
    challenge: await issueChallenge(tx, accountId, ceremony, binding, rp),
    timeout: CEREMONY_TIMEOUT_MS,
    userVerification: 'required',
  });
}

/** Verifies an attestation against its challenge and stores the new passkey. */
export async function registerPasskey(
  tx: Sql,
  accountId: string,
  parsed: Parsed<RegistrationResponseJSON>,
  ceremony: Ceremony,
  binding: ChallengeBinding,
): Promise<Verified<PasskeySummary>> {
  const issued = await consumeChallenge(tx, parsed.challenge, ceremony, binding);
  if (!issued) return { ok: false, reason: 'challenge unknown, already used or expired' };
  let info;
  try {
    const result = await verifyRegistrationResponse({
      response: parsed.response,
      expectedChallenge: parsed.challenge,
      expectedOrigin: issued.origins,
      expectedRPID: issued.rpId,
      requireUserVerification: true,
      supportedAlgorithmIDs: ALGORITHMS,
    });
    if (!result.verified) return { ok: false, reason: 'attestation not verified' };
    info = result.registrationInfo;
  } catch (error) {
    return { ok: false, reason: describe(error) };
  }
  const taken = await tx.rows(sql`SELECT 1 FROM passkey WHERE credential_id = ${info.credential.id}`);
  if (taken.length > 0) return { ok: false, reason: 'credential already registered' };
  const transports = parsed.response.response.transports ?? [];
  return { ok: true, value: await insertPasskey(tx, accountId, { ...info.credential, transports }) };
}

/** Verifies an assertion by one of the account's passkeys and records its new counter. */
export async function assertPasskey(
  tx: Sql,
  accountId: string,
  parsed: Parsed<AuthenticationResponseJSON>,
  ceremony: Ceremony,
  binding: ChallengeBinding,
): Promise<Verified<{ passkeyId: string; credentialId: string }>> {
  const issued = await consumeChallenge(tx, parsed.challenge, ceremony, binding);
  if (!issued) return { ok: false, reason: 'challenge unknown, already used or expired' };
  const passkey = await passkeyForAssertion(tx, accountId, parsed.response.id);
  if (!passkey) return { ok: false, reason: 'credential not registered to this account' };
  let newCounter: number;
  try {
    const result = await verifyAuthenticationResponse({
      response: parsed.response,
      expectedChallenge: parsed.challenge,
      expectedOrigin: issued.origins,
      expectedRPID: issued.rpId,
      credential: passkey.credential,
      requireUserVerification: true,
    });
    if (!result.verified) return { ok: false, reason: 'signature not verified' };
    newCounter = result.authenticationInfo.newCounter;
  } catch (error) {
    return { ok: false, reason: describe(error) };
  }
  await recordPasskeyUse(tx, passkey.id, newCounter);
  return { ok: true, value: { passkeyId: passkey.id, credentialId: passkey.credential.id } };
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
