import { createHash, createPrivateKey } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { receiptOf } from '../exports/receipt.ts';
import { headerOf, openingStream, receiptKeyOf, type Opener } from '../exports/sealed-file.ts';

export interface OpenerFlags {
  passphraseFile?: string;
  key?: string;
}

/** The passphrase (read from a file, never from the command line, which others can see) or the recipient's private key. */
function openerOf(flags: OpenerFlags): Opener {
  if (flags.key && flags.passphraseFile) throw new Error('Give --passphrase-file or --key, not both');
  if (flags.key) return { privateKey: createPrivateKey(readFileSync(flags.key, 'utf8')) };
  if (flags.passphraseFile) return readFileSync(flags.passphraseFile, 'utf8').replace(/\r?\n$/, '');
  throw new Error('Give --passphrase-file (a file sealed to a passphrase) or --key (sealed to your public key)');
}

/**
 * `vigie export open FILE (--passphrase-file P | --key PRIVATE.pem) [--out OUT]`: the
 * recipient's side of an export — the file opened with the passphrase given at approval or
 * the receiving system's private key, to OUT or standard output. A file altered or cut
 * short fails, and what it wrote so far must be discarded.
 */
export async function exportOpenCommand(file: string, flags: OpenerFlags & { out?: string }): Promise<void> {
  await pipeline(
    createReadStream(file),
    openingStream(openerOf(flags)),
    flags.out ? createWriteStream(flags.out, { flags: 'wx', mode: 0o600 }) : process.stdout,
  );
}

/**
 * `vigie export receipt FILE... --key PRIVATE.pem`: the receiving system's receipt of the
 * files of an export sealed to its key, as JSON for `POST /api/exports/{id}/receipt`.
 * Every file is read whole: a receipt names what arrived, byte for byte.
 */
export async function exportReceiptCommand(files: string[], flags: Pick<OpenerFlags, 'key'>): Promise<void> {
  if (!flags.key) throw new Error("A receipt is made with the receiving system's private key (--key)");
  const opener = openerOf(flags);
  let exportId: string | undefined;
  let receiptKey: Buffer | undefined;
  const digests: string[] = [];
  for (const file of files) {
    const header = await headerOfFile(file, opener);
    if (!header.exportId || (exportId && header.exportId !== exportId)) throw new Error(`${file} is not a file of the same export sealed to a key`);
    exportId = header.exportId;
    receiptKey ??= receiptKeyOf(await header.exportKey());
    const digest = createHash('sha256');
    for await (const chunk of createReadStream(file)) digest.update(chunk as Buffer);
    digests.push(digest.digest('hex'));
  }
  console.log(JSON.stringify(receiptOf(receiptKey!, exportId!, digests)));
}

async function headerOfFile(file: string, opener: Opener) {
  const handle = await open(file);
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const header = headerOf(buffer.subarray(0, bytesRead), opener);
    if (!header) throw new Error(`${file} is cut short`);
    return header;
  } finally {
    await handle.close();
  }
}
