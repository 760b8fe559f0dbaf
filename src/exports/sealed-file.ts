import {
  constants,
  createCipheriv,
  createDecipheriv,
  hkdfSync,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  scrypt as scryptCallback,
  type KeyObject,
  type ScryptOptions,
} from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * An export file as it is written and handed over: encrypted as it streams, so that no
 * plain copy ever touches a disk. The export's key comes from a passphrase (scrypt,
 * N = 2^17, r = 8, p = 1), derived once for all its files; each file's key from it and a
 * salt of the file's own (HKDF-SHA256). The content is cut into chunks of 64 KiB, each sealed with AES-256-GCM
 * under a nonce made of the file's random prefix and the chunk's number, the header and
 * a last-chunk flag as additional data — a chunk altered, moved, dropped or a file cut
 * short does not open (the STREAM construction of Hoang, Reyhanitabar, Rogaway and Vizár).
 *
 * Sealed to a recipient's public key instead (RSA ≥ 3072 bits, a receiving system's), the
 * export's key is random and each file's header carries it wrapped with RSA-OAEP-SHA256.
 *
 *   header: "VIGIE-EXPORT-1\n" | scrypt salt (16) | log2 N, r, p (3) | file salt (16) | nonce prefix (7)
 *       or: "VIGIE-EXPORT-2\n" | export id (16) | wrapped key length (2) | wrapped key | file salt (16) | nonce prefix (7)
 *   chunk:  length of the sealed chunk (4, big-endian) | ciphertext | tag (16)
 */
const MAGIC = Buffer.from('VIGIE-EXPORT-1\n', 'ascii');
const MAGIC_RECIPIENT = Buffer.from('VIGIE-EXPORT-2\n', 'ascii');
const ID_BYTES = 16;
const SALT_BYTES = 16;
const PREFIX_BYTES = 7;
const HEADER_BYTES = MAGIC.length + SALT_BYTES + 3 + SALT_BYTES + PREFIX_BYTES;
const CHUNK_BYTES = 64 * 1024;
const TAG_BYTES = 16;
const COST = { log2N: 17, r: 8, p: 1 };

export class SealedFileError extends Error {}

function deriveKey(passphrase: string, salt: Buffer, cost: { log2N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** cost.log2N, r: cost.r, p: cost.p, maxmem: 256 * 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scryptCallback(passphrase.normalize('NFC'), salt, 32, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

const fileKey = (exportKey: Buffer, fileSalt: Buffer) => Buffer.from(hkdfSync('sha256', exportKey, fileSalt, 'vigie-export-file', 32));

/** A passphrase strong enough to guard a file that leaves the building: 16 characters at least. */
export function checkPassphrase(passphrase: unknown): string {
  if (typeof passphrase !== 'string' || [...passphrase].length < 16 || passphrase.length > 1024)
    throw new SealedFileError('The passphrase has 16 to 1024 characters');
  return passphrase;
}

const nonceOf = (prefix: Buffer, counter: number, last: boolean) => {
  const nonce = Buffer.alloc(12);
  prefix.copy(nonce, 0);
  nonce.writeUInt32BE(counter, PREFIX_BYTES);
  nonce[11] = last ? 1 : 0;
  return nonce;
};

/** The sealing of an export's files: the export's key made once, a stream per file. */
export interface FileSealer {
  stream(): Transform;
  /** Sealed to a recipient: the key that checks its receipt (derived from the export's key, which is not kept). */
  receiptKey?: Buffer;
}

export async function fileSealer(passphrase: string): Promise<FileSealer> {
  const salt = randomBytes(SALT_BYTES);
  const exportKey = await deriveKey(checkPassphrase(passphrase), salt, COST);
  const keyBlock = Buffer.concat([MAGIC, salt, Buffer.from([COST.log2N, COST.r, COST.p])]);
  return { stream: () => sealing(exportKey, keyBlock) };
}

/** Files only the holder of the recipient's private key opens: a random export key, wrapped to the public key in every header. */
export function recipientSealer(recipient: KeyObject, exportId: string): FileSealer {
  const exportKey = randomBytes(32);
  const wrapped = publicEncrypt({ key: recipient, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, exportKey);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(wrapped.length);
  const keyBlock = Buffer.concat([MAGIC_RECIPIENT, Buffer.from(exportId.replaceAll('-', ''), 'hex'), length, wrapped]);
  return { stream: () => sealing(exportKey, keyBlock), receiptKey: receiptKeyOf(exportKey) };
}

/** The key of an export's receipt: whoever opened its files can make it, and Vigie can check it. */
export const receiptKeyOf = (exportKey: Buffer) => Buffer.from(hkdfSync('sha256', exportKey, Buffer.alloc(0), 'vigie-export-receipt', 32));

/** A stream that seals what is written to it (one file's worth of a sealer). */
export async function sealingStream(passphrase: string): Promise<Transform> {
  return (await fileSealer(passphrase)).stream();
}

function sealing(exportKey: Buffer, keyBlock: Buffer): Transform {
  const fileSalt = randomBytes(SALT_BYTES);
  const prefix = randomBytes(PREFIX_BYTES);
  const header = Buffer.concat([keyBlock, fileSalt, prefix]);
  const key = fileKey(exportKey, fileSalt);
  let counter = 0;
  let pending: Buffer = Buffer.alloc(0);
  const sealChunk = (plain: Buffer, last: boolean) => {
    const cipher = createCipheriv('aes-256-gcm', key, nonceOf(prefix, counter++, last));
    cipher.setAAD(header);
    const sealed = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(sealed.length);
    return Buffer.concat([length, sealed]);
  };
  let started = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      if (!started) {
        this.push(header);
        started = true;
      }
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      // Keep at least one byte back: the last chunk is sealed as last, at the end.
      while (pending.length > CHUNK_BYTES) {
        this.push(sealChunk(pending.subarray(0, CHUNK_BYTES), false));
        pending = pending.subarray(CHUNK_BYTES);
      }
      done();
    },
    flush(done: TransformCallback) {
      if (!started) this.push(header);
      this.push(sealChunk(pending, true));
      done();
    },
  });
}

/** What opens a sealed file: the passphrase given at approval, or the recipient's private key. */
export type Opener = string | { privateKey: KeyObject };

/** A sealed file's header: its length, and the export's key from it (and, sealed to a recipient, the export's id). */
export interface OpenedHeader {
  length: number;
  exportKey(): Promise<Buffer>;
  exportId: string | undefined;
}

/** The header at the start of `bytes`, or undefined while too few bytes have come. */
export function headerOf(bytes: Buffer, opener: Opener): OpenedHeader | undefined {
  const magic = bytes.subarray(0, MAGIC.length);
  if (magic.length < MAGIC.length) return undefined;
  if (magic.equals(MAGIC)) {
    if (bytes.length < HEADER_BYTES) return undefined;
    if (typeof opener !== 'string') throw new SealedFileError('This file opens with the passphrase given at its approval, not a key');
    const salt = bytes.subarray(MAGIC.length, MAGIC.length + SALT_BYTES);
    const [log2N, r, p] = bytes.subarray(MAGIC.length + SALT_BYTES, MAGIC.length + SALT_BYTES + 3);
    if (log2N! < 14 || log2N! > 20 || r! < 1 || r! > 16 || p! < 1 || p! > 4) throw new SealedFileError('Unsupported key derivation cost');
    return { length: HEADER_BYTES, exportId: undefined, exportKey: () => deriveKey(opener, Buffer.from(salt), { log2N: log2N!, r: r!, p: p! }) };
  }
  if (!magic.equals(MAGIC_RECIPIENT)) throw new SealedFileError('Not a Vigie export file');
  const fixed = MAGIC_RECIPIENT.length + ID_BYTES + 2;
  if (bytes.length < fixed) return undefined;
  const wrappedLength = bytes.readUInt16BE(fixed - 2);
  const length = fixed + wrappedLength + SALT_BYTES + PREFIX_BYTES;
  if (bytes.length < length) return undefined;
  if (typeof opener === 'string') throw new SealedFileError("This file opens with the recipient's private key, not a passphrase");
  const hex = bytes.subarray(MAGIC_RECIPIENT.length, MAGIC_RECIPIENT.length + ID_BYTES).toString('hex');
  const wrapped = Buffer.from(bytes.subarray(fixed, fixed + wrappedLength));
  return {
    length,
    exportId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
    exportKey: async () => {
      try {
        return privateDecrypt({ key: opener.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, wrapped);
      } catch {
        throw new SealedFileError('Wrong key, or the file was altered');
      }
    },
  };
}

/** A stream that opens a sealed file, or fails on the first byte that is not as sealed. */
export function openingStream(opener: Opener): Transform {
  let buffered: Buffer = Buffer.alloc(0);
  let header: Buffer | undefined;
  let key: Buffer | undefined;
  let prefix: Buffer | undefined;
  let counter = 0;
  let ended = false;
  const take = async (stream: Transform) => {
    if (!header) {
      const found = headerOf(buffered, opener);
      if (!found) return;
      header = buffered.subarray(0, found.length);
      const fileSalt = header.subarray(found.length - PREFIX_BYTES - SALT_BYTES, found.length - PREFIX_BYTES);
      prefix = header.subarray(found.length - PREFIX_BYTES);
      key = fileKey(await found.exportKey(), fileSalt);
      buffered = buffered.subarray(found.length);
    }
    for (;;) {
      if (buffered.length < 4) return;
      const length = buffered.readUInt32BE(0);
      if (length < TAG_BYTES || length > CHUNK_BYTES + TAG_BYTES) throw new SealedFileError('A chunk of the file is damaged');
      if (buffered.length < 4 + length) return;
      if (ended) throw new SealedFileError('Data after the last chunk');
      const sealed = buffered.subarray(4, 4 + length);
      buffered = buffered.subarray(4 + length);
      stream.push(openChunk(sealed));
    }
  };
  const openChunk = (sealed: Buffer): Buffer => {
    // The last chunk is the one whose tag checks with the last-chunk flag.
    for (const last of [false, true]) {
      const decipher = createDecipheriv('aes-256-gcm', key!, nonceOf(prefix!, counter, last));
      decipher.setAAD(header!);
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      try {
        const plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
        counter++;
        ended = last;
        return plain;
      } catch {
        // try the other flag
      }
    }
    throw new SealedFileError('Wrong passphrase or key, or the file was altered');
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      take(this).then(() => done(), done);
    },
    flush(done: TransformCallback) {
      take(this)
        .then(() => done(ended && buffered.length === 0 ? undefined : new SealedFileError('The file was cut short')))
        .catch(done);
    },
  });
}
