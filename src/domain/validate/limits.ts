/**
 * The longest text Vigie keeps in each kind of element, in UTF-16 code units, in one
 * place. Past it a write is a 400 (issue code `too-long`), not a row that bloats every
 * page, export and backup it lands in: a family name of a megabyte is an attack or an
 * accident, never a name. Bounds are generous for real French records (INSEE allows
 * 38 characters per address line on a letter; a long hyphenated name runs to 60).
 */
export const TEXT_LIMITS = {
  /** HumanName.family, given, prefix, suffix and text. */
  namePart: 200,
  /** Address.line and Address.text. */
  addressLine: 1_000,
  /** Address.city, district, state, postalCode and country. */
  addressPart: 200,
  /** ContactPoint.value: a phone number or an email address (RFC 5321 allows 254). */
  telecom: 320,
  /** Identifier.value: an NIR has 15 characters, an IPP a few dozen. */
  identifier: 200,
  /** Codes, ids of code systems and versions. */
  code: 200,
  /** URIs: code systems, extension URLs, attachment links. */
  uri: 2_000,
  /** Any other text: free-text notes, reasons, descriptions, dosage instructions. */
  note: 10_000,
  /** A resource's XHTML narrative. */
  narrative: 100_000,
} as const;
