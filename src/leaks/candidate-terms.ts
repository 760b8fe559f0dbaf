import { birthDateTerms, blindTerm } from '../crypto/blind-index.ts';
import type { LeakedRow } from './leaked-rows.ts';
import { nameWords } from './similarity.ts';

/**
 * Where to look for the patient a leaked row may be: sets of blind-index terms, each an
 * exact lookup a typo elsewhere in the row does not spoil — the NIR, the phone, the
 * e-mail, the birth date with the postal code, or the first three letters of a name with
 * the birth year. The candidates are the patients that hold every term of any set; the
 * row is then weighed against each (match-score.ts).
 */
export function candidateTermSets(indexKey: Uint8Array, row: LeakedRow): bigint[][] {
  const sets: bigint[][] = [];
  if (row.nir) sets.push([blindTerm(indexKey, 'nir', row.nir)]);
  if (row.phone) sets.push([blindTerm(indexKey, 'phone', row.phone)]);
  if (row.email) sets.push([blindTerm(indexKey, 'email', row.email)]);
  const birth = row.birthDate ? birthDateTerms(indexKey, row.birthDate) : [];
  if (birth.length === 3 && row.postalCode) sets.push([birth[2]!, blindTerm(indexKey, 'postal', row.postalCode)]);
  if (birth.length > 0) {
    // The year, not the day: a mistyped day or month still finds the patient by name.
    for (const word of new Set(row.names.flatMap(nameWords).filter((word) => word.length >= 3))) {
      for (const kind of ['family', 'given'] as const) sets.push([blindTerm(indexKey, kind, word.slice(0, 3)), birth[0]!]);
    }
  }
  return sets;
}
