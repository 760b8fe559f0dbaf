import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { openingStream } from '../exports/sealed-file.ts';

/**
 * `vigie export open FILE --passphrase-file P [--out OUT]`: the recipient's side of an
 * export — the file opened with the passphrase given at approval, to OUT or standard
 * output. A file altered or cut short fails, and what it wrote so far must be discarded.
 */
export async function exportOpenCommand(file: string, flags: { passphraseFile: string; out?: string }): Promise<void> {
  // The passphrase is read from a file, never from the command line (which others can see).
  const passphrase = readFileSync(flags.passphraseFile, 'utf8').replace(/\r?\n$/, '');
  await pipeline(createReadStream(file), openingStream(passphrase), flags.out ? createWriteStream(flags.out, { flags: 'wx', mode: 0o600 }) : process.stdout);
}
