import { hash, randomBytes } from 'node:crypto';

/** 256-bit random bearer secrets; only their SHA-256 is stored. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): Buffer {
  return hash('sha256', token, 'buffer');
}
