import { createHmac } from 'node:crypto';
import { normaliseEmail, normaliseName, normaliseNir, normalisePhone, normalisePostalCode } from '../domain/normalise.ts';
import { INS_NIR_SYSTEM } from '../domain/systems.ts';

/**
 * Blind indexes: a keyed HMAC-SHA256 of each normalised identifier, truncated to 64 bits
 * (one bigint in a GIN-indexed array). Equality search works without the database ever
 * holding the identifier; without the key the hashes cannot be tested against a list of
 * names or NIRs. Truncation makes rare false positives, which are removed after decryption.
 *
 * Names are also indexed by their prefixes of 3 to 20 letters, which gives FHIR's default
 * starts-with semantics for `family` and `given` from three letters on.
 */
export type IndexKind = 'family' | 'given' | 'birthdate' | 'nir' | 'ipp' | 'postal' | 'phone' | 'email';

export const PREFIX_MIN = 3;
export const PREFIX_MAX = 20;

export function blindTerm(key: Uint8Array, kind: string, normalised: string): bigint {
  const mac = createHmac('sha256', key).update(kind).update('\u0000').update(normalised).digest();
  return mac.readBigInt64BE(0);
}

/** The terms stored for one name: every prefix of 3..20 letters, and the whole name. */
export function nameTerms(key: Uint8Array, kind: 'family' | 'given', name: string): bigint[] {
  const value = normaliseName(name);
  if (!value) return [];
  const terms = [blindTerm(key, `${kind}=`, value)];
  for (let length = PREFIX_MIN; length <= Math.min(value.length, PREFIX_MAX); length++) {
    terms.push(blindTerm(key, kind, value.slice(0, length)));
  }
  return terms;
}

/**
 * The term to look up for a starts-with name search. Under three letters only the exact
 * name matches; past twenty letters the 20-letter prefix is looked up and the rest is
 * checked after decryption (`needsRecheck`).
 */
export function nameQueryTerm(key: Uint8Array, kind: 'family' | 'given', query: string, exact = false): { term: bigint; needsRecheck: boolean } | undefined {
  const value = normaliseName(query);
  if (!value) return undefined;
  if (exact || value.length < PREFIX_MIN) return { term: blindTerm(key, `${kind}=`, value), needsRecheck: false };
  return { term: blindTerm(key, kind, value.slice(0, PREFIX_MAX)), needsRecheck: value.length > PREFIX_MAX };
}

/** Birth dates are indexed at year, month and day precision (FHIR date search by prefix). */
export function birthDateTerms(key: Uint8Array, birthDate: string): bigint[] {
  return [4, 7, 10].filter((length) => birthDate.length >= length).map((length) => blindTerm(key, 'birthdate', birthDate.slice(0, length)));
}

export function patientSearchTerms(key: Uint8Array, patient: fhir4.Patient): bigint[] {
  const terms: bigint[] = [];
  for (const name of patient.name ?? []) {
    if (name.family) terms.push(...nameTerms(key, 'family', name.family));
    for (const given of name.given ?? []) terms.push(...nameTerms(key, 'given', given));
  }
  if (patient.birthDate) terms.push(...birthDateTerms(key, patient.birthDate));
  for (const identifier of patient.identifier ?? []) {
    if (!identifier.value) continue;
    if (identifier.system === INS_NIR_SYSTEM) terms.push(blindTerm(key, 'nir', normaliseNir(identifier.value)));
    else terms.push(blindTerm(key, 'ipp', `${identifier.system ?? ''}|${identifier.value}`));
  }
  for (const address of patient.address ?? []) {
    if (address.postalCode) terms.push(blindTerm(key, 'postal', normalisePostalCode(address.postalCode)));
  }
  for (const telecom of patient.telecom ?? []) {
    if (!telecom.value) continue;
    if (telecom.system === 'phone') terms.push(blindTerm(key, 'phone', normalisePhone(telecom.value)));
    if (telecom.system === 'email') terms.push(blindTerm(key, 'email', normaliseEmail(telecom.value)));
  }
  return [...new Set(terms)];
}
