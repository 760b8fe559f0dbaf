import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { parseKey32, readKeyFile } from '../crypto/key-file.ts';

/**
 * The Ed25519 key that signs ledger checkpoints. It is kept apart from the database
 * (VIGIE_LEDGER_KEY, or for the demo a 0600 file in the data folder): whoever can rewrite
 * the audit rows cannot forge the checkpoints that commit to them.
 */
export const LEDGER_KEY_FILE = 'ledger-signing.key';

// PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface LedgerSigner {
  keyId: string;
  publicKey: KeyObject;
  sign(message: Buffer): Buffer;
}

export function signerFromSeed(seed: Buffer): LedgerSigner {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  return { keyId: keyIdOf(publicKey), publicKey, sign: (message) => sign(null, message, privateKey) };
}

export function loadLedgerSigner(env: NodeJS.ProcessEnv, dataDir: string): LedgerSigner {
  const text = env.VIGIE_LEDGER_KEY ?? readKeyFile(dataDir, LEDGER_KEY_FILE, () => randomBytes(32).toString('hex'));
  return signerFromSeed(parseKey32(text, 'The ledger signing key'));
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('hex')
    .slice(0, 16);
}

export function verifySignature(publicKey: KeyObject, message: Buffer, signature: Uint8Array): boolean {
  return verify(null, message, publicKey, signature);
}
