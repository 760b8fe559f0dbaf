import { describe, expect, it } from 'vitest';
import { dateSimilarity, digitsSimilarity, jaroWinkler, nameSimilarity, nameWords } from './similarity.ts';

describe('similarity', () => {
  it('is Jaro-Winkler as published (MARTHA/MARHTA 0.961, DWAYNE/DUANE 0.84, DIXON/DICKSONX 0.813)', () => {
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('ABC', 'XYZ')).toBe(0);
    expect(jaroWinkler('', '')).toBe(0);
  });

  it('reads names without accents, case or order', () => {
    expect(nameWords('Jean-Pierre  LE GOFF')).toEqual(['JEAN', 'PIERRE', 'LE', 'GOFF']);
    expect(nameSimilarity(nameWords('DUPONT Hélène'), nameWords('Helene Dupont'))).toBe(1);
    expect(nameSimilarity(nameWords('Lefebvre Camille'), nameWords('Camille Lefèvre'))).toBeGreaterThan(0.9);
    expect(nameSimilarity(nameWords('Martin Paul'), nameWords('Bernard Louise'))).toBeLessThan(0.6);
    expect(nameSimilarity([], nameWords('Paul'))).toBe(0);
    // A usage name, a second given name, words around the name: none of them counts against.
    expect(nameSimilarity(nameWords('DUVAL Mégane née le'), nameWords('Mégane Duval Bourgeois'))).toBe(1);
    expect(nameSimilarity(nameWords('Duval'), nameWords('Mégane Duval'))).toBe(1);
  });

  it('forgives the typist of a date or a number, and nothing more', () => {
    expect(dateSimilarity('1963-05-04', '1963-05-04')).toBe(1);
    expect(dateSimilarity('1963-04-05', '1963-05-04')).toBe(0.9);
    expect(dateSimilarity('1963-05-14', '1963-05-04')).toBe(0.8);
    expect(dateSimilarity('1963-05-21', '1963-05-04')).toBe(0.5);
    expect(dateSimilarity('1971-01-01', '1963-05-04')).toBe(0);
    expect(digitsSimilarity('0612345678', '0612345678')).toBe(1);
    expect(digitsSimilarity('0612345679', '0612345678')).toBe(0.85);
    expect(digitsSimilarity('0612345687', '0612345678')).toBe(0.85);
    expect(digitsSimilarity('0698765432', '0612345678')).toBe(0);
  });
});
