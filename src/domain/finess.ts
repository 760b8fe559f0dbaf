import { luhnCheckDigit } from './luhn.ts';

/**
 * FINESS numbers (Fichier national des établissements sanitaires et sociaux): 9
 * characters, the department (2 characters, 2A/2B in Corsica, 97x overseas written
 * as "97" + digit), a serial, and a Luhn key on the last digit.
 *
 * Corsica: the Luhn test needs digits; we read A and B as 0, so "2A…" is keyed as "20…"
 * (what most public validators do). We found no official statement of the rule; if one
 * appears, only `luhnDigits` changes.
 */

export interface FinessParts {
  /** '01'…'95', '2A', '2B', or '971'…'976'. */
  department: string;
  serial: string;
  key: string;
}

export type FinessCheck = { ok: true; finess: string; parts: FinessParts } | { ok: false; reason: string };

const FINESS_CHARACTERS = /^(?:\d{2}|2[AB])\d{7}$/;

function luhnDigits(first8: string): string {
  return first8.replace(/[AB]/g, '0');
}

/** The check digit of a FINESS number's first 8 characters. */
export function finessKey(first8: string): string {
  if (!/^(?:\d{2}|2[AB])\d{6}$/.test(first8)) throw new RangeError('finessKey needs 8 characters: a department and a serial');
  return String(luhnCheckDigit(luhnDigits(first8)));
}

export function checkFiness(value: string): FinessCheck {
  if (typeof value !== 'string') return { ok: false, reason: 'a FINESS number must be a string' };
  const finess = value.replace(/\s+/g, '').toUpperCase();
  if (finess.length !== 9) return { ok: false, reason: `wrong length: a FINESS number has 9 characters, not ${finess.length}` };
  if (!FINESS_CHARACTERS.test(finess)) return { ok: false, reason: 'bad characters: digits only, with 2A or 2B as the department for Corsica' };
  if (finess.startsWith('00')) return { ok: false, reason: 'bad department: 00 is not a department' };
  if (finess.slice(8) !== finessKey(finess.slice(0, 8))) return { ok: false, reason: 'bad key: the last digit is not the Luhn key of the first 8' };
  const departmentLength = finess.startsWith('97') ? 3 : 2;
  return {
    ok: true,
    finess,
    parts: { department: finess.slice(0, departmentLength), serial: finess.slice(departmentLength, 8), key: finess.slice(8) },
  };
}

/** A FINESS number with a valid key: department + serial (zero-padded to fill 8 characters) + key. */
export function makeFiness(department: string, serial: number | string): string {
  if (!/^(?:0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])$/.test(department)) throw new RangeError(`bad department ${department}`);
  const serialLength = 8 - department.length;
  const serialText = String(serial).padStart(serialLength, '0');
  if (!new RegExp(`^\\d{${serialLength}}$`).test(serialText)) {
    throw new RangeError(`serial must be at most ${serialLength} digits for department ${department}, not ${String(serial)}`);
  }
  const first8 = department + serialText;
  return first8 + finessKey(first8);
}
