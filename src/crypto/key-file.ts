import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A secret kept in a 0600 file of the data folder (the demo's way; production passes
 * secrets in the environment): created on first use, tightened if someone loosened it.
 */
export function readKeyFile(dataDir: string, name: string, generate: () => string): string {
  const path = join(dataDir, name);
  if (!existsSync(path)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(path, generate() + '\n', { mode: 0o600, flag: 'wx' });
  }
  if (statSync(path).mode & 0o077) chmodSync(path, 0o600);
  return readFileSync(path, 'utf8');
}

/** 32 bytes given as 64 hex characters or base64. */
export function parseKey32(text: string, what: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error(`${what} must be 32 bytes (64 hex characters or base64)`);
  return key;
}
