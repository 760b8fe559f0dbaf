import { describe, expect, it } from 'vitest';
import { checkNewPassword, foldPassword } from './password-policy.ts';

const as = (username: string, words?: string[]) => ({ username, words });

describe('new password policy (NIST SP 800-63B)', () => {
  it('accepts long passphrases and random strings, with no composition rule', () => {
    expect(checkNewPassword('fixture password 2026', as('doctor.test'))).toEqual([]);
    expect(checkNewPassword('le chat dort sur la table verte', as('marie.durand'))).toEqual([]);
    expect(checkNewPassword('tqmxvbrlzkwp', as('marie.durand'))).toEqual([]);
    expect(checkNewPassword('839201746352', as('marie.durand'))).toEqual([]);
  });

  it('refuses fewer than 12 characters and more than 256', () => {
    expect(checkNewPassword('Xk9#mQ2$vL9', as('a'))).toEqual(['too-short']);
    expect(checkNewPassword('x'.repeat(257), as('a'))).toEqual(['too-long']);
    // Characters, not UTF-16 units: twelve accented or astral characters are twelve.
    expect(checkNewPassword('éàèùçôîâêûëï', as('a'))).not.toContain('too-short');
  });

  it.each([
    'azertyuiop12',
    'Motdepasse2026',
    'mot de passe 2026',
    'Soleil2026!!!',
    'doudou123456',
    'S0l3il!19850',
    'p@ssw0rd1234',
    'Nicolas1985!!',
    '1qaz2wsx3edc',
    'qsdfghjklm!!',
    'iloveyou2024',
    'Clinique du Parc',
  ])('refuses %s: a common, leaked or barely modified password', (password) => {
    expect(checkNewPassword(password, as('marie.durand'))).toContain('common');
  });

  it.each(['aaaaaaaaaaaa', 'azertyazerty', '123456789012', 'abcdefghijklmn', '987654321098', 'abababab1212'])(
    'refuses %s: repeated or in sequence',
    (password) => expect(checkNewPassword(password, as('marie.durand'))).toContain('repetitive'),
  );

  it("refuses the account's name, the service's and given context words", () => {
    expect(checkNewPassword('marie.durand-secret-mot', as('marie.durand'))).toEqual(['context']);
    expect(checkNewPassword('tqmx durand vbrl', as('marie.durand'))).toEqual(['context']);
    expect(checkNewPassword('tqmxV1G1Evbrl', as('marie.durand'))).toEqual(['context']);
    expect(checkNewPassword('tqmx bellevue vbrl', as('marie.durand', ['Clinique Bellevue']))).toEqual([]);
    expect(checkNewPassword('tqmx bellevue vbrl', as('marie.durand', ['Bellevue']))).toEqual(['context']);
  });

  it('compares folded forms: case, accents and separators do not matter', () => {
    expect(foldPassword('Mot-de Passe_É')).toBe('motdepassee');
  });
});
