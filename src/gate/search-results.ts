import type { Decision } from '../access/rules.ts';
import type { KeyRing } from '../crypto/key-ring.ts';
import type { Actor } from '../domain/actor.ts';
import type { AuditEntry } from '../ledger/append.ts';
import type { FoundPatientRow } from '../store/patient-rows/search.ts';
import { openResource } from './codec.ts';
import { auditOf } from './entries.ts';
import type { PatientCriteria, PatientQuery } from './patient-search.ts';

/** An identity lookup returns at most this many patients, whoever asks. */
export const IDENTITY_LOOKUP_MAX = 5;

export interface Found<R extends FoundPatientRow = FoundPatientRow> {
  row: R;
  patient: fhir4.Patient;
}

/** The patients a search's rows hold: opened, and checked exactly against what was asked (the blind index's terms are truncated hashes). */
export function openFound<R extends FoundPatientRow>(keys: KeyRing, rows: readonly R[], query: PatientQuery): Array<Found<R>> {
  const lookup = query.identityLookup;
  return (
    rows
      .map((row) => ({ row, patient: openResource<fhir4.Patient>(keys, 'Patient', row) }))
      // A honey record answers only to its exact identity (or its id): never to the partial names an honest search types.
      .filter(({ row, patient }) => (!row.honey || lookup) && query.matches(patient))
      .slice(0, lookup ? IDENTITY_LOOKUP_MAX : undefined)
  );
}

/** One entry per patient a search disclosed, naming the parameters asked (never their values). */
export function searchEntries(actor: Actor, criteria: PatientCriteria, disclosed: ReadonlyArray<Found & { decision: Decision }>): AuditEntry[] {
  return disclosed.map(({ row, decision }) =>
    auditOf(actor, 'search', decision, 'Patient', row.id, row.id, row.establishment_id, { criteria: Object.keys(criteria) }),
  );
}
