import { luhnCheckDigit, passesLuhn } from './luhn.ts';

/**
 * RPPS numbers (Répertoire partagé des professionnels de santé): 11 digits, the last a
 * Luhn key over the first 10. On a FHIR Practitioner the identifier value is the
 * IdNat_PS, "8" + the RPPS number (docs/data-model.md).
 */

export type RppsCheck = { ok: true; rpps: string } | { ok: false; reason: string };

export function checkRpps(value: string): RppsCheck {
  if (typeof value !== 'string') return { ok: false, reason: 'an RPPS number must be a string' };
  const rpps = value.replace(/\s+/g, '');
  if (rpps.length !== 11) return { ok: false, reason: `wrong length: an RPPS number has 11 digits, not ${rpps.length}` };
  if (!/^\d{11}$/.test(rpps)) return { ok: false, reason: 'bad characters: an RPPS number is digits only' };
  if (!passesLuhn(rpps)) return { ok: false, reason: 'bad key: the last digit is not the Luhn key of the first 10' };
  return { ok: true, rpps };
}

/** An RPPS number with a valid key from a 10-digit serial (zero-padded). */
export function makeRpps(serial10: string | number): string {
  const serial = String(serial10).padStart(10, '0');
  if (!/^\d{10}$/.test(serial)) throw new RangeError(`an RPPS serial has at most 10 digits, not ${String(serial10)}`);
  return serial + String(luhnCheckDigit(serial));
}

/** The IdNat_PS of a practitioner registered in RPPS: "8" + RPPS. */
export function idNatPs(rpps: string): string {
  return `8${rpps}`;
}

/** The RPPS number inside an IdNat_PS, if it is one ("8" + 11 digits with a valid key). */
export function rppsOfIdNatPs(idNat: string): string | undefined {
  if (!/^8\d{11}$/.test(idNat)) return undefined;
  const check = checkRpps(idNat.slice(1));
  return check.ok ? check.rpps : undefined;
}
