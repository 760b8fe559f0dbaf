import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { invalidParameter } from '../domain/refusals.ts';

/** RSA moduli below this are refused: ANSSI's guide on cryptographic mechanisms asks 3072 bits for use past 2030. */
const MIN_RSA_BITS = 3072;

export interface RecipientKey {
  pem: string;
  key: KeyObject;
  /** SHA-256 of the key's SubjectPublicKeyInfo, hex: what the approvers compare with the receiving system's. */
  fingerprint: string;
}

/** The receiving system's public key, PEM (SPKI), RSA of 3072 bits or more; or a 400 saying what it must be. */
export function recipientKeyOf(value: unknown, field = 'recipientKey'): RecipientKey {
  if (typeof value !== 'string' || value.length > 10_000) throw invalidParameter(`${field} is a public key in PEM (-----BEGIN PUBLIC KEY-----)`, field);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: value, format: 'pem' });
  } catch {
    throw invalidParameter(`${field} is not a readable public key in PEM`, field);
  }
  if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) {
    throw invalidParameter(`${field} must be an RSA key of ${MIN_RSA_BITS} bits or more (files are sealed to it with RSA-OAEP-SHA256)`, field);
  }
  return { pem: key.export({ type: 'spki', format: 'pem' }) as string, key, fingerprint: fingerprintOf(key) };
}

export const fingerprintOf = (key: KeyObject) =>
  createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex');
