import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The master key wraps every data key and never enters the database, so a dump or a
 * backup of the database alone is unreadable (the 2021 laboratory leak was plain text).
 * Production passes it in VIGIE_MASTER_KEY (64 hex characters or base64 of 32 bytes);
 * the demo keeps it in a 0600 file in the data folder.
 */
export const MASTER_KEY_FILE = 'master.key';

export function parseMasterKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error('The master key must be 32 bytes (64 hex characters or base64)');
  return key;
}

export function loadMasterKey(env: NodeJS.ProcessEnv, dataDir: string): Buffer {
  if (env.VIGIE_MASTER_KEY) return parseMasterKey(env.VIGIE_MASTER_KEY);
  const path = join(dataDir, MASTER_KEY_FILE);
  if (!existsSync(path)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(path, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  }
  const mode = statSync(path).mode & 0o777;
  if (mode & 0o077) {
    // Tighten rather than refuse: the file was ours, someone loosened it.
    chmodSync(path, 0o600);
  }
  return parseMasterKey(readFileSync(path, 'utf8'));
}
