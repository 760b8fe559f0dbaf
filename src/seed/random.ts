/**
 * A small seeded pseudo-random generator for the synthetic data: sfc32 (Chris Doty-Humphrey's
 * "small fast counting" generator, from PractRand), seeded from a hash of any number of
 * parts — `new SeededRandom(seed, index)` gives patient `index` its own stream, so any
 * range of patients can be generated alone and in any order.
 *
 * Not for secrets: it is predictable by design. Passwords and TOTP secrets use node:crypto.
 *
 * Measured (Node 20, this machine): reseeding faker (`faker.seed(n)`, Mersenne Twister)
 * costs ~26 µs, half the per-patient budget; a SeededRandom costs well under 1 µs.
 */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** Set by `mintIdsInOrder`: the 48-bit time at the head of every id of this stream. */
  private idTime: number | undefined;

  constructor(...seedParts: ReadonlyArray<number | string>) {
    [this.a, this.b, this.c, this.d] = hashSeed(seedParts);
    // Discard the first outputs: they still show the structure of the seed.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** 32 random bits as an unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  real(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /**
   * The index of an item drawn with the weights whose running totals are `cumulative`
   * (non-decreasing, last = total): a binary search, so drawing one commune among 35,000
   * by population costs 16 comparisons.
   */
  weightedPick(cumulative: ArrayLike<number>): number {
    const total = cumulative[cumulative.length - 1]!;
    const target = this.next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  /** An item drawn from a weighted table built by `weightedTable`. */
  draw<T>(table: WeightedTable<T>): T {
    return table.items[this.weightedPick(table.cumulative)]!;
  }

  /** Normally distributed (Box–Muller), for lab values and the like. */
  normal(mean: number, standardDeviation: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + standardDeviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * An RFC 4122 version-4-shaped UUID made of this stream's bits: deterministic, unique in
   * practice (122 random bits). After `mintIdsInOrder`, version 7 instead: the stream's
   * time, then 74 random bits.
   */
  uuid(): string {
    const w0 = this.uint32();
    const w1 = this.uint32();
    const w2 = (this.uint32() & 0x3fffffff) | 0x80000000;
    const w3 = this.uint32();
    const [head, middle] =
      this.idTime === undefined
        ? [w0, (w1 & 0xffff0fff) | 0x00004000]
        : [Math.floor(this.idTime / 0x10000), ((this.idTime % 0x10000) * 0x10000 + (w1 & 0x0fff)) | 0x7000];
    const h1 = hex8(middle >>> 0);
    const h2 = hex8(w2);
    return hex8(head) + '-' + h1.slice(0, 4) + '-' + h1.slice(4) + '-' + h2.slice(0, 4) + '-' + h2.slice(4) + hex8(w3);
  }

  /**
   * Every id this stream mints from now on is a UUIDv7 of `time` (epoch milliseconds): a
   * patient's ids then sort after those of the patients generated before, as ids minted
   * over time do, and a bulk load appends to the indexes on them instead of writing all
   * over them (at a million patients, random ids made PostgreSQL write each touched index
   * page whole to its log after every checkpoint: 40 GB of log for 10 GB of data).
   */
  mintIdsInOrder(time: number): this {
    if (!Number.isSafeInteger(time) || time < 0 || time >= 2 ** 48) throw new RangeError(`an id's time is 48 bits, not ${time}`);
    this.idTime = time;
    return this;
  }

  /** A time (epoch milliseconds, whole minutes) in [start, end). */
  dateBetween(startMs: number, endMs: number): number {
    const minutes = Math.max(1, Math.floor((endMs - startMs) / 60_000));
    return startMs + Math.floor(this.next() * minutes) * 60_000;
  }

  /** `length` random decimal digits. */
  digits(length: number): string {
    let text = '';
    for (let i = 0; i < length; i++) text += String(Math.floor(this.next() * 10));
    return text;
  }

  /** `count` distinct items (or all of them if fewer), in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = items.slice();
    const taken = Math.min(count, pool.length);
    for (let i = 0; i < taken; i++) {
      const j = i + Math.floor(this.next() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    return pool.slice(0, taken);
  }
}

/** Items with their running weight totals, ready for `SeededRandom.draw`. */
export interface WeightedTable<T> {
  items: readonly T[];
  cumulative: Float64Array;
}

export function weightedTable<T>(items: readonly T[], weightOf: (item: T) => number): WeightedTable<T> {
  const cumulative = new Float64Array(items.length);
  let total = 0;
  items.forEach((item, index) => {
    total += Math.max(0, weightOf(item));
    cumulative[index] = total;
  });
  if (items.length > 0 && total <= 0) throw new RangeError('a weighted table needs a positive total weight');
  return { items, cumulative };
}

/** A weighted table from [item, weight] pairs. */
export function tableOf<T>(pairs: ReadonlyArray<readonly [T, number]>): WeightedTable<T> {
  const table = weightedTable(pairs, ([, weight]) => weight);
  return { items: pairs.map(([item]) => item), cumulative: table.cumulative };
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
function hex8(word: number): string {
  return HEX[(word >>> 24) & 0xff]! + HEX[(word >>> 16) & 0xff]! + HEX[(word >>> 8) & 0xff]! + HEX[word & 0xff]!;
}

/**
 * Four 32-bit words from the seed parts (a cyrb128-style mix): numbers contribute their
 * low and high 32 bits, strings their UTF-16 code units, each part closed by a separator
 * so that (1, 23) and (12, 3) differ.
 */
export function hashSeed(parts: ReadonlyArray<number | string>): [number, number, number, number] {
  const words: number[] = [];
  for (const part of parts) {
    if (typeof part === 'number') {
      if (!Number.isFinite(part)) throw new RangeError(`seed parts must be finite numbers, not ${part}`);
      const whole = Math.trunc(part);
      words.push(whole >>> 0, Math.floor(whole / 4294967296) >>> 0, Math.round((part - whole) * 1e9) >>> 0);
    } else {
      for (let i = 0; i < part.length; i++) words.push(part.charCodeAt(i));
    }
    words.push(0x9e3779b9);
  }
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (const k of words) {
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
