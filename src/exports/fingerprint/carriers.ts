import type { Purpose } from '../purposes.ts';

/**
 * Where an export hides its mark. Each carrier is a keyed choice that only Vigie, holding
 * the export's mark key, can recompute; in a file that did not come from the export, each
 * choice matches by chance with a known probability, which is what attribution bounds.
 * - `pseudonym-tag`: the last 40 bits of every pseudonym are a keyed tag of the first 80;
 * - `csv-quoting`: a cell that needs no quotes is quoted or not, by a keyed bit of its text
 *   (RFC 4180 reads both the same);
 * - `key-order`: the members of a JSON object come in a keyed order (JSON objects are
 *   unordered, RFC 8259 §4; `resourceType` stays first);
 * - `seconds`: the seconds of a time, which French charts record to the minute, are keyed —
 *   a perturbation below the data's precision, only where the purpose tolerates one;
 * - `honey-rows`: a few synthetic patients of this export only, where the purpose tolerates
 *   them (a research cohort; never a bill, a patient's care, a migration or a court).
 */
export const CARRIERS = ['pseudonym-tag', 'csv-quoting', 'key-order', 'seconds', 'honey-rows'] as const;
export type Carrier = (typeof CARRIERS)[number];

/** Purposes whose data may be perturbed below its precision, and carry a few synthetic rows. */
const PERTURBABLE: readonly Purpose[] = ['research', 'other'];

export function carriersOf(purpose: Purpose, fields: 'pseudonymised' | 'identified', format: 'ndjson' | 'csv'): Carrier[] {
  const carriers: Carrier[] = [format === 'csv' ? 'csv-quoting' : 'key-order'];
  if (fields === 'pseudonymised') carriers.push('pseudonym-tag');
  if (fields === 'pseudonymised' && PERTURBABLE.includes(purpose)) carriers.push('seconds', 'honey-rows');
  return carriers;
}

/** Honey rows in an export of so many patients: a few, one more per thousand, twenty at most. */
export const honeyRowsFor = (patients: number): number => Math.min(20, 2 + Math.floor(patients / 1000));
