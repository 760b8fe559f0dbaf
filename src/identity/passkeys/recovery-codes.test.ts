import { describe, expect, it } from 'vitest';
import { newRecoveryCode, normaliseRecoveryCode } from './recovery-codes.ts';

describe('recovery codes', () => {
  it('carry 128 random bits in four groups of eight hexadecimal digits', () => {
    const codes = Array.from({ length: 200 }, newRecoveryCode);
    for (const code of codes) expect(code).toMatch(/^[0-9a-f]{8}(-[0-9a-f]{8}){3}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('are read however they are typed, and nothing else passes for one', () => {
    const code = '0123abcd-4567ef01-89abcdef-01234567';
    const plain = code.replaceAll('-', '');
    expect(normaliseRecoveryCode(code)).toBe(plain);
    expect(normaliseRecoveryCode(' 0123ABCD 4567EF01 89ABCDEF 01234567 ')).toBe(plain);
    for (const typed of ['', '0123abcd', `${plain}0`, plain.replace('a', 'g'), `${plain.slice(0, 31)}!`]) expect(normaliseRecoveryCode(typed)).toBeUndefined();
  });
});
