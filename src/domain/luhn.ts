/**
 * The Luhn (mod 10) check digit, used by the FINESS and RPPS numbers (and SIREN/SIRET).
 * It catches every single-digit error and most swaps of two adjacent digits.
 */

/** The check digit that makes `payload + digit` pass the Luhn test. `payload`: digits only. */
export function luhnCheckDigit(payload: string): number {
  if (!/^\d+$/.test(payload)) throw new RangeError('Luhn payload must be digits');
  let sum = 0;
  // The check digit will sit at the right, so the rightmost payload digit is doubled.
  for (let i = payload.length - 1, double = true; i >= 0; i--, double = !double) {
    let digit = payload.charCodeAt(i) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** Whether the last digit of `digits` is the Luhn check digit of the others. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  return luhnCheckDigit(digits.slice(0, -1)) === Number(digits.at(-1));
}
