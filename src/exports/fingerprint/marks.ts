import { createHmac } from 'node:crypto';
import type { KeyRing } from '../../crypto/key-ring.ts';

/**
 * One export's keyed choices: its pseudonyms and the marks its files carry (carriers.ts).
 * Both keys derive from the group's `exports` key and the export's id, so that Vigie alone
 * can recompute them — to attribute a leaked file to its export — and the writer and the
 * attribution call the very same functions.
 *
 * Pseudonyms: the same patient has one pseudonym throughout an export (its resources still
 * link up) and another in every other export (two exports cannot be joined). A pseudonym is
 * 80 keyed bits of the id and a 40-bit tag of those under the mark key: a pseudonym seen
 * anywhere names its export, and a token that is not one matches an export by chance once
 * in 2^40.
 */
export class ExportMarks {
  private cache = new Map<string, Buffer>();
  private previous = new Map<string, Buffer>();
  private readonly pseudonyms = new Map<string, string>();

  constructor(
    private readonly pseudonymKey: Buffer,
    private readonly markKey: Buffer,
  ) {}

  static of(keys: KeyRing, exportId: string): ExportMarks {
    const secret = keys.secret('exports');
    return new ExportMarks(derived(secret, `export-pseudonyms|${exportId}`), derived(secret, `export-marks|${exportId}`));
  }

  pseudonym(id: string): string {
    // A patient's pseudonym is asked for by each of its resources: the last ones are kept.
    let pseudonym = this.pseudonyms.get(id);
    if (!pseudonym) {
      const body = createHmac('sha256', this.pseudonymKey).update(id).digest().subarray(0, BODY_BYTES);
      pseudonym = base32(Buffer.concat([body, this.tag(body)]));
      if (this.pseudonyms.size >= CACHE_ENTRIES) this.pseudonyms.clear();
      this.pseudonyms.set(id, pseudonym);
    }
    return pseudonym;
  }

  /** Whether a token is a pseudonym of this export. */
  isPseudonym(token: string): boolean {
    const bytes = base32Decoded(token);
    return bytes?.length === BODY_BYTES + TAG_BYTES && this.tag(bytes.subarray(0, BODY_BYTES)).equals(bytes.subarray(BODY_BYTES));
  }

  /** Whether a CSV cell that needs no quotes is quoted. */
  quoted(text: string): boolean {
    return (this.digest(`q|${text}`)[0]! & 1) === 1;
  }

  /** The seconds of a time given to the minute (its anchor: the minute and the zone), 0 to 59. */
  seconds(anchor: string): number {
    return this.digest(`s|${anchor}`).readUInt32BE(0) % 60;
  }

  /** The keyed order of an object's members (anchor: where it is and its plain values). */
  order(anchor: string, names: readonly string[]): string[] {
    const sorted = [...names].sort();
    // Fisher–Yates driven by the digest, 4 bytes a step, extended by counter past 8 steps.
    let bytes = this.digest(`o|${anchor}`);
    for (let i = sorted.length - 1, at = 0, block = 0; i > 0; i--, at += 4) {
      if (at + 4 > bytes.length) {
        bytes = this.digest(`o${++block}|${anchor}`);
        at = 0;
      }
      const j = bytes.readUInt32BE(at) % (i + 1);
      [sorted[i], sorted[j]] = [sorted[j]!, sorted[i]!];
    }
    return sorted;
  }

  /** The source id of the export's n-th honey row: pseudonymised like any, it carries the tag. */
  honeyId(n: number): string {
    return `honey-row|${n}`;
  }

  /** A keyed number in [0, 2^32) for the n-th honey row's draws. */
  honeyDraw(n: number, what: string): number {
    return this.digest(`h|${n}|${what}`).readUInt32BE(0);
  }

  private tag(body: Buffer): Buffer {
    return createHmac('sha256', this.markKey).update('tag|').update(body).digest().subarray(0, TAG_BYTES);
  }

  // Codings and units repeat across an export: their digests are kept, in two generations
  // so that clearing the cache when full keeps the ones in use.
  private digest(text: string): Buffer {
    let digest = this.cache.get(text);
    if (digest) return digest;
    digest = this.previous.get(text) ?? createHmac('sha256', this.markKey).update(text).digest();
    if (this.cache.size >= CACHE_ENTRIES) {
      this.previous = this.cache;
      this.cache = new Map();
    }
    this.cache.set(text, digest);
    return digest;
  }
}

const BODY_BYTES = 10;
const TAG_BYTES = 5;
/** The chance that a token that is no pseudonym of an export carries its tag. */
export const TAG_CHANCE = 2 ** -(8 * TAG_BYTES);
const CACHE_ENTRIES = 20_000;

const derived = (secret: Buffer, label: string) => createHmac('sha256', secret).update(label).digest();

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 4648 base32, lower case, without padding: 15 bytes make 24 characters, a valid FHIR id. */
function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return bits > 0 ? out + ALPHABET[(value << (5 - bits)) & 31] : out;
}

function base32Decoded(text: string): Buffer | undefined {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0) return undefined;
    value = ((value << 5) | digit) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}
