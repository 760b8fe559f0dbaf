import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { invalidParameter } from '../../domain/refusals.ts';

/**
 * A browser's credential response, checked for shape before anything is looked up or
 * consumed: malformed input is a 400 that changes nothing, whereas a well-formed response
 * that does not verify is a failed ceremony (401, audited, challenge spent).
 */
export interface Parsed<T> {
  response: T;
  /** The challenge the client says it signed, read from clientDataJSON. */
  challenge: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MAX_FIELD = 16 * 1024;

export function registrationResponse(value: unknown): Parsed<RegistrationResponseJSON> {
  const credential = credentialOf(value);
  fields(credential.response, ['clientDataJSON', 'attestationObject']);
  const transports = credential.response.transports;
  if (transports !== undefined && !(Array.isArray(transports) && transports.every((t) => typeof t === 'string' && t.length < 32) && transports.length < 10)) {
    throw invalidParameter('response.response.transports must be a list of strings', 'response.response.transports');
  }
  return { response: credential as unknown as RegistrationResponseJSON, challenge: challengeOf(credential.response.clientDataJSON as string) };
}

export function authenticationResponse(value: unknown): Parsed<AuthenticationResponseJSON> {
  const credential = credentialOf(value);
  fields(credential.response, ['clientDataJSON', 'authenticatorData', 'signature']);
  const userHandle = credential.response.userHandle;
  if (userHandle !== undefined && userHandle !== null && !(typeof userHandle === 'string' && BASE64URL.test(userHandle))) {
    throw invalidParameter('response.response.userHandle must be base64url', 'response.response.userHandle');
  }
  return { response: credential as unknown as AuthenticationResponseJSON, challenge: challengeOf(credential.response.clientDataJSON as string) };
}

interface CredentialShape {
  id: string;
  rawId: string;
  type: 'public-key';
  response: Record<string, unknown>;
}

function credentialOf(value: unknown): CredentialShape {
  if (!isObject(value)) throw invalidParameter("Field 'response' must be the credential's JSON (PublicKeyCredential.toJSON())", 'response');
  for (const name of ['id', 'rawId'] as const) {
    const field = value[name];
    if (typeof field !== 'string' || !BASE64URL.test(field) || field.length > 1024)
      throw invalidParameter(`response.${name} must be base64url`, `response.${name}`);
  }
  if (value.type !== 'public-key') throw invalidParameter("response.type must be 'public-key'", 'response.type');
  if (!isObject(value.response)) throw invalidParameter('response.response must be an object', 'response.response');
  if (value.clientExtensionResults === undefined) value.clientExtensionResults = {};
  return value as unknown as CredentialShape;
}

function fields(response: Record<string, unknown>, names: string[]): void {
  for (const name of names) {
    const field = response[name];
    if (typeof field !== 'string' || !BASE64URL.test(field) || field.length > MAX_FIELD) {
      throw invalidParameter(`response.response.${name} must be base64url`, `response.response.${name}`);
    }
  }
}

function challengeOf(clientDataJSON: string): string {
  let clientData: unknown;
  try {
    clientData = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
  } catch {
    clientData = undefined;
  }
  const challenge = isObject(clientData) ? clientData.challenge : undefined;
  if (typeof challenge !== 'string' || !BASE64URL.test(challenge)) {
    throw invalidParameter('response.response.clientDataJSON must be client data JSON with a challenge', 'response.response.clientDataJSON');
  }
  return challenge;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
