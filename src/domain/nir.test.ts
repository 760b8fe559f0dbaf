import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkNir, makeNir, nirKey, type NirInput } from './nir.ts';

describe('nirKey', () => {
  it('is 97 − (n mod 97), two digits', () => {
    // Worked example published by mathweb.fr: 1891275125012 mod 97 = 15 → key 82.
    expect(nirKey('1891275125012')).toBe('82');
    expect(nirKey('2920213055042')).toBe('74');
  });

  it('pads keys under 10 with a zero', () => {
    const first13 = Array.from({ length: 1000 }, (_, i) => `1850175${String(i).padStart(3, '0')}001`).find((n) => Number(nirKey(n)) < 10)!;
    expect(nirKey(first13)).toMatch(/^0\d$/);
  });

  it('reads Corsica 2A as 19 and 2B as 18', () => {
    expect(nirKey('150082B051040')).toBe(nirKey('1500818051040'));
    expect(nirKey('150082A051040')).toBe(nirKey('1500819051040'));
    // A real-format Haute-Corse NIR reported valid by public calculators (IsoCodes issue #146).
    expect(nirKey('150082B051040')).toBe('34');
  });

  it('refuses what is not 13 NIR characters', () => {
    expect(() => nirKey('123')).toThrow(RangeError);
    expect(() => nirKey('1500820B51040')).toThrow(RangeError);
  });
});

describe('checkNir', () => {
  it('accepts a valid NIR and splits it', () => {
    expect(checkNir('292021305504274')).toEqual({
      ok: true,
      nir: '292021305504274',
      parts: { sex: 2, year: '92', month: '02', department: '13', commune: '055', order: '042', key: '74' },
    });
  });

  it('strips spaces and accepts lowercase Corsican letters', () => {
    const result = checkNir(' 1 50 08 2b 051 040 34 ');
    expect(result.ok && result.parts).toMatchObject({ department: '2B', commune: '051' });
  });

  it('reads overseas NIRs as a 3-digit department and a 2-digit commune', () => {
    const nir = makeNir({ sex: 1, birthYear: 1980, birthMonth: 7, department: '974', commune: '11', order: 5 });
    const result = checkNir(nir);
    expect(result.ok && result.parts).toMatchObject({ department: '974', commune: '11', order: '005' });
  });

  it('reads people born abroad as department 99 and a country code', () => {
    const nir = makeNir({ sex: 2, birthYear: 1975, birthMonth: 3, department: '99', commune: '134', order: 12 });
    expect(checkNir(nir)).toMatchObject({ ok: true, parts: { department: '99', commune: '134' } });
  });

  it.each([
    ['29202130550427', /wrong length/],
    ['2920213055042745', /wrong length/],
    ['29202130550427X', /bad characters/],
    ['292022C05504274', /bad characters/],
    ['392021305504274', /bad sex digit/],
    ['292131305504274', /bad month/],
    ['292001305504274', /bad month/],
    ['292441305504274', /bad month/],
    ['292020005504274', /bad department/],
    ['292021305500074', /bad order/],
    ['292021305504275', /bad key/],
  ])('refuses %s', (nir, reason) => {
    const result = checkNir(nir);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });

  it('accepts the special months 20–42 and 50–99', () => {
    for (const month of [20, 30, 42, 50, 99]) {
      expect(checkNir(makeNir({ sex: 1, birthYear: 1960, birthMonth: month, department: '75', commune: '056', order: 1 })).ok).toBe(true);
    }
  });
});

describe('makeNir', () => {
  it('builds the NIR of the worked example', () => {
    expect(makeNir({ sex: 2, birthYear: 1992, birthMonth: 2, department: '13', commune: '055', order: 42 })).toBe('292021305504274');
  });

  it('keeps 2A/2B in the value and keys it as 19/18', () => {
    const nir = makeNir({ sex: 1, birthYear: 1950, birthMonth: 8, department: '2B', commune: 51, order: 40 });
    expect(nir).toBe('150082B05104034');
  });

  it.each<[Partial<NirInput>, RegExp]>([
    [{ sex: 3 as 1 }, /sex/],
    [{ birthMonth: 13 }, /month/],
    [{ department: '96' }, /department/],
    [{ department: '977' }, /department/],
    [{ commune: '1234' }, /commune/],
    [{ department: '971', commune: '123' }, /commune/],
    [{ order: 0 }, /order/],
    [{ order: 1000 }, /order/],
  ])('refuses %o', (change, message) => {
    const input: NirInput = { sex: 1, birthYear: 1990, birthMonth: 1, department: '75', commune: '056', order: 1, ...change };
    expect(() => makeNir(input)).toThrow(message);
  });
});

const department = fc.oneof(
  fc
    .integer({ min: 1, max: 95 })
    .filter((d) => d !== 20)
    .map((d) => ({ department: String(d).padStart(2, '0'), communeDigits: 3 })),
  fc.constantFrom('2A', '2B', '99').map((d) => ({ department: d, communeDigits: 3 })),
  fc.integer({ min: 971, max: 976 }).map((d) => ({ department: String(d), communeDigits: 2 })),
);
const nirInput = fc.record({
  sex: fc.constantFrom<1 | 2>(1, 2),
  birthYear: fc.integer({ min: 1900, max: 2025 }),
  birthMonth: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 20, max: 42 }), fc.integer({ min: 50, max: 99 })),
  place: department,
  commune: fc.integer({ min: 1, max: 99 }),
  order: fc.integer({ min: 1, max: 999 }),
});
type GeneratedInput = typeof nirInput extends fc.Arbitrary<infer T> ? T : never;
const nirOf = ({ place, ...rest }: GeneratedInput) => makeNir({ ...rest, department: place.department, commune: rest.commune });

describe('NIR properties', () => {
  it('every NIR makeNir builds passes checkNir with the same parts', () => {
    fc.assert(
      fc.property(nirInput, (input) => {
        const result = checkNir(nirOf(input));
        expect(result.ok).toBe(true);
        if (result.ok) {
          expect(result.parts.sex).toBe(input.sex);
          expect(result.parts.department).toBe(input.place.department);
          expect(Number(result.parts.month)).toBe(input.birthMonth);
        }
      }),
    );
  });

  it('any change of one digit is caught', () => {
    fc.assert(
      fc.property(nirInput, fc.nat(14), fc.integer({ min: 1, max: 9 }), (input, position, delta) => {
        const nir = nirOf(input);
        const character = nir[position]!;
        fc.pre(/\d/.test(character));
        const changed = nir.slice(0, position) + String((Number(character) + delta) % 10) + nir.slice(position + 1);
        expect(checkNir(changed).ok).toBe(false);
      }),
    );
  });
});
