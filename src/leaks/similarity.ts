import { normaliseName } from '../domain/normalise.ts';

/**
 * How alike two values a leaked file and a record hold are, from 0 to 1: pure functions
 * for matching a published sample to patients (names retyped, accents lost, given and
 * family names swapped, a digit of a date or a phone mistyped).
 */

/** Jaro-Winkler similarity of two strings (Winkler 1990): 1 for equal, favouring a shared start. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j < Math.min(b.length, i + window + 1); j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = bMatched[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[j]) j++;
    if (a[i] !== b[j]) transpositions++;
    j++;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < Math.min(4, a.length, b.length) && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** The words of a name, normalised: "Jean-Pierre  LE GOFF" → ["JEAN", "PIERRE", "LE", "GOFF"]. */
export function nameWords(value: string): string[] {
  return value
    .split(/[\s\-'’,.]+/)
    .map(normaliseName)
    .filter((word) => word.length > 0);
}

/**
 * How alike two full names are, whatever the order of their words ("DUPONT Marie" and
 * "Marie Dupont") and whatever else either holds (a usage name, a second given name, the
 * words around a name in a forum post): the leaked words are paired with the record's,
 * best pairs first, each word once, and the two best pairs (one, for a single word) count.
 */
export function nameSimilarity(leaked: readonly string[], known: readonly string[]): number {
  if (leaked.length === 0 || known.length === 0) return 0;
  const pairs = leaked.flatMap((a, i) => known.map((b, j) => ({ i, j, similarity: jaroWinkler(a, b) }))).sort((x, y) => y.similarity - x.similarity);
  const usedLeaked = new Set<number>();
  const usedKnown = new Set<number>();
  const best: number[] = [];
  const wanted = Math.min(2, leaked.length, known.length);
  for (const pair of pairs) {
    if (usedLeaked.has(pair.i) || usedKnown.has(pair.j)) continue;
    usedLeaked.add(pair.i);
    usedKnown.add(pair.j);
    best.push(pair.similarity);
    if (best.length === wanted) break;
  }
  return best.reduce((sum, value) => sum + value, 0) / wanted;
}

/**
 * Two dates (YYYY-MM-DD) as a typist gets them wrong: equal (1), day and month swapped
 * (0.9), one digit off (0.8), same year and month (0.5), otherwise nothing.
 */
export function dateSimilarity(leaked: string, known: string): number {
  if (leaked === known) return 1;
  if (leaked.length !== 10 || known.length !== 10) return 0;
  const [ly, lm, ld] = leaked.split('-');
  const [ky, km, kd] = known.split('-');
  if (ly === ky && lm === kd && ld === km) return 0.9;
  let differing = 0;
  for (let i = 0; i < 10; i++) if (leaked[i] !== known[i]) differing++;
  if (differing === 1) return 0.8;
  return ly === ky && lm === km ? 0.5 : 0;
}

/** Digit strings (phones, NIRs) one mistyped or swapped pair apart score high; others by shared digits in place. */
export function digitsSimilarity(leaked: string, known: string): number {
  if (leaked === known) return leaked.length === 0 ? 0 : 1;
  if (leaked.length !== known.length || leaked.length === 0) return 0;
  const differing = [...leaked].filter((digit, i) => digit !== known[i]).length;
  const swapped = differing === 2 && [...leaked].some((digit, i) => digit !== known[i] && leaked[i + 1] === known[i] && known[i + 1] === digit);
  if (differing === 1 || swapped) return 0.85;
  return 0;
}
