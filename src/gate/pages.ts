import type { Decision } from '../access/rules.ts';
import type { ClinicalRow } from '../store/patient-rows/clinical.ts';
import type { PatientRow } from '../store/patient-rows/patients.ts';

export interface PageRequest {
  count: number;
  /** Keyset cursor: the id after which the page starts. */
  after?: string | undefined;
}

export interface Page<T> {
  resources: T[];
  /** Cursor of the next page, when there may be one. */
  next?: string | undefined;
  /** Why each patient disclosed may be seen (the decision recorded in the ledger), by patient id. */
  reasons?: ReadonlyMap<string, Decision>;
}

/** Keyset paging: a full page may have a next one, which starts after its last id. */
export function nextCursor(rows: ReadonlyArray<PatientRow | ClinicalRow>, count: number): string | undefined {
  return rows.length === count ? rows.at(-1)!.id : undefined;
}
