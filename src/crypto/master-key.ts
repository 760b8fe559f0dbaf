import { randomBytes } from 'node:crypto';
import { parseKey32, readKeyFile } from './key-file.ts';

/**
 * The master key wraps every data key and never enters the database, so a dump or a
 * backup of the database alone is unreadable (the 2021 laboratory leak was plain text).
 * Production passes it in VIGIE_MASTER_KEY (64 hex characters or base64 of 32 bytes);
 * the demo keeps it in a 0600 file in the data folder.
 */
export const MASTER_KEY_FILE = 'master.key';

export const parseMasterKey = (text: string): Buffer => parseKey32(text, 'The master key');

export function loadMasterKey(env: NodeJS.ProcessEnv, dataDir: string): Buffer {
  if (env.VIGIE_MASTER_KEY) return parseMasterKey(env.VIGIE_MASTER_KEY);
  return parseMasterKey(readKeyFile(dataDir, MASTER_KEY_FILE, () => randomBytes(32).toString('hex')));
}
