import { normaliseEmail, normaliseNir, normalisePhone, normalisePostalCode } from '../domain/normalise.ts';
import { INS_NIR_SYSTEM } from '../domain/systems.ts';
import type { LeakedRow } from './leaked-rows.ts';
import { dateSimilarity, digitsSimilarity, nameSimilarity, nameWords } from './similarity.ts';

/**
 * How strongly a leaked row points at a patient: evidence per field, added as log-odds
 * (Fellegi and Sunter, 1969), turned into a confidence. A field the row lacks says
 * nothing; a field that disagrees counts against, less for what people change (phones,
 * e-mails, addresses) than for what they do not (birth date, NIR).
 */
export interface MatchScore {
  score: number;
  /** From 0 to 1: the logistic of the score around MATCH_AT. */
  confidence: number;
  /** The fields that agreed, for the case file ("names, birth date, postal code"). */
  agreed: string[];
}

/** A row is taken for a patient from this score on (names and birth date agreeing give 10). */
export const MATCH_AT = 8;

export function matchScore(row: LeakedRow, patient: fhir4.Patient): MatchScore {
  let score = 0;
  const agreed: string[] = [];
  const weigh = (field: string, similarity: number | undefined, weights: Array<[number, number]>, against: number) => {
    if (similarity === undefined) return;
    const weight = weights.find(([at]) => similarity >= at)?.[1];
    if (weight === undefined) {
      score += against;
      return;
    }
    score += weight;
    agreed.push(field);
  };
  const names = (patient.name ?? []).flatMap((name) => [name.family ?? '', ...(name.given ?? [])]).flatMap(nameWords);
  const leakedNames = row.names.flatMap(nameWords);
  weigh(
    'names',
    leakedNames.length && names.length ? nameSimilarity(leakedNames, names) : undefined,
    [
      [0.95, 5],
      [0.9, 4],
      [0.85, 2.5],
    ],
    -3,
  );
  weigh(
    'birth date',
    row.birthDate && patient.birthDate ? dateSimilarity(row.birthDate, patient.birthDate) : undefined,
    [
      [1, 5],
      [0.9, 3.5],
      [0.8, 3],
      [0.5, 0.5],
    ],
    -3,
  );
  const nir = patient.identifier?.find((id) => id.system === INS_NIR_SYSTEM)?.value;
  weigh(
    'NIR',
    row.nir && nir ? digitsSimilarity(row.nir, normaliseNir(nir)) : undefined,
    [
      [1, 12],
      [0.85, 6],
    ],
    -4,
  );
  const best = (values: string[], similarity: (value: string) => number) => (values.length ? Math.max(...values.map(similarity)) : undefined);
  const telecoms = (system: string) => (patient.telecom ?? []).filter((t) => t.system === system && t.value).map((t) => t.value!);
  weigh(
    'phone',
    row.phone ? best(telecoms('phone').map(normalisePhone), (phone) => digitsSimilarity(row.phone!, phone)) : undefined,
    [
      [1, 6],
      [0.85, 3],
    ],
    -0.5,
  );
  weigh('e-mail', row.email ? best(telecoms('email').map(normaliseEmail), (email) => (email === row.email ? 1 : 0)) : undefined, [[1, 6]], -0.5);
  const postals = (patient.address ?? []).flatMap((address) => (address.postalCode ? [normalisePostalCode(address.postalCode)] : []));
  weigh('postal code', row.postalCode ? best(postals, (postal) => (postal === row.postalCode ? 1 : 0)) : undefined, [[1, 2]], -0.5);
  return { score, confidence: 1 / (1 + Math.exp(-(score - MATCH_AT))), agreed };
}
