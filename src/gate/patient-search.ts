import { birthDateTerms, blindTerm, nameQueryTerm } from '../crypto/blind-index.ts';
import { normaliseEmail, normaliseName, normaliseNir, normalisePhone, normalisePostalCode } from '../domain/normalise.ts';
import { INS_NIR_SYSTEM } from '../domain/systems.ts';
import { invalidParameter } from '../domain/refusals.ts';

/** What a Patient search may ask (FHIR search parameters, already parsed by the API). */
export interface PatientCriteria {
  family?: string | undefined;
  given?: string | undefined;
  birthdate?: string | undefined;
  identifier?: string | undefined;
  postalCode?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
}

export interface PatientQuery {
  /** Blind-index terms a row must all hold. */
  terms: bigint[];
  /**
   * An identity lookup — exact NIR, or exact family and given names with the full birth
   * date — is how admissions find an existing patient: it may reach beyond the actor's
   * care relationships, for a handful of matches at most.
   */
  identityLookup: 'nir' | 'name-and-birth-date' | undefined;
  /** Exact check on the decrypted resource: removes truncated-hash false positives. */
  matches(patient: fhir4.Patient): boolean;
}

const BIRTHDATE = /^(?:eq)?(\d{4}(?:-\d{2}(?:-\d{2})?)?)$/;
const NIR_SHAPE = /^[12378]\d{2}(?:0[1-9]|1[0-2]|[2-9]\d)(?:\d{2}|2[AB])\d{8}$/;

export function patientQuery(indexKey: Uint8Array, criteria: PatientCriteria): PatientQuery {
  const terms: bigint[] = [];
  const checks: Array<(patient: fhir4.Patient) => boolean> = [];
  const identityLookup = identityLookupKind(criteria);

  for (const kind of ['family', 'given'] as const) {
    const query = criteria[kind];
    if (query === undefined) continue;
    const lookup = nameQueryTerm(indexKey, kind, query, identityLookup === 'name-and-birth-date');
    if (!lookup) throw invalidParameter(`Parameter ${kind} must contain letters`, kind);
    terms.push(lookup.term);
    const wanted = normaliseName(query);
    const exact = wanted.length < 3 || identityLookup === 'name-and-birth-date';
    checks.push((patient) => namesOf(patient, kind).some((name) => (exact ? name === wanted : name.startsWith(wanted))));
  }

  if (criteria.birthdate !== undefined) {
    const date = BIRTHDATE.exec(criteria.birthdate)?.[1];
    if (!date) throw invalidParameter('Parameter birthdate must be YYYY, YYYY-MM or YYYY-MM-DD (prefix eq only)', 'birthdate');
    terms.push(birthDateTerms(indexKey, date).at(-1)!);
    checks.push((patient) => patient.birthDate?.startsWith(date) ?? false);
  }

  if (criteria.identifier !== undefined) {
    const { term, check } = identifierLookup(indexKey, criteria.identifier);
    terms.push(term);
    checks.push(check);
  }

  const telecomCriteria = [
    ['postalCode', 'postal', normalisePostalCode, (p: fhir4.Patient) => (p.address ?? []).map((a) => a.postalCode ?? '')],
    ['phone', 'phone', normalisePhone, (p: fhir4.Patient) => telecoms(p, 'phone')],
    ['email', 'email', normaliseEmail, (p: fhir4.Patient) => telecoms(p, 'email')],
  ] as const;
  for (const [parameter, kind, normalise, valuesOf] of telecomCriteria) {
    const query = criteria[parameter];
    if (query === undefined) continue;
    const wanted = normalise(query);
    if (!wanted) throw invalidParameter(`Parameter ${parameter} is empty`, parameter);
    terms.push(blindTerm(indexKey, kind, wanted));
    checks.push((patient) => valuesOf(patient).some((value) => normalise(value) === wanted));
  }

  return { terms, identityLookup, matches: (patient) => checks.every((check) => check(patient)) };
}

function identityLookupKind(criteria: PatientCriteria): PatientQuery['identityLookup'] {
  const bar = criteria.identifier?.indexOf('|') ?? -1;
  if (criteria.identifier !== undefined && (bar <= 0 || criteria.identifier.slice(0, bar) === INS_NIR_SYSTEM)) return 'nir';
  if (criteria.family && criteria.given && /^(?:eq)?\d{4}-\d{2}-\d{2}$/.test(criteria.birthdate ?? '')) return 'name-and-birth-date';
  return undefined;
}

function identifierLookup(indexKey: Uint8Array, token: string): { term: bigint; check: (p: fhir4.Patient) => boolean } {
  const bar = token.indexOf('|');
  const system = bar >= 0 ? token.slice(0, bar) : undefined;
  const value = bar >= 0 ? token.slice(bar + 1) : token;
  if (!value) throw invalidParameter('Parameter identifier needs a value', 'identifier');
  if (!system || system === INS_NIR_SYSTEM) {
    const nir = normaliseNir(value);
    if (!NIR_SHAPE.test(nir)) {
      throw invalidParameter('Parameter identifier: a value without system must be a NIR (15 characters); use system|value for an IPP', 'identifier');
    }
    return {
      term: blindTerm(indexKey, 'nir', nir),
      check: (p) => (p.identifier ?? []).some((id) => id.system === INS_NIR_SYSTEM && normaliseNir(id.value ?? '') === nir),
    };
  }
  return {
    term: blindTerm(indexKey, 'ipp', `${system}|${value}`),
    check: (p) => (p.identifier ?? []).some((id) => id.system === system && id.value === value),
  };
}

function namesOf(patient: fhir4.Patient, kind: 'family' | 'given'): string[] {
  return (patient.name ?? []).flatMap((name) => (kind === 'family' ? [name.family ?? ''] : (name.given ?? []))).map(normaliseName);
}

function telecoms(patient: fhir4.Patient, system: 'phone' | 'email'): string[] {
  return (patient.telecom ?? []).filter((t) => t.system === system).map((t) => t.value ?? '');
}
