import { describe, expect, it } from 'vitest';
import { readLeakedSample } from './leaked-rows.ts';

describe('a leaked sample', () => {
  it('is read from a French CSV dump, columns found by their headers in any order', () => {
    const rows = readLeakedSample(
      'Prénom;NOM;Date de naissance;Tél;Code postal;Courriel;N° Sécu\n' +
        'Hélène;Dupont;04/05/1963;06 12 34 56 78;13005;Helene.Dupont@Example.fr;2 63 05 13 055 042 74\n' +
        ';;;;;;\n' +
        '"Jean-Pierre";"Le Goff";1980-11-02;;29200;;\n',
    );
    expect(rows).toEqual([
      {
        line: 2,
        names: ['Hélène', 'Dupont'],
        birthDate: '1963-05-04',
        phone: '+33612345678',
        postalCode: '13005',
        email: 'helene.dupont@example.fr',
        nir: '263051305504274',
      },
      { line: 4, names: ['Jean-Pierre', 'Le', 'Goff'], birthDate: '1980-11-02', postalCode: '29200' },
    ]);
  });

  it('is read from JSON, NDJSON and FHIR Patients', () => {
    expect(readLeakedSample('[{"lastname":"Martin","firstname":"Paul","dob":"1950-01-31","zip":"75011"}]')).toEqual([
      { line: 1, names: ['Martin', 'Paul'], birthDate: '1950-01-31', postalCode: '75011' },
    ]);
    const patient = {
      resourceType: 'Patient',
      name: [{ family: 'Roux', given: ['Francine'] }],
      birthDate: '1971-03-09',
      telecom: [{ system: 'email', value: 'f.roux@example.fr' }],
    };
    expect(readLeakedSample(`${JSON.stringify(patient)}\n${JSON.stringify({ nom: 'Petit', prenom: 'Léa' })}\n`)).toEqual([
      { line: 1, names: ['Roux', 'Francine'], birthDate: '1971-03-09', email: 'f.roux@example.fr' },
      { line: 2, names: ['Petit', 'Léa'] },
    ]);
  });

  it('is read from text pasted on a forum, each value known by its shape', () => {
    const rows = readLeakedSample(
      'DUPONT Hélène née le 04/05/1963 - 13005 Marseille - tel 0612345678 - helene@example.fr - secu 263051305504274\n\nmartin paul 1950-01-31\n',
    );
    expect(rows[0]).toEqual({
      line: 1,
      names: ['DUPONT', 'Hélène', 'née', 'le', 'Marseille', 'tel', 'secu'],
      birthDate: '1963-05-04',
      postalCode: '13005',
      phone: '+33612345678',
      email: 'helene@example.fr',
      nir: '263051305504274',
    });
    expect(rows[1]).toEqual({ line: 3, names: ['martin', 'paul'], birthDate: '1950-01-31' });
  });
});
