import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRpps, idNatPs, makeRpps, rppsOfIdNatPs } from './rpps.ts';

describe('RPPS', () => {
  it('appends the Luhn key of the 10-digit serial', () => {
    expect(makeRpps('1000000001')).toBe('10000000017');
    expect(makeRpps(1)).toBe('00000000018');
    expect(checkRpps('10000000017')).toEqual({ ok: true, rpps: '10000000017' });
  });

  it.each([
    ['1000000001', /wrong length/],
    ['100000000179', /wrong length/],
    ['1000000001A', /bad characters/],
    ['10000000018', /bad key/],
  ])('refuses %s', (value, reason) => {
    const result = checkRpps(value);
    expect(!result.ok && result.reason).toMatch(reason);
  });

  it('maps to and from the IdNat_PS ("8" + RPPS)', () => {
    expect(idNatPs('10000000017')).toBe('810000000017');
    expect(rppsOfIdNatPs('810000000017')).toBe('10000000017');
    expect(rppsOfIdNatPs('810000000016')).toBeUndefined();
    expect(rppsOfIdNatPs('010000000017')).toBeUndefined();
  });

  it('refuses a serial longer than 10 digits', () => {
    expect(() => makeRpps('12345678901')).toThrow(RangeError);
  });

  it('every number makeRpps builds passes, and any one-digit change fails', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999_999 }), fc.nat(10), fc.integer({ min: 1, max: 9 }), (serial, position, delta) => {
        const rpps = makeRpps(serial);
        expect(checkRpps(rpps).ok).toBe(true);
        const changed = rpps.slice(0, position) + String((Number(rpps[position]) + delta) % 10) + rpps.slice(position + 1);
        expect(checkRpps(changed).ok).toBe(false);
      }),
    );
  });
});
