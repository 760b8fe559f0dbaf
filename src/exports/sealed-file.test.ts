import { randomBytes } from 'node:crypto';
import { Readable, Writable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { fileSealer, openingStream, sealingStream, SealedFileError } from './sealed-file.ts';

const PASSPHRASE = 'correct horse battery staple, at the lab';

async function collect(source: Buffer[], transform: Transform): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(Readable.from(source), transform, new Writable({ write: (chunk: Buffer, _encoding, done) => (out.push(chunk), done()) }));
  return Buffer.concat(out);
}
const seal = async (plain: Buffer, pieces = 3) => {
  const step = Math.max(1, Math.ceil(plain.length / pieces));
  const parts = plain.length === 0 ? [] : Array.from({ length: Math.ceil(plain.length / step) }, (_, i) => plain.subarray(i * step, (i + 1) * step));
  return collect(parts, await sealingStream(PASSPHRASE));
};
const open = (sealed: Buffer, passphrase = PASSPHRASE) =>
  collect(
    [sealed.subarray(0, 1000), sealed.subarray(1000)].filter((b) => b.length > 0),
    openingStream(passphrase),
  );

describe('sealed export files', () => {
  it('open to what was sealed, whatever the size, and hold none of it in plain', async () => {
    for (const size of [0, 1, 65_536, 65_537, 200_000]) {
      const plain = Buffer.from(randomBytes(size).toString('base64').slice(0, size));
      const sealed = await seal(plain);
      expect((await open(sealed)).equals(plain), String(size)).toBe(true);
      if (size > 100) expect(sealed.includes(plain.subarray(50, 80))).toBe(false);
    }
  }, 60_000);

  it('do not open with another passphrase, altered, cut short, reordered or extended', async () => {
    const plain = Buffer.from('{"resourceType":"Patient"}\n'.repeat(8000)); // 3 chunks
    const sealed = await seal(plain);
    const header = 15 + 16 + 3 + 16 + 7;
    const chunk = (at: number) => 4 + sealed.readUInt32BE(at);
    const first = header;
    const second = first + chunk(first);
    const third = second + chunk(second);
    const flipped = Buffer.from(sealed);
    flipped[second + 100]! ^= 1;
    const reordered = Buffer.concat([sealed.subarray(0, first), sealed.subarray(second, third), sealed.subarray(first, second), sealed.subarray(third)]);
    for (const [what, bytes, passphrase] of [
      ['another passphrase', sealed, 'another passphrase of some length'],
      ['a flipped bit', flipped, PASSPHRASE],
      ['the last chunk dropped', sealed.subarray(0, third), PASSPHRASE],
      ['cut inside a chunk', sealed.subarray(0, third + 10), PASSPHRASE],
      ['two chunks swapped', reordered, PASSPHRASE],
      ['data after the end', Buffer.concat([sealed, sealed.subarray(third)]), PASSPHRASE],
      ['not an export file', Buffer.from('id,name\n1,Dupont\n'.repeat(10)), PASSPHRASE],
    ] as const) {
      await expect(open(bytes, passphrase), what).rejects.toThrow(SealedFileError);
    }
  }, 60_000);

  it('of one export share the passphrase, each file under a key of its own', async () => {
    const sealer = await fileSealer(PASSPHRASE);
    const plain = Buffer.from('{"resourceType":"Condition"}\n'.repeat(100));
    const [a, b] = [await collect([plain], sealer.stream()), await collect([plain], sealer.stream())];
    expect(a.subarray(0, 15 + 16 + 3).equals(b.subarray(0, 15 + 16 + 3))).toBe(true); // one scrypt salt
    expect(a.subarray(15 + 16 + 3, 15 + 16 + 3 + 16).equals(b.subarray(15 + 16 + 3, 15 + 16 + 3 + 16))).toBe(false); // a file salt each
    expect((await open(a)).equals(plain) && (await open(b)).equals(plain)).toBe(true);
    // A file's chunk spliced into another file of the same export does not open.
    const spliced = Buffer.concat([b.subarray(0, 15 + 16 + 3 + 16 + 7), a.subarray(15 + 16 + 3 + 16 + 7)]);
    await expect(open(spliced)).rejects.toThrow(SealedFileError);
  }, 60_000);

  it('refuse a passphrase shorter than 16 characters', async () => {
    await expect(sealingStream('short')).rejects.toThrow(/16 to 1024 characters/);
  });
});
