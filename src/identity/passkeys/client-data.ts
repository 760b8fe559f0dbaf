import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { invalidParameter } from '../../domain/refusals.ts';

/**
 * A browser's credential, its shape checked by the route's schema (src/api/schemas/sign-in.ts),
 * and read here before anything is looked up or consumed: the challenge the client says
 * it signed. Malformed input is a 400 that changes nothing, whereas a well-formed response
 * that does not verify is a failed ceremony (401, audited, challenge spent).
 */
export interface BrowserCredential<R> {
  id: string;
  rawId: string;
  type: 'public-key';
  response: R;
  clientExtensionResults?: object;
}

export type BrowserRegistration = BrowserCredential<{ clientDataJSON: string; attestationObject: string; transports?: string[] }>;
export type BrowserAssertion = BrowserCredential<{ clientDataJSON: string; authenticatorData: string; signature: string; userHandle?: string | null }>;

export interface Parsed<T> {
  response: T;
  /** The challenge the client says it signed, read from clientDataJSON. */
  challenge: string;
}

export const registrationResponse = (credential: BrowserRegistration): Parsed<RegistrationResponseJSON> => parsed(credential);

export const authenticationResponse = (credential: BrowserAssertion): Parsed<AuthenticationResponseJSON> => parsed(credential);

function parsed<T>(credential: BrowserCredential<{ clientDataJSON: string }>): Parsed<T> {
  // The verifier reads the transports and the user handle as the browser gave them.
  const response = { ...credential, clientExtensionResults: credential.clientExtensionResults ?? {} } as unknown as T;
  return { response, challenge: challengeOf(credential.response.clientDataJSON) };
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function challengeOf(clientDataJSON: string): string {
  let clientData: unknown;
  try {
    clientData = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
  } catch {
    clientData = undefined;
  }
  const challenge = typeof clientData === 'object' && clientData !== null ? (clientData as { challenge?: unknown }).challenge : undefined;
  if (typeof challenge !== 'string' || !BASE64URL.test(challenge)) {
    throw invalidParameter('response.response.clientDataJSON must be client data JSON with a challenge', 'response.response.clientDataJSON');
  }
  return challenge;
}
