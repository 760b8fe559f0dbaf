/**
 * Normal forms for search and blind indexes: two spellings a person would call the same
 * must give the same string ("Lefèvre", "LEFEVRE", "le fèvre"), since only the keyed
 * hash of the normal form is stored (src/crypto/blind-index.ts). Changing a normal form
 * changes every stored index term: re-index when you do.
 */

/** Letters that NFD does not decompose into a base letter and an accent. */
const UNDECOMPOSABLE: Readonly<Record<string, string>> = {
  Œ: 'OE',
  œ: 'OE',
  Æ: 'AE',
  æ: 'AE',
  ß: 'SS',
  ẞ: 'SS',
  Ø: 'O',
  ø: 'O',
  Ł: 'L',
  ł: 'L',
  Đ: 'D',
  đ: 'D',
  Þ: 'TH',
  þ: 'TH',
  ı: 'I',
};

/** Uppercase ASCII letters only: accents stripped, ligatures spelled out, apostrophes, hyphens and spaces dropped. */
export function normaliseName(value: string): string {
  return value
    .replace(/[ŒœÆæßẞØøŁłĐđÞþı]/g, (letter) => UNDECOMPOSABLE[letter]!)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
}

/**
 * Overseas departments dial their own country codes (ARCEP numbering plan): a national
 * number "0692 …" is "+262 692 …" in E.164, not "+33 692 …".
 */
const OVERSEAS_PREFIXES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(?:590|690|691)/, '590'], // Guadeloupe, Saint-Martin, Saint-Barthélemy
  [/^(?:594|694)/, '594'], // Guyane
  [/^(?:596|696|697)/, '596'], // Martinique
  [/^(?:262|263|692|693|269|639)/, '262'], // La Réunion, Mayotte
  [/^508/, '508'], // Saint-Pierre-et-Miquelon
];

/**
 * French numbers in E.164: "06 12 34 56 78", "+33 6 12 34 56 78", "0033 6 12 34 56 78" and
 * "+33 (0)6 12 34 56 78" all give "+33612345678". Other international numbers keep their
 * digits after "+"; anything else is returned as its digits.
 */
export function normalisePhone(value: string): string {
  const compact = value.replace(/\(0\)/g, '').replace(/[^\d+]/g, '');
  const international = compact.startsWith('+') ? compact.slice(1).replace(/\D/g, '') : compact.startsWith('00') ? compact.slice(2) : undefined;
  if (international !== undefined) {
    // "+33 0 6 …": a national trunk 0 kept by mistake after the country code.
    return '+' + (/^330\d{9}$/.test(international) ? '33' + international.slice(3) : international);
  }
  const digits = compact.replace(/\D/g, '');
  if (/^0\d{9}$/.test(digits)) {
    const national = digits.slice(1);
    const overseas = OVERSEAS_PREFIXES.find(([prefix]) => prefix.test(national));
    return `+${overseas ? overseas[1] : '33'}${national}`;
  }
  return digits;
}

export function normaliseEmail(value: string): string {
  return value.trim().toLowerCase();
}

/** "13 005" → "13005"; letters (foreign codes) uppercased. */
export function normalisePostalCode(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/** "2 92 02 2a 055 042 74" → "292022A05504274": what checkNir reads. */
export function normaliseNir(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}
