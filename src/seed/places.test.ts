import { describe, expect, it } from 'vitest';
import { birthRegistrationPlace, departmentNamed, drawCommune, landlineZone, nirPlaceOf, places } from './places.ts';
import { SeededRandom } from './random.ts';

describe('places', () => {
  const all = places();
  const byInsee = new Map(all.communes.map((commune) => [commune.insee, commune]));

  it('keeps current communes with a population and a postal code, in departments a NIR can name', () => {
    expect(all.communes.length).toBeGreaterThan(34_000);
    for (const commune of all.communes) {
      expect(commune.population).toBeGreaterThan(0);
      expect(commune.postalCodes).toContain(commune.postalCode);
      expect(commune.department).toMatch(/^(?:0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])$/);
      expect(commune.insee.startsWith(commune.department)).toBe(true);
    }
    // Paris is one commune; its arrondissements are kept apart for births.
    expect(byInsee.get('75056')?.postalCodes.length).toBeGreaterThan(15);
    expect(byInsee.has('75112')).toBe(false);
  });

  it('splits INSEE codes into NIR department and commune: Corsica 2A/2B, overseas on three digits', () => {
    expect(nirPlaceOf(byInsee.get('2A004')!)).toEqual({ department: '2A', commune: '004' });
    expect(nirPlaceOf(byInsee.get('2B033')!)).toEqual({ department: '2B', commune: '033' });
    expect(nirPlaceOf(byInsee.get('97411')!)).toEqual({ department: '974', commune: '11' });
    expect(nirPlaceOf(byInsee.get('33063')!)).toEqual({ department: '33', commune: '063' });
  });

  it('draws communes by population, nationally and within a department', () => {
    const random = new SeededRandom(9);
    let paris = 0;
    for (let i = 0; i < 20_000; i++) if (drawCommune(random).insee === '75056') paris++;
    // Paris holds about 3 % of the population.
    expect(paris / 20_000).toBeGreaterThan(0.02);
    expect(paris / 20_000).toBeLessThan(0.045);
    for (let i = 0; i < 200; i++) expect(drawCommune(random, '2B').department).toBe('2B');
    expect(() => drawCommune(random, '20')).toThrow(RangeError);
  });

  it('registers births in Paris, Lyon and Marseille by arrondissement', () => {
    const random = new SeededRandom(10);
    const paris = byInsee.get('75056')!;
    for (let i = 0; i < 50; i++) expect(birthRegistrationPlace(random, paris).insee).toMatch(/^751(?:0[1-9]|1\d|20)$/);
    const bordeaux = byInsee.get('33063')!;
    expect(birthRegistrationPlace(random, bordeaux)).toBe(bordeaux);
  });

  it('names departments and their insurers the French way', () => {
    expect(departmentNamed('13').ofName).toBe('des Bouches-du-Rhône');
    expect(departmentNamed('01').ofName).toBe("de l'Ain");
    expect(departmentNamed('69').ofName).toBe('du Rhône');
    expect(departmentNamed('33').ofName).toBe('de la Gironde');
    expect(departmentNamed('75').ofName).toBe('de Paris');
  });

  it('gives landline zones 01–05 by region', () => {
    expect(landlineZone('75')).toBe('1');
    expect(landlineZone('35')).toBe('2');
    expect(landlineZone('67')).toBe('3');
    expect(landlineZone('13')).toBe('4');
    expect(landlineZone('33')).toBe('5');
    expect(landlineZone('31')).toBe('5');
    expect(landlineZone('34')).toBe('4');
    expect(() => landlineZone('974')).toThrow(RangeError);
  });
});
