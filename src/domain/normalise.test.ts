import { describe, expect, it } from 'vitest';
import { normaliseEmail, normaliseName, normaliseNir, normalisePhone, normalisePostalCode } from './normalise.ts';

describe('normaliseName', () => {
  it.each([
    ["d'Artagnan-Lefèvre", 'DARTAGNANLEFEVRE'],
    ['Lefèvre', 'LEFEVRE'],
    ['LEFEVRE', 'LEFEVRE'],
    ['le fèvre', 'LEFEVRE'],
    ['Cœur', 'COEUR'],
    ['Lætitia', 'LAETITIA'],
    ['Strauß', 'STRAUSS'],
    ['Çağlar Øster Łukasz', 'CAGLAROSTERLUKASZ'],
    ['Noël Hélène Françoise Ñúñez', 'NOELHELENEFRANCOISENUNEZ'],
    ['D’Arc', 'DARC'],
    ['  ', ''],
    ['Jean-Pierre 2', 'JEANPIERRE'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseName(input)).toBe(expected);
  });

  it('gives the same form for decomposed and composed accents', () => {
    expect(normaliseName('Le\u0301a')).toBe(normaliseName('Léa'));
  });
});

describe('normalisePhone', () => {
  it.each([
    ['06 12 34 56 78', '+33612345678'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['0033612345678', '+33612345678'],
    ['0033 6 12 34 56 78', '+33612345678'],
    ['06.12.34.56.78', '+33612345678'],
    ['06-12-34-56-78', '+33612345678'],
    ['+33 (0)6 12 34 56 78', '+33612345678'],
    ['+33 06 12 34 56 78', '+33612345678'],
    ['01 23 45 67 89', '+33123456789'],
    ['0692 12 34 56', '+262692123456'],
    ['+262 692 12 34 56', '+262692123456'],
    ['0590 12 34 56', '+590590123456'],
    ['+44 20 7946 0958', '+442079460958'],
    ['15', '15'],
  ])('%s → %s', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });
});

describe('the other normal forms', () => {
  it('lowercases and trims emails', () => {
    expect(normaliseEmail('  Camille.Lefevre@Example.ORG ')).toBe('camille.lefevre@example.org');
  });

  it('removes spaces from postal codes', () => {
    expect(normalisePostalCode(' 13 005 ')).toBe('13005');
  });

  it('removes spaces from NIRs and uppercases Corsica', () => {
    expect(normaliseNir('1 50 08 2b 051 040 34')).toBe('150082B05104034');
  });
});
