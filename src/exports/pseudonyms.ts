import { createHmac } from 'node:crypto';
import type { KeyRing } from '../crypto/key-ring.ts';

/**
 * Pseudonyms, keyed per export: the same patient has one pseudonym throughout an export
 * (its resources still link up) and another in every other export (two exports cannot be
 * joined). The key derives from the group's `exports` key and the export's id, so that
 * Vigie alone can recompute it — to attribute a leaked file to its export.
 */
export function exportKey(keys: KeyRing, exportId: string): Buffer {
  return createHmac('sha256', keys.secret('exports')).update(`export-pseudonyms|${exportId}`).digest();
}

export function pseudonymOf(key: Buffer, id: string): string {
  return base32(createHmac('sha256', key).update(id).digest().subarray(0, 15));
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 4648 base32, lower case, without padding: 15 bytes make 24 characters, a valid FHIR id. */
function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return bits > 0 ? out + ALPHABET[(value << (5 - bits)) & 31] : out;
}
