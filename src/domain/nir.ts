/**
 * The NIR (numéro d'inscription au répertoire, "numéro de sécurité sociale"), the value
 * of the INS-NIR identifier. 15 characters:
 *
 *   sex(1) year(2) month(2) department(2) commune(3) order(3) key(2)
 *
 * Overseas departments (97x, 98x) use 3 digits of department and 2 of commune; people
 * born abroad have department 99 and the INSEE country code in the commune place.
 * The key is 97 − (the first 13 characters as a number, mod 97), where Corsica's
 * departments 2A and 2B are read as 19 and 18 (INSEE; the rule Ameli applies).
 */

export interface NirParts {
  /** 1 man, 2 woman. */
  sex: 1 | 2;
  /** Last two digits of the birth year. */
  year: string;
  /** 01–12, or 20–42 / 50–99 when the month was unknown at registration. */
  month: string;
  /** 2 characters (01–95, 2A, 2B, 99 abroad) or 3 overseas (971…). */
  department: string;
  /** Commune within the department, or country code when born abroad. */
  commune: string;
  /** Birth order number within the commune and month, 001–999. */
  order: string;
  key: string;
}

export type NirCheck = { ok: true; nir: string; parts: NirParts } | { ok: false; reason: string };

const NIR_CHARACTERS = /^\d{5}(?:\d{2}|2[AB])\d{8}$/;
const OVERSEAS_PREFIX = /^9[78]$/;

/** The two-digit key of a NIR's first 13 characters (Corsica: 2A → 19, 2B → 18). */
export function nirKey(first13: string): string {
  if (!/^\d{5}(?:\d{2}|2[AB])\d{6}$/.test(first13)) {
    throw new RangeError('nirKey needs the 13 first characters of a NIR (digits, 2A/2B as department)');
  }
  const department = first13.slice(5, 7);
  const numeric = first13.slice(0, 5) + (department === '2A' ? '19' : department === '2B' ? '18' : department) + first13.slice(7);
  const key = 97n - (BigInt(numeric) % 97n);
  return key.toString().padStart(2, '0');
}

/** Months a NIR may carry: real months, and the ranges INSEE uses when the month was unknown. */
export function isNirMonth(month: number): boolean {
  return (month >= 1 && month <= 12) || (month >= 20 && month <= 42) || (month >= 50 && month <= 99);
}

/** Checks a NIR (spaces allowed, letters of any case); says what is wrong in words. */
export function checkNir(value: string): NirCheck {
  if (typeof value !== 'string') return { ok: false, reason: 'a NIR must be a string' };
  const nir = value.replace(/\s+/g, '').toUpperCase();
  if (nir.length !== 15) return { ok: false, reason: `wrong length: a NIR has 15 characters (13 + a 2-digit key), not ${nir.length}` };
  if (!NIR_CHARACTERS.test(nir)) {
    return { ok: false, reason: 'bad characters: a NIR is made of digits, with 2A or 2B as the department for Corsica' };
  }
  const sex = nir[0];
  if (sex !== '1' && sex !== '2') return { ok: false, reason: `bad sex digit: the first digit must be 1 (man) or 2 (woman), not ${sex}` };
  const month = nir.slice(3, 5);
  if (!isNirMonth(Number(month))) return { ok: false, reason: `bad month: ${month} is not 01–12, 20–42 or 50–99` };
  const departmentLength = OVERSEAS_PREFIX.test(nir.slice(5, 7)) ? 3 : 2;
  const department = nir.slice(5, 5 + departmentLength);
  if (department === '00') return { ok: false, reason: 'bad department: 00 is not a department' };
  const order = nir.slice(10, 13);
  if (order === '000') return { ok: false, reason: 'bad order number: 000 is never issued' };
  const key = nir.slice(13);
  if (key !== nirKey(nir.slice(0, 13))) {
    return { ok: false, reason: 'bad key: the 2-digit key does not match the first 13 characters (look for a typo)' };
  }
  return {
    ok: true,
    nir,
    parts: { sex: sex === '1' ? 1 : 2, year: nir.slice(1, 3), month, department, commune: nir.slice(5 + departmentLength, 10), order, key },
  };
}

export interface NirInput {
  sex: 1 | 2;
  /** Full year (1992) or any year: only its last two digits are kept. */
  birthYear: number;
  /** 1–12, or a special month 20–42 / 50–99. */
  birthMonth: number;
  /** '01'…'95', '2A', '2B'; '971'…'976' overseas; '99' born abroad. */
  department: string;
  /** 3 digits (2 overseas); born abroad: the 3-digit INSEE country code (Spain 99134 → '134'). */
  commune: string | number;
  /** 1–999. */
  order: number;
}

const MAINLAND_DEPARTMENT = /^(?:0[1-9]|[1-8]\d|9[0-5]|2[AB]|99)$/;
const OVERSEAS_DEPARTMENT = /^97[1-6]$/;

/** A 15-character NIR with a valid key. Throws RangeError on an impossible input. */
export function makeNir(input: NirInput): string {
  const { sex, birthYear, birthMonth, department, commune, order } = input;
  if (sex !== 1 && sex !== 2) throw new RangeError(`sex must be 1 or 2, not ${String(sex)}`);
  if (!Number.isInteger(birthYear) || birthYear < 0) throw new RangeError(`bad birth year ${birthYear}`);
  if (!Number.isInteger(birthMonth) || !isNirMonth(birthMonth)) throw new RangeError(`bad birth month ${birthMonth}`);
  const communeLength = OVERSEAS_DEPARTMENT.test(department) ? 2 : MAINLAND_DEPARTMENT.test(department) ? 3 : 0;
  if (communeLength === 0) throw new RangeError(`bad department ${department}`);
  const communeText = String(commune).padStart(communeLength, '0');
  if (!new RegExp(`^\\d{${communeLength}}$`).test(communeText)) {
    throw new RangeError(`commune must be ${communeLength} digits in department ${department}, not ${String(commune)}`);
  }
  if (!Number.isInteger(order) || order < 1 || order > 999) throw new RangeError(`order must be 1–999, not ${order}`);
  const first13 =
    String(sex) + String(birthYear % 100).padStart(2, '0') + String(birthMonth).padStart(2, '0') + department + communeText + String(order).padStart(3, '0');
  return first13 + nirKey(first13);
}
