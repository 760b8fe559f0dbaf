import { describe, expect, it } from 'vitest';
import { SeededRandom, hashSeed, tableOf, weightedTable } from './random.ts';

describe('SeededRandom', () => {
  it('gives the same sequence for the same seed parts, another for others', () => {
    const sequence = (...parts: Array<number | string>) => {
      const random = new SeededRandom(...parts);
      return Array.from({ length: 20 }, () => random.uint32());
    };
    expect(sequence(7, 'patient', 12)).toEqual(sequence(7, 'patient', 12));
    expect(sequence(7, 'patient', 12)).not.toEqual(sequence(7, 'patient', 13));
    expect(sequence(7, 'patient', 12)).not.toEqual(sequence(8, 'patient', 12));
    // Parts are separated: (1, 23) is not (12, 3).
    expect(hashSeed([1, 23])).not.toEqual(hashSeed([12, 3]));
    expect(hashSeed(['ab', 'c'])).not.toEqual(hashSeed(['a', 'bc']));
  });

  it('draws integers in [min, max], every value reachable', () => {
    const random = new SeededRandom(1);
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      const value = random.int(3, 9);
      expect(value).toBeGreaterThanOrEqual(3);
      expect(value).toBeLessThanOrEqual(9);
      seen.add(value);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7, 8, 9]);
  });

  it('draws by weight with a binary search, never a zero-weight item', () => {
    const random = new SeededRandom(2);
    const table = weightedTable(['rare', 'never', 'common'], (item) => ({ rare: 1, never: 0, common: 9 })[item]!);
    const counts: Record<string, number> = { rare: 0, never: 0, common: 0 };
    for (let i = 0; i < 50_000; i++) counts[random.draw(table)]!++;
    expect(counts.never).toBe(0);
    expect(counts.common! / counts.rare!).toBeGreaterThan(8);
    expect(counts.common! / counts.rare!).toBeLessThan(10);
    expect(
      tableOf([
        ['a', 1],
        ['b', 3],
      ] as const).cumulative,
    ).toEqual(new Float64Array([1, 4]));
  });

  it('makes RFC 4122 version-4-shaped UUIDs, unique', () => {
    const random = new SeededRandom(3);
    const ids = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      const id = random.uuid();
      ids.add(id);
      if (i < 1000) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(ids.size).toBe(100_000);
  });

  it("mints version-7 UUIDs in the order of their streams' times, the rest of the stream unchanged", () => {
    const time = Date.UTC(2016, 0, 1);
    const ids = [2, 0, 1].flatMap((n) => {
      const random = new SeededRandom(3, n).mintIdsInOrder(time + n);
      return [random.uuid(), random.uuid()];
    });
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The head is the time: stream 0's ids sort before stream 1's, before stream 2's.
    expect(ids.slice(2, 4).every((id) => id < ids[4]! && id < ids[5]!)).toBe(true);
    expect(ids.slice(4).every((id) => id < ids[0]! && id < ids[1]!)).toBe(true);
    expect(parseInt(ids[2]!.replaceAll('-', '').slice(0, 12), 16)).toBe(time);
    // The same words are drawn either way: what follows an id is the same data.
    const plain = new SeededRandom(3, 0);
    const ordered = new SeededRandom(3, 0).mintIdsInOrder(time);
    expect(ordered.uuid().slice(-12)).toBe(plain.uuid().slice(-12));
    expect(ordered.uint32()).toBe(plain.uint32());
    expect(() => new SeededRandom(1).mintIdsInOrder(2 ** 48)).toThrow(RangeError);
  });

  it('draws dates between two bounds, to the minute', () => {
    const random = new SeededRandom(4);
    const start = Date.UTC(2020, 0, 1);
    const end = Date.UTC(2020, 0, 2);
    for (let i = 0; i < 1000; i++) {
      const at = random.dateBetween(start, end);
      expect(at).toBeGreaterThanOrEqual(start);
      expect(at).toBeLessThan(end);
      expect(at % 60_000).toBe(0);
    }
  });

  it('samples distinct items and picks from lists', () => {
    const random = new SeededRandom(5);
    const sample = random.sample([1, 2, 3, 4, 5, 6], 4);
    expect(new Set(sample).size).toBe(4);
    expect(() => random.pick([])).toThrow(RangeError);
    expect(random.digits(12)).toMatch(/^\d{12}$/);
  });
});
