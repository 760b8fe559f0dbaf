import { describe, expect, it } from 'vitest';
import { patientExample } from '../domain/examples.ts';
import { readLeakedSample } from './leaked-rows.ts';
import { MATCH_AT, matchScore } from './match-score.ts';

const patient = patientExample();
const name = patient.name![0]!;
const row = (text: string) => readLeakedSample(text)[0]!;

describe('a leaked row against a patient', () => {
  it('matches on names and birth date, typos and order forgiven', () => {
    const exact = matchScore(row(`${name.family} ${name.given![0]} ${patient.birthDate}`), patient);
    expect(exact.score).toBeGreaterThanOrEqual(MATCH_AT);
    expect(exact.agreed).toEqual(['names', 'birth date']);
    const typo = `${name.given![0]} ${name.family!.slice(0, -1)}x ${patient.birthDate!.slice(0, 8)}${patient.birthDate!.slice(8, 9) === '1' ? '2' : '1'}${patient.birthDate!.slice(9)}`;
    expect(matchScore(row(typo), patient).score).toBeGreaterThanOrEqual(MATCH_AT);
  });

  it('does not take a namesake born another year, nor a row with only a postal code', () => {
    const other = matchScore(row(`${name.family} ${name.given![0]} 1901-01-01`), patient);
    expect(other.score).toBeLessThan(MATCH_AT);
    expect(matchScore(row(`${patient.address![0]!.postalCode}`), patient).score).toBeLessThan(MATCH_AT);
  });

  it('takes a NIR alone, and a NIR that disagrees counts against', () => {
    const nir = patient.identifier!.find((id) => id.system === 'urn:oid:1.2.250.1.213.1.4.8')!.value!;
    expect(matchScore(row(`secu ${nir}`), patient).score).toBeGreaterThanOrEqual(MATCH_AT);
    const wrong = matchScore(row(`${name.family} ${name.given![0]} ${patient.birthDate} 1 99 12 75 123 456 78`), patient);
    expect(wrong.score).toBeLessThan(matchScore(row(`${name.family} ${name.given![0]} ${patient.birthDate}`), patient).score);
  });
});
