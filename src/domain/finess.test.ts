import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFiness, finessKey, makeFiness } from './finess.ts';
import { luhnCheckDigit, passesLuhn } from './luhn.ts';

describe('Luhn', () => {
  it('gives the textbook check digits', () => {
    // Wikipedia's example 7992739871 → 3; the SIRET of the La Poste head office passes.
    expect(luhnCheckDigit('7992739871')).toBe(3);
    expect(passesLuhn('79927398713')).toBe(true);
    expect(passesLuhn('35600000000048')).toBe(true);
    expect(passesLuhn('79927398710')).toBe(false);
  });

  it('refuses what is not digits', () => {
    expect(() => luhnCheckDigit('12a')).toThrow(RangeError);
    expect(passesLuhn('1')).toBe(false);
    expect(passesLuhn('12 3')).toBe(false);
  });
});

describe('FINESS', () => {
  it('keys the first 8 characters with Luhn', () => {
    expect(finessKey('13078901')).toBe(String(luhnCheckDigit('13078901')));
    expect(makeFiness('13', 78901)).toBe(`13078901${finessKey('13078901')}`);
  });

  it('reads Corsican A and B as 0 for the key', () => {
    expect(finessKey('2A000001')).toBe(finessKey('20000001'));
    expect(finessKey('2B000001')).toBe(finessKey('20000001'));
  });

  it('checks and splits valid numbers, spaces allowed', () => {
    const finess = makeFiness('75', 12345);
    expect(checkFiness(`${finess.slice(0, 2)} ${finess.slice(2, 5)} ${finess.slice(5)}`)).toEqual({
      ok: true,
      finess,
      parts: { department: '75', serial: '012345', key: finess.slice(8) },
    });
    expect(checkFiness(makeFiness('2A', 4))).toMatchObject({ ok: true, parts: { department: '2A', serial: '000004' } });
    expect(checkFiness(makeFiness('974', 123))).toMatchObject({ ok: true, parts: { department: '974', serial: '00123' } });
  });

  it.each([
    ['13078901', /wrong length/],
    ['1307890123', /wrong length/],
    ['2C0000010', /bad characters/],
    ['13O789012', /bad characters/],
    ['000000000', /bad department/],
  ])('refuses %s', (value, reason) => {
    const result = checkFiness(value);
    expect(!result.ok && result.reason).toMatch(reason);
  });

  it('refuses a wrong key', () => {
    const finess = makeFiness('69', 1);
    const wrong = finess.slice(0, 8) + String((Number(finess[8]) + 1) % 10);
    expect(checkFiness(wrong)).toEqual({ ok: false, reason: expect.stringMatching(/bad key/) });
  });

  it('refuses impossible inputs to makeFiness', () => {
    expect(() => makeFiness('00', 1)).toThrow(RangeError);
    expect(() => makeFiness('96', 1)).toThrow(RangeError);
    expect(() => makeFiness('13', 1234567)).toThrow(RangeError);
    expect(() => makeFiness('971', 123456)).toThrow(RangeError);
  });

  const department = fc.oneof(
    fc.integer({ min: 1, max: 95 }).map((d) => String(d).padStart(2, '0')),
    fc.constantFrom('2A', '2B'),
    fc.integer({ min: 971, max: 976 }).map(String),
  );

  it('every number makeFiness builds passes, and any one-digit change fails', () => {
    fc.assert(
      fc.property(department, fc.integer({ min: 0, max: 99999 }), fc.nat(8), fc.integer({ min: 1, max: 9 }), (dept, serial, position, delta) => {
        const finess = makeFiness(dept, serial);
        expect(checkFiness(finess).ok).toBe(true);
        fc.pre(/\d/.test(finess[position]!));
        const changed = finess.slice(0, position) + String((Number(finess[position]) + delta) % 10) + finess.slice(position + 1);
        expect(checkFiness(changed).ok).toBe(false);
      }),
    );
  });
});
